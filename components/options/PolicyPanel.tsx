import { useId, type FormEvent } from 'react';
import type { PolicyChoice } from '@/lib/db/settings';
import { PRESET_IDS, type PresetId } from '@/lib/loop';
import { useDraft } from './use-draft';

const PRESET_TEXT: Record<PresetId, { label: string; detail: string }> = {
  b2b_fast_lane: {
    label: 'B2B fast lane (default)',
    detail: 'Scores 0–3: 4 business hours · 4–6: 1 business day · 7–8: 5 business days · 9–10: 7 days',
  },
  forty_eight_hour: { label: '48-hour rule', detail: 'Every detractor within 48 hours · passives 5 business days · promoters 7 days' },
  working_day: { label: 'Working day', detail: 'Detractors within 1 business day · promoters within 3 business days' },
};
const PRESETS = PRESET_IDS.map((id) => ({ id, ...PRESET_TEXT[id] }));

const COMMON_REGIONS = [
  'US',
  'CA',
  'GB-ENG',
  'GB-SCT',
  'IE',
  'DE',
  'DE-BY',
  'DE-BE',
  'FR',
  'NL',
  'ES',
  'IT',
  'CH',
  'AT',
  'SE',
  'IN',
  'JP',
  'AU',
];

interface Props {
  choice: PolicyChoice | undefined;
  onSave(choice: PolicyChoice): void;
  pending: boolean;
  error: string | null;
  saved: string | null;
}

/** The SLA preset and the public holidays that stop business-time clocks. */
export function PolicyPanel({ choice, onSave, pending, error, saved }: Props) {
  const id = useId();
  const { draft, edit: setDraft, settle } = useDraft(choice);
  if (!draft) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    settle();
    onSave(draft);
  };
  return (
    <section aria-labelledby={`${id}-h`} className="panel" id="policy">
      <h2 id={`${id}-h`}>Follow-up policy</h2>
      <form onSubmit={submit} className="form">
        <fieldset className="presets">
          <legend>SLA preset</legend>
          {PRESETS.map((p) => (
            <label key={p.id} className="check">
              <input
                type="radio"
                name={`${id}-preset`}
                checked={draft.preset === p.id}
                onChange={() => setDraft({ ...draft, preset: p.id })}
              />
              <span>
                <strong>{p.label}</strong> — {p.detail}
              </span>
            </label>
          ))}
        </fieldset>
        <label>
          <span>Public holidays of (country or region code, e.g. US, GB-ENG, DE-BY; empty for none)</span>
          <input
            list={`${id}-regions`}
            value={draft.holidayRegion}
            onChange={(e) => setDraft({ ...draft, holidayRegion: e.target.value })}
          />
          <datalist id={`${id}-regions`}>
            {COMMON_REGIONS.map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
        </label>
        <p className="hint">New responses get due times under the saved policy; loops already open keep the promise they were given.</p>
        <button type="submit" className="button button--primary" disabled={pending}>
          Save policy
        </button>
        <p role="status" aria-live="polite">
          {error ? <span className="error">{error}</span> : saved}
        </p>
      </form>
    </section>
  );
}
