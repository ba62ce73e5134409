import { isEmail } from '@/lib/crm/email';
import { emailCell, optionalCell } from '@/lib/ingest/cells';
import { readCsvRows, type RowError } from '@/lib/ingest/csv-rows';
import { isTimeZone } from '@/lib/loop/tz';
import { mapHeaders, type HeaderMap } from '@/lib/ingest/header-map';
import { looksLikeSurveyExport } from '@/lib/ingest/formats';
import { PersonSchema, type Person } from './schema';
import { parseClock, parseHours, parseRole, parseWorkdays } from './csv-values';

/** The directory fields a CSV can fill, and the header names HR tools and spreadsheets use for them. */
export const DIRECTORY_ALIASES = {
  email: ['email', 'e-mail', 'email address', 'e-mail address', 'work email', 'owner email', 'user email'],
  name: ['name', 'full name', 'display name', 'owner name', 'person'],
  manager: ['manager', 'manager email', 'manager e-mail', 'manager email address', 'reports to', 'line manager'],
  role: ['role', 'loop role', 'loopside role', 'team role'],
  timeZone: ['time zone', 'timezone', 'tz', 'zone', 'iana time zone'],
  workStart: ['work start', 'start', 'start time', 'working from', 'day starts'],
  workEnd: ['work end', 'end', 'end time', 'working until', 'day ends'],
  hours: ['working hours', 'work hours', 'hours', 'office hours', 'business hours'],
  workdays: ['workdays', 'working days', 'work days', 'days', 'business days'],
} as const;

type Field = keyof typeof DIRECTORY_ALIASES;

export interface DirectoryImport {
  /** one per e-mail, in file order of each e-mail's last row */
  people: Person[];
  /** rejected rows, and rows replaced by a later row for the same e-mail, by line */
  errors: RowError[];
  /** field → the header it was read from, as the file writes it */
  columns: Record<string, string>;
  /** set when nothing can be imported at all: the one error to show */
  fatal?: string;
}

export interface DirectoryCsvOptions {
  /** IANA zone for people whose row names none (the importing user's) */
  timeZone: string;
}

type RowResult = { ok: true; person: Person } | { ok: false; reason: string };

