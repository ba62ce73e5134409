import { SCALE_LABEL, SLA_STATE_ICON, SLA_STATE_LABEL } from '@/lib/labels';
import { formatCountdown, formatDate, formatDateTime, formatLeftOrOverdue, type LoopState } from '@/lib/loop';
import { ScoreBadge } from './ScoreBadge';

/**
 * Everything needed to decide what to do, on one line: score, route, the clock's state and its
 * countdown. The due time and owner follow in small print. The state is spelled out and carries a
 * shape, never colour alone; the ticking figure is not announced every second (role="timer"), and a
 * closed loop shows no countdown (its clock has stopped).
 */
export function FirstLine({ loop, now, timeZone, owner }: { loop: LoopState; now: number; timeZone: string; owner: string | null }) {
  const { state, dueAt } = loop.sla;
  const untouchedOpen = loop.status === 'open' && loop.firstTouchAt === undefined;
  return (
    <section aria-label="Latest loop" className={`first-line sla--${state}`}>
      <div className="first-line__row">
        <ScoreBadge score={loop.response.score} scale={loop.response.scale} route={loop.route} />
        <p className="sla__state" data-testid="sla-state">
          <span aria-hidden="true" className="sla__icon">
            {SLA_STATE_ICON[state]}
          </span>{' '}
          {SLA_STATE_LABEL[state]}
        </p>
        {untouchedOpen ? (
          <p className="sla__countdown" role="timer" data-testid="sla-countdown">
            {formatLeftOrOverdue(dueAt - now, formatCountdown)}
          </p>
        ) : null}
      </div>
      <p className="first-line__detail" data-testid="sla-due">
        {loop.severity === 'critical' ? <strong className="critical">▲ Critical · </strong> : null}
        {untouchedOpen
          ? `First touch due ${formatDateTime(dueAt, timeZone)} (${timeZone})`
          : loop.firstTouchAt !== undefined
            ? `Touched ${formatDateTime(loop.firstTouchAt, timeZone)} · was due ${formatDateTime(dueAt, timeZone)}`
            : `No touch was logged · was due ${formatDateTime(dueAt, timeZone)}`}
      </p>
      <p className="first-line__detail" data-testid="owner">
        Owner: {owner ?? 'unassigned'} · {SCALE_LABEL[loop.response.scale]} {formatDate(loop.response.respondedAt, timeZone)}
      </p>
    </section>
  );
}
