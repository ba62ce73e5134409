import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Settings } from '@/lib/settings/schema';

interface Props {
  settings: Settings | undefined;
  onSave(settings: Settings): void;
  pending: boolean;
  error: string | null;
  saved: boolean;
}

const zones = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
})();

export function SettingsPanel({ settings, onSave, pending, error, saved }: Props) {
  const id = useId();
  const [draft, setDraft] = useState<Settings | undefined>(settings);
  useEffect(() => setDraft(settings), [settings]);
  if (!draft) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSave(draft);
  };
  return (
    <section aria-labelledby={`${id}-h`} className="panel">
      <h2 id={`${id}-h`}>You and your business hours</h2>
      <form onSubmit={submit} className="form">
        <label>
          <span>My e-mail (loops owned by it are mine; empty: every loop is mine)</span>
          <input type="email" value={draft.myEmail} onChange={(e) => setDraft({ ...draft, myEmail: e.target.value.trim().toLowerCase() })} />
        </label>
        <label>
          <span>Business time zone (Mon–Fri 09:00–17:00 in it)</span>
          <input list={`${id}-zones`} value={draft.timeZone} onChange={(e) => setDraft({ ...draft, timeZone: e.target.value })} />
          <datalist id={`${id}-zones`}>
            {zones.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.showContactNameInNotifications}
            onChange={(e) => setDraft({ ...draft, showContactNameInNotifications: e.target.checked })}
          />
          <span>Show the contact’s name in desktop notifications (they can appear on a lock screen)</span>
        </label>
        <button type="submit" className="button button--primary" disabled={pending}>
          Save settings
        </button>
        <p role="status" aria-live="polite">
          {error ? <span className="error">{error}</span> : saved ? 'Saved.' : null}
        </p>
      </form>
    </section>
  );
}
