import type { ReactNode } from 'react';
import { SCALE_LABEL } from '@/lib/labels';
import { formatDate, formatDateTime, type LoopState } from '@/lib/loop';
import { ScoreBadge } from './ScoreBadge';
import { SlaCountdown } from './SlaCountdown';
import { Timeline } from './Timeline';
import { Escalations, Guidance } from './Guidance';

export interface SidebarProps {
  /** null while the page has not said which record it shows, or it shows none */
  recordLabel: string | null;
  loading: boolean;
  error: string | null;
  loops: readonly LoopState[];
  now: number;
  timeZone: string;
  importUrl: string;
  collapsed: boolean;
  onCollapse(collapsed: boolean): void;
  /** the outcome form, given by the container so this component stays free of messaging */
  outcomeForm: ReactNode;
  /** closing, reopening and the root cause of the latest loop, open or closed */
  loopActions?: ReactNode;
}

/** Verbatims are customer-written: always text nodes, line breaks kept by CSS, never HTML. */
function Verbatim({ text }: { text: string }) {
  if (!text.trim())
    return (
      <p className="verbatim verbatim--none" data-testid="verbatim">
        No comment given.
      </p>
    );
  return (
    <blockquote className="verbatim" data-testid="verbatim">
      {text}
    </blockquote>
  );
}

export function Sidebar(props: SidebarProps) {
  const { loops, now, timeZone, collapsed, onCollapse } = props;
  if (collapsed) {
    const latest = loops[0];
    return (
      <aside aria-label="Loopside feedback" className="sidebar sidebar--collapsed">
        <button type="button" className="tab-button" aria-expanded="false" onClick={() => onCollapse(false)}>
          <span className="tab-button__label">Loopside</span>
          {latest ? <span className="tab-button__score">{latest.response.score}</span> : null}
          <span className="visually-hidden">Expand the feedback sidebar</span>
        </button>
      </aside>
    );
  }
  const [latest, ...earlier] = loops;
  let body: ReactNode;
  if (props.error)
    body = (
      <p className="error" role="alert">
        {props.error}
      </p>
    );
  else if (props.loading) body = <p className="muted">Reading the record…</p>;
  else if (!latest)
    body = (
      <p className="empty" data-testid="empty">
        No feedback for this record yet.{' '}
        <a href={props.importUrl} target="_blank" rel="noreferrer">
          Import survey responses
        </a>
      </p>
    );
  else
    body = (
      <>
        <section aria-labelledby="latest-heading" className="latest">
          <h2 id="latest-heading" className="section-title">
            Latest response · {formatDate(latest.response.respondedAt, timeZone)}
          </h2>
          <ScoreBadge score={latest.response.score} scale={latest.response.scale} route={latest.route} />
          {latest.severity === 'critical' ? <p className="critical">▲ Critical score</p> : null}
          <Verbatim text={latest.response.comment} />
          <p className="next-action" data-testid="next-action">
            <strong>Next:</strong> {latest.nextAction.text}
          </p>
        </section>
        <SlaCountdown loop={latest} now={now} timeZone={timeZone} />
        <Escalations escalations={latest.escalations} />
        {latest.status === 'open' ? props.outcomeForm : null}
        {props.loopActions}
        {latest.status === 'open' ? <Guidance loop={latest} /> : null}
        <section aria-labelledby="timeline-heading">
          <h2 id="timeline-heading" className="section-title">
            Timeline
          </h2>
          <Timeline events={latest.events} timeZone={timeZone} />
        </section>
        {earlier.length > 0 ? (
          <section aria-labelledby="earlier-heading">
            <h2 id="earlier-heading" className="section-title">
              Earlier responses
            </h2>
            <ul className="earlier" data-testid="earlier">
              {earlier.map((loop) => (
                <li key={loop.loopId}>
                  <span className="earlier__score">
                    {SCALE_LABEL[loop.response.scale]} {loop.response.score}
                  </span>{' '}
                  <span className="muted">{formatDateTime(loop.response.respondedAt, timeZone)}</span>
                  {loop.response.comment ? <span className="earlier__comment">{loop.response.comment}</span> : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </>
    );
  return (
    <aside aria-label="Loopside feedback" className="sidebar">
      <header className="sidebar__header">
        <h1 className="sidebar__title">
          Loopside{props.recordLabel ? <span className="sidebar__record"> · {props.recordLabel}</span> : null}
        </h1>
        <button type="button" className="button button--ghost" aria-expanded="true" onClick={() => onCollapse(true)}>
          Collapse
        </button>
      </header>
      <div className="sidebar__body">{body}</div>
    </aside>
  );
}