function readPerson(cells: readonly string[], columns: HeaderMap<Field>, opts: DirectoryCsvOptions): RowResult {
  const cell = (f: Field) => {
    const index = columns.fields[f];
    return index === undefined ? '' : optionalCell(cells[index] ?? '');
  };
  const problems: string[] = [];

  const email = emailCell(cell('email'));
  if (email === '') problems.push('e-mail is missing');
  else if (!isEmail(email)) problems.push(`e-mail "${cell('email')}" is not an e-mail address`);

  const managerEmail = emailCell(cell('manager'));
  if (managerEmail && !isEmail(managerEmail))
    problems.push(`manager "${cell('manager')}" is not an e-mail address (the manager column holds the manager's e-mail)`);
  else if (managerEmail && managerEmail === email) problems.push('the manager is the person themself');

  const rawRole = cell('role');
  const role = rawRole === '' ? 'rep' : parseRole(rawRole);
  if (role === null) problems.push(`role "${rawRole}" is not one of rep, manager, CX lead, VP of customer success`);

  const timeZone = cell('timeZone') || opts.timeZone;
  if (!isTimeZone(timeZone)) problems.push(`time zone "${timeZone}" is not an IANA time zone (e.g. Europe/Berlin)`);

  let workStart = '09:00';
  let workEnd = '17:00';
  const rawHours = cell('hours');
  if (rawHours) {
    const hours = parseHours(rawHours);
    if (hours) ({ start: workStart, end: workEnd } = hours);
    else problems.push(`working hours "${rawHours}" are not a range such as 09:00-17:00`);
  }
  for (const [field, label] of [
    ['workStart', 'work start'],
    ['workEnd', 'work end'],
  ] as const) {
    const raw = cell(field);
    if (!raw) continue;
    const clock = parseClock(raw);
    if (!clock) problems.push(`${label} "${raw}" is not a time of day such as 09:00`);
    else if (field === 'workStart') workStart = clock;
    else workEnd = clock;
  }
  if (workStart >= workEnd && !problems.some((p) => p.startsWith('work'))) {
    problems.push(`work start ${workStart} is not before work end ${workEnd} (hours past midnight are not supported)`);
  }

  let workdays = [1, 2, 3, 4, 5];
  const rawDays = cell('workdays');
  if (rawDays) {
    const days = parseWorkdays(rawDays);
    if (days.ok) workdays = days.days;
    else problems.push(`working days "${rawDays}": ${days.reason}`);
  }

  if (problems.length > 0) return { ok: false, reason: problems.join('; ') };
  const parsed = PersonSchema.safeParse({ email, name: cell('name'), managerEmail, role, timeZone, workStart, workEnd, workdays });
  if (!parsed.success) {
    return {
      ok: false,
      reason: `does not fit a directory entry: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'row'} ${i.message}`).join('; ')}`,
    };
  }
  return { ok: true, person: parsed.data };
}

/**
 * A team directory export → people. Every bad row is reported with its physical line and all of
 * its problems, and every good row is kept. When the file lists an e-mail twice, the later row
 * wins and the earlier one is reported, so an edited export appended to itself does what it says.
 * Empty cells take the defaults: role rep, the importer's time zone, Mon–Fri 09:00–17:00.
 */
export function parseDirectoryCsv(text: string, opts: DirectoryCsvOptions): DirectoryImport {
  const empty = (fatal: string, columns: Record<string, string> = {}): DirectoryImport => ({ people: [], errors: [], columns, fatal });
  if (!isTimeZone(opts.timeZone))
    return empty(`The time zone "${opts.timeZone}" is unknown: choose one such as Europe/Berlin in the settings.`);

  const errors: RowError[] = [];
  const byEmail = new Map<string, { person: Person; line: number }>();
  let columns: HeaderMap<Field> | null = null;
  let headerLine = 1;
  let surveyExport = false;

  readCsvRows(text, {
    header: (cells, line) => {
      columns = mapHeaders(cells, DIRECTORY_ALIASES);
      headerLine = line;
      surveyExport = !looksLikeDirectory(cells) && looksLikeSurveyExport(cells);
      return columns.fields.email !== undefined && !surveyExport;
    },
    malformed: (error) => errors.push(error),
    row: (cells, line) => {
      const row = readPerson(cells, columns!, opts);
      if (!row.ok) {
        errors.push({ line, reason: row.reason });
        return;
      }
      const earlier = byEmail.get(row.person.email);
      if (earlier) {
        errors.push({
          line: earlier.line,
          reason: `${row.person.email} is listed again on line ${line}: that later row is the one imported`,
        });
        byEmail.delete(row.person.email);
      }
      byEmail.set(row.person.email, { person: row.person, line });
    },
  });

  const mapped = columns as HeaderMap<Field> | null;
  if (!mapped) return empty('The file is empty: it needs a header row and one row per person.');
  const found = mapped.headers as Record<string, string>;
  if (surveyExport) {
    return empty(
      'This file looks like survey responses (it has a score column and no manager, role or working-hours column), not a team directory: import it under Survey responses below.',
      found,
    );
  }
  if (mapped.fields.email === undefined) {
    return empty(`The header row (line ${headerLine}) has no e-mail column. Add one named ${DIRECTORY_ALIASES.email.join(', ')}.`, found);
  }
  return { people: [...byEmail.values()].map((v) => v.person), errors: errors.sort((a, b) => a.line - b.line), columns: found };
}

/** Columns only a team directory has: a survey export carries none of them. */
const DIRECTORY_ONLY: readonly Field[] = ['manager', 'role', 'timeZone', 'workStart', 'workEnd', 'hours', 'workdays'];

/** Whether a header row is a team directory's (it names a manager, role, zone, hours or workdays column). */
export function looksLikeDirectory(headers: readonly string[]): boolean {
  const { fields } = mapHeaders(headers, DIRECTORY_ALIASES);
  return DIRECTORY_ONLY.some((f) => fields[f] !== undefined);
}
