import { useId, useState, type FormEvent } from 'react';
import { normalizeEmail } from '@/lib/crm/email';
import { ROLE_LABEL, RoleSchema, type Role } from '@/lib/people/schema';
import { browser } from 'wxt/browser';
import { SettingsSchema, type Settings, type SyncTarget } from '@/lib/settings/schema';
import { requestHostPermission } from '@/lib/sync/host-permission';
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

const LABELS = {
  myEmail: 'My e-mail',
  role: 'Role',
  timeZone: 'Business time zone',
  sync: 'Sync target',
  'sync.url': 'Sync URL',
  'sync.portalId': 'HubSpot portal id',
  'sync.instanceUrl': 'Salesforce address',
  quietHours: 'Quiet hours',
};

const TARGET_WORDS: Record<SyncTarget['kind'], string> = {
  none: 'None: local mode, everything stays in this browser',
  http: 'Sync relay (HTTP event log)',
  hubspot: 'HubSpot (adapter coming next)',
  salesforce: 'Salesforce (adapter coming next)',
};

/** The target after a change of kind in the select: fields of another kind do not carry over. */
function targetOfKind(kind: SyncTarget['kind'], url: string): SyncTarget {
  if (kind === 'http') return { kind, url };
  return { kind } as SyncTarget;
}

/** Who I am (whose loops are mine, which alerts reach me) and how notifications treat me. */
export function SettingsPanel({ settings, onSave, pending, error, saved }: Props) {
  const id = useId();
  const { draft, edit: editDraft, settle } = useDraft(settings);
  const { errors, validate, field, fail } = useFieldErrors(SettingsSchema, LABELS, id);
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
    const save = () => {
      setEdited(false);
      settle();
      onSave(parsed);
    };
    // Connecting a CRM asks for its API host now, inside this submit (the browser wants the gesture).
    const needsHost = parsed.sync.kind === 'hubspot' || parsed.sync.kind === 'salesforce';
    if (!needsHost) return save();
    void requestHostPermission(parsed.sync, browser.permissions).then((r) => {
      if (r.granted) save();
      else fail('sync', `Not saved: Loopside needs access to ${r.origins.join(', ')} to sync with this CRM (${r.reason}).`);
    });
  };
  const urlOf = (t: SyncTarget) => (t.kind === 'http' ? t.url : '');
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
          <span className="hint">
            Managers, CX leads and VPs see their team’s loops and the unassigned queue, and hear about breaches and escalations.
          </span>
          <FieldError id={`${id}-role-error`} message={errors.role} />
        </div>
        <TimeZoneField
          idBase={id}
          label="Business time zone (mine, and that of owners not in the team directory)"
          value={draft.timeZone}
          error={errors.timeZone}
          onChange={(timeZone) => edit({ ...draft, timeZone })}
        />
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
        <fieldset className="group">
          <legend>Team sync</legend>
          <div className="field">
            <label htmlFor={`${id}-sync`}>Sync target</label>
            <select
              value={draft.sync.kind}
              {...field('sync')}
              onChange={(e) => edit({ ...draft, sync: targetOfKind(e.target.value as SyncTarget['kind'], urlOf(draft.sync)) })}
            >
              {(Object.keys(TARGET_WORDS) as SyncTarget['kind'][]).map((k) => (
                <option key={k} value={k}>
                  {TARGET_WORDS[k]}
                </option>
              ))}
            </select>
            <FieldError id={`${id}-sync-error`} message={errors.sync} />
          </div>
          {draft.sync.kind === 'none' || draft.sync.kind === 'http' ? (
            <div className="field">
              <label htmlFor={`${id}-sync.url`}>Sync URL (local sync adapter)</label>
              <span className="hint" id={`${id}-sync.url-hint`}>
                Where events are sent and read: https, or http on this machine only. Empty: everything stays in this browser.
              </span>
              <input
                type="url"
                value={urlOf(draft.sync)}
                {...field('sync.url')}
                aria-describedby={[`${id}-sync.url-hint`, errors['sync.url'] ? `${id}-sync.url-error` : ''].join(' ').trim()}
                onChange={(e) => {
                  const url = e.target.value.trim();
                  edit({ ...draft, sync: url ? { kind: 'http', url } : { kind: 'none' } });
                }}
              />
              <FieldError id={`${id}-sync.url-error`} message={errors['sync.url']} />
            </div>
          ) : null}
          {draft.sync.kind === 'hubspot' ? (
            <div className="field">
              <label htmlFor={`${id}-sync.portalId`}>HubSpot portal id (optional)</label>
              <input
                inputMode="numeric"
                value={draft.sync.portalId ?? ''}
                {...field('sync.portalId')}
                onChange={(e) => {
                  const portalId = e.target.value.trim();
                  edit({ ...draft, sync: portalId ? { kind: 'hubspot', portalId } : { kind: 'hubspot' } });
                }}
              />
              <FieldError id={`${id}-sync.portalId-error`} message={errors['sync.portalId']} />
            </div>
          ) : null}
          {draft.sync.kind === 'salesforce' ? (
            <div className="field">
              <label htmlFor={`${id}-sync.instanceUrl`}>Salesforce address (optional, e.g. https://acme.my.salesforce.com)</label>
              <input
                type="url"
                value={draft.sync.instanceUrl ?? ''}
                {...field('sync.instanceUrl')}
                onChange={(e) => {
                  const instanceUrl = e.target.value.trim();
                  edit({ ...draft, sync: instanceUrl ? { kind: 'salesforce', instanceUrl } : { kind: 'salesforce' } });
                }}
              />
              <FieldError id={`${id}-sync.instanceUrl-error`} message={errors['sync.instanceUrl']} />
            </div>
          ) : null}
        </fieldset>
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={pending}>
            Save settings
          </button>
          <p role="status" aria-live="polite" className="status">
            {hasErrors ? (
              <span className="error">Not saved: fix the fields marked above.</span>
            ) : error ? (
              <span className="error">{error}</span>
            ) : saved && !edited ? (
              'Saved.'
            ) : null}
          </p>
        </div>
      </form>
    </section>
  );
}
