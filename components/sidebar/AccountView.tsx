import { ROUTE_LABEL, SCALE_LABEL, SLA_STATE_ICON, SLA_STATE_LABEL } from '@/lib/labels';
import { formatDateTime, formatDuration, formatLeftOrOverdue } from '@/lib/loop';
import { ACCOUNT_RULE_LABEL, ACCOUNT_SCORE_WINDOW_DAYS, type AccountLoopRow, type AccountView as View } from '@/lib/view/account-view';
import { ROUTE_SHAPE } from '@/lib/view/tab-summary';

interface Props {
  view: View;
  now: number;
  timeZone: string;
  ownerName(email: string): string;
  /** the contact's record page when the loop carries its CRM id on this CRM */
  recordUrl(row: AccountLoopRow): string | null;
  /** opens the contact's record through the background (found by e-mail) when there is no URL */
  openRecord(row: AccountLoopRow): void;
}

function scoreText(view: View): string {
  if (!view.score) return '—';
  const { scale, value } = view.score;
  return scale === 'nps' ? `NPS ${value > 0 ? '+' : ''}${value}` : `${SCALE_LABEL[scale]} ${value.toFixed(1)}`;
}

function Row({
  row,
  now,
  timeZone,
  owner,
  url,
  open,
}: {
  row: AccountLoopRow;
  now: number;
  timeZone: string;
  owner: string;
  url: string | null;
  open(): void;
}) {
  const untouched = row.slaState === 'on_track' || row.slaState === 'near_breach' || row.slaState === 'breached';
  const content = (
    <>
      <span className="account__loop-name">
        <span className="customer-text" lang="und" dir="auto">
          {row.contact}
        </span>{' '}
        · {SCALE_LABEL[row.scale]} {row.score}
        {row.critical ? <strong className="critical"> · ▲ Critical</strong> : null}
      </span>
      <span className="account__loop-line">
        <span aria-hidden="true">{ROUTE_SHAPE[row.route]}</span> {ROUTE_LABEL[row.route]} ·{' '}
        <span className="account__loop-state">
          <span aria-hidden="true">{SLA_STATE_ICON[row.slaState]}</span> {SLA_STATE_LABEL[row.slaState]}
          {untouched ? ` · ${formatLeftOrOverdue(row.dueAt - now, formatDuration)}` : ''}
        </span>
      </span>
      <span className="account__loop-line">
        Owner: {owner} · due {formatDateTime(row.dueAt, timeZone)}
      </span>
    </>
  );
  return (
    <li className={`account__loop account__loop--${row.route} account__loop--${row.slaState}`} data-testid="account-loop">
      {url ? (
        <a href={url} target="_top">
          {content}
        </a>
      ) : (
        <a
          href="#open"
          onClick={(e) => {
            e.preventDefault();
            open();
          }}
        >
          {content}
        </a>
      )}
    </li>
  );
}

/** A company, deal, account or opportunity: the open loops of its contacts, its score and what is at risk. */
export function AccountView({ view, now, timeZone, ownerName, recordUrl, openRecord }: Props) {
  if (!view.rule)
    return (
      <p className="empty" data-testid="empty">
        No feedback from this account’s contacts yet (looked for its CRM id, its company name and its web domain).
      </p>
    );
  return (
    <section aria-labelledby="account-heading" className="account" data-testid="account-view">
      <h2 id="account-heading" className="section-title">
        Account · open loops of its contacts
      </h2>
      <p className="account__rule" data-testid="account-rule">
        {ACCOUNT_RULE_LABEL[view.rule]}
      </p>
      <dl className="account__summary">
        <div>
          <dt>Score, {ACCOUNT_SCORE_WINDOW_DAYS} days</dt>
          <dd data-testid="account-score">{scoreText(view)}</dd>
        </div>
        <div>
          <dt>Responses</dt>
          <dd data-testid="account-count">{view.score?.count ?? 0}</dd>
        </div>
        <div>
          <dt>Revenue at risk</dt>
          <dd data-testid="account-revenue">
            {view.revenueAtRisk === null ? 'Not in the data' : view.revenueAtRisk.toLocaleString('en-US')}
          </dd>
        </div>
      </dl>
      {view.open.length === 0 ? (
        <p className="muted">No open loops: every contact’s feedback has been closed.</p>
      ) : (
        <ul className="account__loops" aria-label={`Open loops, worst first (${view.open.length})`}>
          {view.open.map((row) => (
            <Row
              key={row.loopId}
              row={row}
              now={now}
              timeZone={timeZone}
              owner={row.owner ? ownerName(row.owner) : 'unassigned'}
              url={recordUrl(row)}
              open={() => openRecord(row)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
