import { useId, type FormEvent } from 'react';
import type { Channel, Outcome } from '@/lib/loop';
import { CHANNEL_LABEL, OUTCOME_LABEL } from '@/lib/labels';

export interface OutcomeDraft {
  channel: Channel;
  outcome: Outcome | null;
  note: string;
}

interface Props {
  draft: OutcomeDraft;
  onChange(patch: Partial<OutcomeDraft>): void;
  onSubmit(): void;
  pending: boolean;
  error: string | null;
  lastLogged: string | null;
}

const CHANNELS = Object.keys(CHANNEL_LABEL) as Channel[];
const OUTCOMES = Object.keys(OUTCOME_LABEL) as Outcome[];

/** Native radios styled as pills: arrow keys move between them, the legend names the group. */
export function Choice<T extends string>({
  name,
  legend,
  options,
  labels,
  value,
  onPick,
  errorId,
}: {
  name: string;
  legend: string;
  options: readonly T[];
  labels: Record<T, string>;
  value: T | null;
  onPick(v: T): void;
  /** id of the message saying what is wrong with the choice, when something is */
  errorId?: string | undefined;
}) {
  return (
    <fieldset className="choice" aria-describedby={errorId}>
      <legend>{legend}</legend>
      <div className="choice__options">
        {options.map((option) => (
          <label key={option} className="choice__option">
            <input type="radio" name={name} value={option} checked={value === option} onChange={() => onPick(option)} />
            <span>{labels[option]}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/**
 * Logging a call outcome in at most three clicks: the channel is preselected (call), so a
 * typical log is outcome + "Log outcome"; native radios keep arrow-key navigation.
 */
export function OutcomeForm({ draft, onChange, onSubmit, pending, error, lastLogged }: Props) {
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft.outcome && !pending) onSubmit();
  };
  // Not the `disabled` attribute: a disabled button drops keyboard focus right after logging and
  // cannot say why it does nothing. aria-disabled keeps it focusable, and the reason is its description.
  const blocked = pending ? 'Logging the outcome…' : draft.outcome ? null : 'Pick an outcome first: what happened when you tried?';
  return (
    <form className="outcome" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title">
        Log an outcome
      </h2>
      <Choice
        name={`${id}-channel`}
        legend="Channel"
        options={CHANNELS}
        labels={CHANNEL_LABEL}
        value={draft.channel}
        onPick={(channel) => onChange({ channel })}
      />
      <Choice
        name={`${id}-outcome`}
        legend="Outcome"
        options={OUTCOMES}
        labels={OUTCOME_LABEL}
        value={draft.outcome}
        onPick={(outcome) => onChange({ outcome })}
      />
      <label className="outcome__note">
        <span>Note</span>
        <textarea
          rows={2}
          value={draft.note}
          maxLength={4000}
          onChange={(e) => onChange({ note: e.target.value })}
          placeholder="Optional"
        />
      </label>
      <div className="outcome__submit">
        <button
          type="submit"
          className="button button--primary"
          aria-disabled={blocked !== null}
          aria-describedby={blocked ? `${id}-why` : undefined}
        >
          {pending ? 'Logging…' : 'Log outcome'}
        </button>
        {blocked ? (
          <span id={`${id}-why`} className="outcome__why muted" data-testid="log-blocked">
            {blocked}
          </span>
        ) : null}
      </div>
      <p className="outcome__status" role="status" aria-live="polite">
        {error ? <span className="error">{error}</span> : lastLogged}
      </p>
    </form>
  );
}
