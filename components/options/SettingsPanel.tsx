import { useId, useState, type FormEvent } from 'react';
import { normalizeEmail } from '@/lib/crm/email';
import { ROLE_LABEL, RoleSchema, type Role } from '@/lib/people/schema';
import { SettingsSchema, type Settings } from '@/lib/settings/schema';
import { FieldError } from './FieldError';
import { TimeZoneField } from './TimeZoneField';
import { useDraft } from './use-draft';
import { useFieldErrors } from './use-field-errors';

interface Props {
  settings: Settings | undefined;
  onSave(settings: Settings): void;
  pending: boolean;
  error: string | null;
  saved: boolean;
}

const LABELS = { myEmail: 'My e-mail', role: 'Role', timeZone: 'Business time zone', syncUrl: 'Sync URL', quietHours: 'Quiet hours' };

/** Who I am (whose loops are mine, which alerts reach me) and how notifications treat me. */
export function SettingsPanel({ settings, onSave, pending, error, saved }: Props) {
  const id = useId();
  const { draft, edit: editDraft, settle } = useDraft(settings);
  const { errors, validate, field } = useFieldErrors(SettingsSchema, LABELS, id);
  // "Saved." describes the last submit only: the first edit after it takes the word away.
  const [edited, setEdited] = useState(false);
  if (!draft) return null;
  const edit = (next: Settings) => {
    editDraft(next);
    setEdited(true);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Checked here first so each problem shows next to its field; the worker validates again.
    const parsed = validate(draft);
    if (!parsed) return;
    setEdited(false);
    settle();
    onSave(parsed);
  };
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <section aria-labelledby={`${id}-h`} className="panel" id="who">
      <h2 id={`${id}-h`}>Who am I</h2>
      <form onSubmit={submit} className="form" noValidate>
        <div className="field">
          <label htmlFor={`${id}-myEmail`}>My e-mail</label>
          <span className="hint" id={`${id}-myEmail-hint`}>
            Loops owned by this address are mine. Leave it empty to work alone: every loop is then mine.
          </span>
          <input
            type="email"
            autoComplete="email"
            value={draft.myEmail}
            {...field('myEmail')}
            aria-describedby={[`${id}-myEmail-hint`, errors.myEmail ? `${id}-myEmail-error` : ''].join(' ').trim()}
            onChange={(e) => edit({ ...draft, myEmail: normalizeEmail(e.target.value) })}
          />
          <FieldError id={`${id}-myEmail-error`} message={errors.myEmail} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>My role</label>
          <select value={draft.role} {...field('role')} onChange={(e) => edit({ ...draft, role: e.target.value as Role })}>
            {RoleSchema.options.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABEL[r]}
              </option>
            ))}
          </select>
          <span className="hint">Managers, CX leads and VPs see their team’s loops and the unassigned queue, and hear about breaches and escalations.</span>
          <FieldError id={`${id}-role-error`} message={errors.role} />
        </div>
        <TimeZoneField idBase={id} label="Business time zone (mine, and that of owners not in the team directory)" value={draft.timeZone} error={errors.timeZone} onChange={(timeZone) => edit({ ...draft, timeZone })} />
        <fieldset className="group">
          <legend>Notifications</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.quietHours.enabled}
              onChange={(e) => edit({ ...draft, quietHours: { ...draft.quietHours, enabled: e.target.checked } })}
            />
            <span>Quiet hours: hold notifications outside the recipient’s working hours</span>
          </label>
          <label className="check check--nested">
            <input
              type="checkbox"
              checked={draft.quietHours.exceptCritical}
              disabled={!draft.quietHours.enabled}
              onChange={(e) => edit({ ...draft, quietHours: { ...draft.quietHours, exceptCritical: e.target.checked } })}
            />
            <span>…except for critical recovery loops, which notify at any hour</span>
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.showContactNameInNotifications}
              onChange={(e) => edit({ ...draft, showContactNameInNotifications: e.target.checked })}
            />
            <span>Show the contact’s name in desktop notifications (they can appear on a lock screen)</span>
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-syncUrl`}>Sync URL (local sync adapter)</label>
          <span className="hint" id={`${id}-syncUrl-hint`}>
            Where events are sent and read: https, or http on this machine only. Empty: everything stays in this browser.
          </span>
          <input
            type="url"
            value={draft.syncUrl}
            {...field('syncUrl')}
            aria-describedby={[`${id}-syncUrl-hint`, errors.syncUrl ? `${id}-syncUrl-error` : ''].join(' ').trim()}
            onChange={(e) => edit({ ...draft, syncUrl: e.target.value.trim() })}
          />
          <FieldError id={`${id}-syncUrl-error`} message={errors.syncUrl} />
        </div>
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={pending}>
            Save settings
          </button>
          <p role="status" aria-live="polite" className="status">
            {hasErrors ? <span className="error">Not saved: fix the fields marked above.</span> : error ? <span className="error">{error}</span> : saved && !edited ? 'Saved.' : null}
          </p>
        </div>
      </form>
    </section>
  );
}
