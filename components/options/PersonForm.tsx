import { useId, useState, type FormEvent } from 'react';
import { PersonSchema, ROLE_LABEL, RoleSchema, type Person, type Role } from '@/lib/people/schema';
import { FieldError } from './FieldError';
import { WEEKDAYS } from './people-view';
import { TimeZoneField } from './TimeZoneField';
import { useFieldErrors } from './use-field-errors';
import { normalizeEmail } from '@/lib/crm/email';
import { parseClock } from '@/lib/people/csv-values';

interface Props {
  /** the person being edited; null to add someone */
  person: Person | null;
  people: readonly Person[];
  defaultTimeZone: string;
  pending: boolean;
  error: string | null;
  onSave(person: Person): void;
  onCancel(): void;
}

interface Draft {
  email: string;
  name: string;
  managerEmail: string;
  role: Role;
  timeZone: string;
  workStart: string;
  workEnd: string;
  workdays: number[];
}

const LABELS = {
  email: 'E-mail',
  name: 'Name',
  managerEmail: 'Manager',
  role: 'Role',
  timeZone: 'Time zone',
  workStart: 'Work start',
  workEnd: 'Work end',
  workdays: 'Working days',
};

/** Add or edit one person of the directory. The e-mail is the person's key, so it is fixed once saved. */
export function PersonForm({ person, people, defaultTimeZone, pending, error, onSave, onCancel }: Props) {
  const id = useId();
  const [draft, setDraft] = useState<Draft>(
    person
      ? { ...person, workdays: [...person.workdays] }
      : {
          email: '',
          name: '',
          managerEmail: '',
          role: 'rep',
          timeZone: defaultTimeZone,
          workStart: '09:00',
          workEnd: '17:00',
          workdays: [1, 2, 3, 4, 5],
        },
  );
  const { errors, validate, field } = useFieldErrors(PersonSchema, LABELS, id);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Times are typed on the 24-hour clock the directory table shows; 9, 900 and 5 pm are read as well.
    const clock = (t: string) => parseClock(t) ?? t;
    const parsed = validate({ ...draft, workStart: clock(draft.workStart), workEnd: clock(draft.workEnd) });
    if (parsed) onSave(parsed);
  };
  const title = person ? `Edit ${person.name || person.email}` : 'Add a person';
  return (
    <form className="person-form" onSubmit={submit} noValidate aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{title}</h3>
      <div className="grid">
        <div className="field">
          <label htmlFor={`${id}-email`}>E-mail</label>
          <input
            type="email"
            value={draft.email}
            readOnly={person !== null}
            autoFocus={person === null}
            {...field('email')}
            onChange={(e) => setDraft({ ...draft, email: normalizeEmail(e.target.value) })}
          />
          <FieldError id={`${id}-email-error`} message={errors.email} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            value={draft.name}
            autoFocus={person !== null}
            {...field('name')}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          />
          <FieldError id={`${id}-name-error`} message={errors.name} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>Role</label>
          <select value={draft.role} {...field('role')} onChange={(e) => setDraft({ ...draft, role: e.target.value as Role })}>
            {RoleSchema.options.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABEL[r]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-managerEmail`}>Manager’s e-mail (empty: reports to nobody here)</label>
          <input
            type="email"
            list={`${id}-managers`}
            value={draft.managerEmail}
            {...field('managerEmail')}
            onChange={(e) => setDraft({ ...draft, managerEmail: normalizeEmail(e.target.value) })}
          />
          <datalist id={`${id}-managers`}>
            {people
              .filter((p) => p.email !== draft.email)
              .map((p) => (
                <option key={p.email} value={p.email}>
                  {p.name}
                </option>
              ))}
          </datalist>
          <FieldError id={`${id}-managerEmail-error`} message={errors.managerEmail} />
        </div>
        <TimeZoneField
          idBase={id}
          label="Time zone"
          value={draft.timeZone}
          error={errors.timeZone}
          onChange={(timeZone) => setDraft({ ...draft, timeZone })}
        />
        <div className="field field--pair">
          <div className="field">
            <label htmlFor={`${id}-workStart`}>Work start</label>
            <input
              type="text"
              inputMode="numeric"
              placeholder="09:00"
              autoComplete="off"
              value={draft.workStart}
              {...field('workStart')}
              onChange={(e) => setDraft({ ...draft, workStart: e.target.value })}
              onBlur={(e) => setDraft({ ...draft, workStart: parseClock(e.target.value) ?? e.target.value })}
            />
            <FieldError id={`${id}-workStart-error`} message={errors.workStart} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-workEnd`}>Work end</label>
            <input
              type="text"
              inputMode="numeric"
              placeholder="17:00"
              autoComplete="off"
              value={draft.workEnd}
              {...field('workEnd')}
              onChange={(e) => setDraft({ ...draft, workEnd: e.target.value })}
              onBlur={(e) => setDraft({ ...draft, workEnd: parseClock(e.target.value) ?? e.target.value })}
            />
            <FieldError id={`${id}-workEnd-error`} message={errors.workEnd} />
          </div>
        </div>
      </div>
      <fieldset className="days" aria-describedby={errors.workdays ? `${id}-workdays-error` : undefined}>
        <legend>Working days</legend>
        {WEEKDAYS.map(({ day, short }) => (
          <label key={day} className="check">
            <input
              type="checkbox"
              checked={draft.workdays.includes(day)}
              onChange={(e) =>
                setDraft({
                  ...draft,
                  workdays: e.target.checked ? [...draft.workdays, day].sort((a, b) => a - b) : draft.workdays.filter((d) => d !== day),
                })
              }
            />
            <span>{short}</span>
          </label>
        ))}
        <FieldError id={`${id}-workdays-error`} message={errors.workdays ? 'Choose at least one working day.' : undefined} />
      </fieldset>
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={pending}>
          {person ? 'Save changes' : 'Add person'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <p role="status" aria-live="polite" className="status">
          {Object.keys(errors).length > 0 ? (
            <span className="error">Not saved: fix the fields marked above.</span>
          ) : error ? (
            <span className="error">{error}</span>
          ) : null}
        </p>
      </div>
    </form>
  );
}
