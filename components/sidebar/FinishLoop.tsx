import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { LoopState, TerminalState } from '@/lib/loop';
import type { LoopAction } from '@/lib/messaging/protocol';
import { formatDateTime } from '../format';
import { Choice } from './OutcomeForm';

/**
 * Root-cause categories a rep picks from. Stored as these words (the dashboard groups loops by
 * the category text), so renaming one splits its theme in two: add, do not rename.
 */
export const ROOT_CAUSES = ['Product bug', 'Billing', 'Onboarding', 'Support response', 'Pricing', 'Other'] as const;

export const CLOSE_STATES: readonly TerminalState[] = ['resolved', 'churned', 'no_response', 'escalated'];
export const CLOSE_LABEL: Record<TerminalState, string> = {
  resolved: 'Resolved',
  churned: 'Churned',
  no_response: 'No response',
  escalated: 'Escalated',
};

export interface ActStep {
  eventId: string;
  action: LoopAction;
}

interface Props {
  loop: LoopState;
  timeZone: string;
  /** sends the steps in order; rejects with the reason shown to the person */
  act(steps: ActStep[]): Promise<void>;
}

type Panel = 'close' | 'reopen' | 'cause' | null;

/**
 * The same request sent again keeps its event ids, so a retry after a lost reply cannot record
 * twice; a changed request is a new decision and gets new ids.
 */
function useStepIds() {
  const last = useRef<{ key: string; ids: string[] } | null>(null);
  return {
    idsFor(key: string, count: number): string[] {
      if (last.current?.key !== key) last.current = { key, ids: Array.from({ length: count }, () => crypto.randomUUID()) };
      return last.current.ids;
    },
    forget() {
      last.current = null;
    },
  };
}

function latestRootCause(loop: LoopState): { category: string; note?: string } | null {
  const event = loop.events.findLast((e) => e.type === 'reason_set');
  return event && event.type === 'reason_set' ? { category: event.category, ...(event.note ? { note: event.note } : {}) } : null;
}

function FieldError({ id, text }: { id: string; text: string | null }) {
  if (!text) return null;
  return (
    <span id={id} className="field-error">
      {text}
    </span>
  );
}

