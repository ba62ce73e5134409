import { useEffect, useId, useRef, useState } from 'react';
import type { LoopState, TerminalState } from '@/lib/loop';
import type { LoopAction } from '@/lib/messaging/protocol';
import { formatDateTime } from '@/lib/loop';
import { CLOSE_LABEL } from '@/lib/labels';
import { useLoopCommand, type ActStep } from './finish-command';
import type * as FinishForms from './finish-forms';

export type { ActStep } from './finish-command';

type Forms = typeof FinishForms;
let forms: Forms | null = null;
let formsLoading: Promise<Forms> | null = null;

/**
 * The forms' code, fetched once per sidebar when first wanted: a pointer over or focus on one of
 * the buttons starts it, so by the click it is usually there. A failed fetch may be tried again.
 */
export function loadFinishForms(): Promise<Forms> {
  formsLoading ??= import('./finish-forms').then(
    (loaded) => (forms = loaded),
    (error: unknown) => {
      formsLoading = null;
      throw error;
    },
  );
  return formsLoading;
}
const prefetchForms = () => void loadFinishForms().catch(() => {});

interface Props {
  loop: LoopState;
  timeZone: string;
  /** sends the steps in order; rejects with the reason shown to the person */
  act(steps: ActStep[]): Promise<void>;
}

type Panel = 'close' | 'reopen' | 'cause';

function latestRootCause(loop: LoopState): { category: string; note?: string } | null {
  const event = loop.events.findLast((e) => e.type === 'reason_set');
  return event && event.type === 'reason_set' ? { category: event.category, ...(event.note ? { note: event.note } : {}) } : null;
}

/**
 * Ending a loop, reopening it, and naming its root cause, one form at a time. Every end needs a
 * reason the rep types (plain text, rendered as text). Focus follows the work: into a form when
 * it opens, back to its button when it is cancelled, and to the loop's new state once the
 * background confirms.
 */
export function FinishLoop({ loop, timeZone, act }: Props) {
  const id = useId();
  const open = loop.status === 'open';
  const [panel, setPanel] = useState<Panel | null>(null);
  const command = useLoopCommand(act);
  const { forget } = command;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const buttonRefs = useRef<Partial<Record<Panel, HTMLButtonElement | null>>>({});
  const focusHeadingOnChange = useRef(false);
  const cause = latestRootCause(loop);
  const [loaded, setLoaded] = useState(forms);
  const [loadFailed, setLoadFailed] = useState(false);
  useEffect(() => {
    if (panel === null || loaded) return;
    let current = true;
    loadFinishForms().then(
      (m) => current && setLoaded(m),
      () => current && setLoadFailed(true),
    );
    return () => void (current = false);
  }, [panel, loaded]);

  // A loop closed or reopened elsewhere (another tab, the popup) must not leave a form half open.
  useEffect(() => {
    setPanel(null);
    forget();
    if (focusHeadingOnChange.current) {
      focusHeadingOnChange.current = false;
      headingRef.current?.focus();
    }
  }, [loop.status, loop.loopId, forget]);

  const closePanel = () => {
    const was = panel;
    setPanel(null);
    command.forget();
    if (was) buttonRefs.current[was]?.focus();
  };
  const toggle = (next: Panel) => {
    if (panel === next) return closePanel();
    command.forget();
    command.clearStatus();
    setPanel(next);
  };

  /** A close or reopen changes the loop: focus goes to its new state. A root cause keeps the loop as it is: back to the button. */
  const sender = (changesStatus: boolean) => async (actions: LoopAction[], done: string) => {
    focusHeadingOnChange.current = changesStatus;
    const sent = await command.send(actions, done);
    if (!sent) focusHeadingOnChange.current = false;
    else if (!changesStatus) closePanel();
  };

  const disclosure = (which: Panel, label: string) => (
    <button
      type="button"
      className="button"
      ref={(el) => void (buttonRefs.current[which] = el)}
      aria-expanded={panel === which}
      aria-controls={panel === which ? `${id}-${which}` : undefined}
      onClick={() => toggle(which)}
      onPointerEnter={prefetchForms}
      onFocus={prefetchForms}
    >
      {label}
    </button>
  );
  const formProps = { idBase: id, busy: command.busy, onCancel: closePanel };

  return (
    <section aria-labelledby={`${id}-heading`} className={open ? 'finish' : 'finish finish--closed'} data-testid="finish-loop">
      {open ? (
        <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1} className="section-title">
          Finish the loop
        </h2>
      ) : (
        <>
          <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1} className="finish__closed-title" data-testid="loop-status">
            <span aria-hidden="true">✓ </span>Closed · {CLOSE_LABEL[loop.status as TerminalState]}
          </h2>
          {loop.closedReason ? (
            <p className="finish__reason" data-testid="closed-reason">
              {loop.closedReason}
            </p>
          ) : null}
          {loop.closedAt !== undefined ? <p className="muted finish__when">Closed {formatDateTime(loop.closedAt, timeZone)}</p> : null}
        </>
      )}
      {cause ? (
        <p className="finish__cause" data-testid="root-cause">
          <strong>Root cause:</strong> {cause.category}
          {cause.note ? <span className="finish__cause-note"> — {cause.note}</span> : null}
        </p>
      ) : null}

      <div className="finish__buttons">
        {open ? disclosure('close', 'Close loop…') : disclosure('reopen', 'Reopen loop…')}
        {disclosure('cause', cause ? 'Change root cause…' : 'Set root cause…')}
      </div>

      {panel !== null && !loaded ? (
        <p className={loadFailed ? 'error' : 'muted'} role={loadFailed ? 'alert' : undefined}>
          {loadFailed ? 'The form could not be loaded. Reload the page and try again.' : 'Loading the form…'}
        </p>
      ) : null}
      {panel === 'close' && loaded ? <loaded.CloseLoopForm {...formProps} send={sender(true)} /> : null}
      {panel === 'reopen' && loaded ? <loaded.ReopenLoopForm {...formProps} send={sender(true)} /> : null}
      {panel === 'cause' && loaded ? <loaded.RootCauseForm {...formProps} send={sender(false)} /> : null}

      <p className="finish__status" role="status" aria-live="polite" data-testid="finish-status">
        {command.status ? <span className={command.status.error ? 'error' : undefined}>{command.status.text}</span> : null}
      </p>
    </section>
  );
}
