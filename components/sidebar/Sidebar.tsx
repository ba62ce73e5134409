import { useRef, type ReactNode, useLayoutEffect } from 'react';
import { SCALE_LABEL } from '@/lib/labels';
import { formatDateTime, type LoopState } from '@/lib/loop';
import { tabSummary } from '@/lib/view/tab-summary';
import { FirstLine } from './FirstLine';
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
  /** shown as the slim tab: the content script gave the frame a tab's width */
  collapsed: boolean;
  onCollapse(collapsed: boolean): void;
  /** the toggle was just used: the toggle of the state asked for takes the focus over, once it shows */
  toggleFocusTarget?: 'tab' | 'full' | null;
  onToggleFocused?(): void;
  /** the loop owner's name as the directory knows it (the e-mail otherwise) */
  ownerName?: (email: string) => string;
  /** the outcome form, given by the container so this component stays free of messaging */
  outcomeForm: ReactNode;
  /** closing, reopening and the root cause of the latest loop, open or closed */
  loopActions?: ReactNode;
  /** shown instead of the record's own loops on company, deal, account and opportunity records */
  accountView?: ReactNode;
}

/** Verbatims are customer-written: always text nodes, any script, line breaks kept by CSS, never HTML. */
function Verbatim({ text }: { text: string }) {
  if (!text.trim())
    return (
      <p className="verbatim verbatim--none" data-testid="verbatim">
        No comment given.
      </p>
    );
  return (
    // Focusable: a long comment scrolls inside its box, and a keyboard must be able to scroll it.
    <blockquote className="verbatim customer-text" lang="und" dir="auto" tabIndex={0} data-testid="verbatim">
      {text}
    </blockquote>
  );
}

/** The collapsed sidebar: the route's colour and shape and the clock, in a 44 px tab. */
function Tab(props: { loop: LoopState | undefined; now: number; onExpand(): void; takeFocus: boolean; onFocused?(): void }) {
  const { loop, now, onExpand, takeFocus, onFocused } = props;
  const summary = tabSummary(loop, now);
  const ref = useRef<HTMLButtonElement>(null);
  // Focus moves as the tab is drawn (a layout effect), before the next key is read.
  useLayoutEffect(() => {
    if (!takeFocus) return;
    ref.current?.focus();
    onFocused?.();
  }, [takeFocus, onFocused]);
  return (
    <main aria-label="Loopside feedback" className="sidebar sidebar--collapsed">
      <button
        ref={ref}
        type="button"
        className={`tab-button${summary.route ? ` tab-button--${summary.route}` : ''}`}
        aria-expanded="false"
        aria-label={summary.label}
        data-testid="tab"
        onClick={onExpand}
      >
        {summary.shape ? (
          <span className="tab-button__shape" aria-hidden="true">
            {summary.shape}
          </span>
        ) : null}
        <span className="tab-button__text" aria-hidden="true">
          {summary.text}
        </span>
      </button>
    </main>
  );
}

export function Sidebar(props: SidebarProps) {
  const { loops, now, timeZone, collapsed, onCollapse } = props;
  const collapseRef = useRef<HTMLButtonElement>(null);
  const target = props.toggleFocusTarget ?? null;
  const { onToggleFocused } = props;
  useLayoutEffect(() => {
    if (collapsed || target !== 'full') return;
    collapseRef.current?.focus();
    onToggleFocused?.();
  }, [collapsed, target, onToggleFocused]);

  if (collapsed)
    return (
      <Tab
        loop={props.accountView ? undefined : loops[0]}
        now={now}
        onExpand={() => onCollapse(false)}
        takeFocus={target === 'tab'}
        onFocused={onToggleFocused}
      />
    );
  const [latest, ...earlier] = loops;
  const ownerOf = (loop: LoopState) => (loop.ownerEmail ? (props.ownerName?.(loop.ownerEmail) ?? loop.ownerEmail) : null);
  let body: ReactNode;
  if (props.error)
    body = (
      <p className="error" role="alert" data-testid="read-error">
        {props.error}
      </p>
    );
  else if (props.loading) body = <p className="muted">Reading the record…</p>;
  else if (props.accountView) body = props.accountView;
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
        <FirstLine loop={latest} now={now} timeZone={timeZone} owner={ownerOf(latest)} />
        <Verbatim text={latest.response.comment} />
        <p className="next-action" data-testid="next-action">
          <strong>Next:</strong> {latest.nextAction.text}
        </p>
        {latest.status === 'open' ? props.outcomeForm : null}
        {latest.status === 'open' ? <Guidance loop={latest} /> : null}
        <Escalations escalations={latest.escalations} />
        {props.loopActions}
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
                  {loop.response.comment ? (
                    <span className="earlier__comment customer-text" lang="und" dir="auto">
                      {loop.response.comment}
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </>
    );
  return (
    <main aria-label="Loopside feedback" className="sidebar">
      <header className="sidebar__header">
        <h1 className="sidebar__title">
          Loopside{props.recordLabel ? <span className="sidebar__record"> · {props.recordLabel}</span> : null}
        </h1>
        <button ref={collapseRef} type="button" className="button button--ghost" aria-expanded="true" onClick={() => onCollapse(true)}>
          Collapse
        </button>
      </header>
      <div className="sidebar__body">{body}</div>
    </main>
  );
}
