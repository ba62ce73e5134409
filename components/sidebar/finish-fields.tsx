import { useRef, useLayoutEffect } from 'react';
import type { TerminalState } from '@/lib/loop';
import type { LoopAction } from '@/lib/messaging/protocol';

/**
 * Root-cause categories a rep picks from. Stored as these words (the dashboard groups loops by
 * the category text), so renaming one splits its theme in two: add, do not rename.
 */
export const ROOT_CAUSES = ['Product bug', 'Billing', 'Onboarding', 'Support response', 'Pricing', 'Other'] as const;

export const CLOSE_STATES: readonly TerminalState[] = ['resolved', 'churned', 'no_response', 'escalated'];

/** What every finishing form gets from the section around it. */
export interface FinishFormProps {
  /** the section's id, that the form's own ids (and the button that opens it) build on */
  idBase: string;
  /** a request is on its way: the form sends no second one */
  busy: boolean;
  send(actions: LoopAction[], done: string): void;
  onCancel(): void;
}

/**
 * A form that opens puts focus on its first control: no hunting for it with Tab. A layout effect:
 * it runs as the form is drawn, so a key typed right after the one that opened the form lands in
 * the field (Preact runs plain effects after the next frame, too late for a fast typist).
 */
export function useFocusFirstControl() {
  const ref = useRef<HTMLFormElement>(null);
  useLayoutEffect(() => {
    ref.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, []);
  return ref;
}

export function FieldError({ id, text }: { id: string; text: string | null }) {
  if (!text) return null;
  return (
    <span id={id} className="field-error">
      {text}
    </span>
  );
}

export function FormButtons({ submitLabel, busy, onCancel }: { submitLabel: string; busy: boolean; onCancel(): void }) {
  return (
    <div className="finish__buttons">
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? 'Saving…' : submitLabel}
      </button>
      <button type="button" className="button button--ghost" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

/** Why the loop ends or reopens, in the rep's words. The error sits outside the label: inside, it would become part of the field's name. */
export function ReasonField({
  idBase,
  label,
  value,
  onChange,
  error,
}: {
  idBase: string;
  label: string;
  value: string;
  onChange(v: string): void;
  error: string | null;
}) {
  return (
    <div className="field">
      <label className="field" htmlFor={`${idBase}-reason`}>
        {label}
      </label>
      <textarea
        id={`${idBase}-reason`}
        rows={2}
        value={value}
        maxLength={1000}
        onChange={(e) => onChange(e.target.value)}
        aria-required="true"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${idBase}-reason-error` : undefined}
      />
      <FieldError id={`${idBase}-reason-error`} text={error} />
    </div>
  );
}

/** Category list plus the rep's own words; "Other" needs the words. */
export function RootCauseFields({
  idBase,
  category,
  note,
  onCategory,
  onNote,
  error,
  optional,
}: {
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

/** What is wrong with a root cause, if anything: a category when one is required, the words for "Other". */
export function rootCauseError(category: string, note: string, required: boolean): string | undefined {
  if (required && !category) return 'Choose a root cause.';
  if (category === 'Other' && !note.trim()) return 'Say what the root cause was.';
  return undefined;
}

/** The root-cause step to send, or null when no category was chosen. */
export function rootCauseAction(category: string, note: string): LoopAction | null {
  return category ? { kind: 'reason', category, ...(note.trim() ? { note: note.trim() } : {}) } : null;
}