/** Category list plus the rep's own words; "Other" needs the words. */
function RootCauseFields({ idBase, category, note, onCategory, onNote, error, optional }: {
  idBase: string;
  category: string;
  note: string;
  onCategory(c: string): void;
  onNote(n: string): void;
  error: string | null;
  optional: boolean;
}) {
  const errorId = error ? `${idBase}-cause-error` : undefined;
  return (
    <>
      <label className="field">
        <span>Root cause{optional ? ' (optional)' : ''}</span>
        <select value={category} onChange={(e) => onCategory(e.target.value)} aria-describedby={category ? undefined : errorId}>
          <option value="">{optional ? 'Leave as it is' : 'Choose a category'}</option>
          {ROOT_CAUSES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      {category ? (
        <label className="field">
          <span>Root cause detail{category === 'Other' ? '' : ' (optional)'}</span>
          <input
            type="text"
            value={note}
            maxLength={4000}
            onChange={(e) => onNote(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={errorId}
          />
        </label>
      ) : null}
      <FieldError id={`${idBase}-cause-error`} text={error} />
    </>
  );
}

/**
 * Ending a loop, reopening it, and naming its root cause. Every end needs a reason the rep types
 * (plain text, rendered as text). Focus follows the work: into a form when it opens, back to its
 * button when it is cancelled, and to the loop's new state once the background confirms.
 */
export function FinishLoop({ loop, timeZone, act }: Props) {
  const id = useId();
  const open = loop.status === 'open';
  const [panel, setPanel] = useState<Panel>(null);
  const [closeAs, setCloseAs] = useState<TerminalState | null>(null);
  const [reason, setReason] = useState('');
  const [category, setCategory] = useState('');
  const [causeNote, setCauseNote] = useState('');
  const [errors, setErrors] = useState<{ state?: string; reason?: string; cause?: string }>({});
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  const steps = useStepIds();

  const formRef = useRef<HTMLFormElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const buttonRefs = useRef<Partial<Record<Exclude<Panel, null>, HTMLButtonElement | null>>>({});
  const focusHeadingOnChange = useRef(false);
  const cause = latestRootCause(loop);

  const reset = () => {
    setReason('');
    setCloseAs(null);
    setCategory('');
    setCauseNote('');
    setErrors({});
    steps.forget();
  };

  // A loop closed or reopened elsewhere (another tab, the popup) must not leave this form half open.
  useEffect(() => {
    setPanel(null);
    reset();
    if (focusHeadingOnChange.current) {
      focusHeadingOnChange.current = false;
      headingRef.current?.focus();
    }
  }, [loop.status, loop.loopId]);

  useEffect(() => {
    if (!panel) return;
    // The first control of the form that just opened: no hunting for it with Tab.
    formRef.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, [panel]);

  const toggle = (next: Exclude<Panel, null>) => {
    if (panel === next) return cancel();
    reset();
    setStatus(null);
    setPanel(next);
  };
  const cancel = () => {
    const was = panel;
    setPanel(null);
    reset();
    if (was) buttonRefs.current[was]?.focus();
  };

  const causeError = (requiredCategory: boolean) => {
    if (requiredCategory && !category) return 'Choose a root cause.';
    if (category === 'Other' && !causeNote.trim()) return 'Say what the root cause was.';
    return undefined;
  };
  const causeStep = (): LoopAction | null =>
    category ? { kind: 'reason', category, ...(causeNote.trim() ? { note: causeNote.trim() } : {}) } : null;

  const run = async (actions: LoopAction[], done: string, changesStatus: boolean) => {
    const ids = steps.idsFor(JSON.stringify(actions), actions.length);
    setBusy(true);
    setStatus(null);
    focusHeadingOnChange.current = changesStatus;
    try {
      await act(actions.map((action, i) => ({ eventId: ids[i]!, action })));
      steps.forget();
      setStatus({ error: false, text: done });
      if (!changesStatus) {
        const was = panel;
        setPanel(null);
        reset();
        if (was) buttonRefs.current[was]?.focus();
      }
    } catch (e) {
      focusHeadingOnChange.current = false;
      setStatus({ error: true, text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

  const submitClose = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const found = {
      state: closeAs ? undefined : 'Choose how the loop ends.',
      reason: reason.trim() ? undefined : 'Say why the loop ends.',
      cause: causeError(false),
    };
    setErrors(found);
    if (found.state || found.reason || found.cause) {
      const form = e.currentTarget as HTMLFormElement;
      const first = found.state ? 'input[type=radio]' : found.reason ? 'textarea' : 'input[type=text]';
      form.querySelector<HTMLElement>(first)?.focus();
      return;
    }
    const rootCause = causeStep();
    const actions: LoopAction[] = [...(rootCause ? [rootCause] : []), { kind: 'close', state: closeAs!, reason: reason.trim() }];
    void run(actions, `Loop closed as ${CLOSE_LABEL[closeAs!].toLowerCase()}.`, true);
  };

  const submitReopen = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const found = { reason: reason.trim() ? undefined : 'Say why the loop reopens.' };
    setErrors(found);
    if (found.reason) return (e.currentTarget as HTMLFormElement).querySelector('textarea')?.focus();
    void run([{ kind: 'reopen', reason: reason.trim() }], 'Loop reopened.', true);
  };

  const submitCause = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const found = { cause: causeError(true) };
    setErrors(found);
    if (found.cause) return (e.currentTarget as HTMLFormElement).querySelector<HTMLElement>(category ? 'input[type=text]' : 'select')?.focus();
    void run([causeStep()!], `Root cause saved: ${category}.`, false);
  };

  const disclosure = (which: Exclude<Panel, null>, label: string) => (
    <button
      type="button"
      className="button"
      ref={(el) => void (buttonRefs.current[which] = el)}
      aria-expanded={panel === which}
      aria-controls={panel === which ? `${id}-${which}` : undefined}
      onClick={() => toggle(which)}
    >
      {label}
    </button>
  );

  const formButtons = (submitLabel: string): ReactNode => (
    <div className="finish__buttons">
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? 'Saving…' : submitLabel}
      </button>
      <button type="button" className="button button--ghost" onClick={cancel}>
        Cancel
      </button>
    </div>
  );

  // The error sits outside the label: inside, it would become part of the field's name.
  const reasonField = (label: string) => (
    <div className="field">
      <label className="field" htmlFor={`${id}-reason`}>
        {label}
      </label>
      <textarea
        id={`${id}-reason`}
        rows={2}
        value={reason}
        maxLength={1000}
        onChange={(e) => setReason(e.target.value)}
        aria-required="true"
        aria-invalid={errors.reason ? true : undefined}
        aria-describedby={errors.reason ? `${id}-reason-error` : undefined}
      />
      <FieldError id={`${id}-reason-error`} text={errors.reason ?? null} />
    </div>
  );

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

      {panel === 'close' ? (
        <form ref={formRef} id={`${id}-close`} className="finish__form" onSubmit={submitClose} noValidate aria-label="Close the loop">
          <Choice
            name={`${id}-state`}
            legend="Close as"
            options={CLOSE_STATES}
            labels={CLOSE_LABEL}
            value={closeAs}
            onPick={setCloseAs}
            errorId={errors.state ? `${id}-state-error` : undefined}
          />
          <FieldError id={`${id}-state-error`} text={errors.state ?? null} />
          {reasonField('Reason for closing')}
          <RootCauseFields
            idBase={id}
            category={category}
            note={causeNote}
            onCategory={setCategory}
            onNote={setCauseNote}
            error={errors.cause ?? null}
            optional
          />
          {formButtons('Close loop')}
        </form>
      ) : null}

      {panel === 'reopen' ? (
        <form ref={formRef} id={`${id}-reopen`} className="finish__form" onSubmit={submitReopen} noValidate aria-label="Reopen the loop">
          {reasonField('Reason for reopening')}
          {formButtons('Reopen loop')}
        </form>
      ) : null}

      {panel === 'cause' ? (
        <form ref={formRef} id={`${id}-cause`} className="finish__form" onSubmit={submitCause} noValidate aria-label="Set the root cause">
          <RootCauseFields
            idBase={id}
            category={category}
            note={causeNote}
            onCategory={setCategory}
            onNote={setCauseNote}
            error={errors.cause ?? null}
            optional={false}
          />
          {formButtons('Save root cause')}
        </form>
      ) : null}

      <p className="finish__status" role="status" aria-live="polite" data-testid="finish-status">
        {status ? <span className={status.error ? 'error' : undefined}>{status.text}</span> : null}
      </p>
    </section>
  );
}
