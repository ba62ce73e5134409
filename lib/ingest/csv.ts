import type { SurveyResponse } from '@/lib/loop';
import { normalizeSalesforceId } from '@/lib/crm/salesforce/id';
import { isEmail } from '@/lib/crm/email';
import { isTimeZone } from '@/lib/loop/tz';
import { COLUMN_ALIASES, type Field } from './columns';
import { parseResponseDate, parseUsDate } from './dates';
import { parseAmount } from './amount';
import { responseId } from './response-id';
import { emailCell, optionalCell } from './cells';
import { looksLikeDirectory } from '@/lib/people/csv';
import { CsvRowStream, readCsvRows, type CsvRowHandlers, type RowError } from './csv-rows';
import {
  FORMAT_NAMES,
  headerKey,
  headerRowCount,
  isImportIdRow,
  layoutOf,
  sniffFormat,
  withChoice,
  type ColumnChoice,
  type ExportFormat,
  type Layout,
} from './formats';

export type { RowError, ColumnChoice, ExportFormat };
export { CsvRowStream };

export interface ResponseReaderOptions {
  /** IANA zone in which times without an offset (and dates alone) are read, unless the export states its own */
  timeZone: string;
  /** the importing computer's clock: a response dated after it (beyond FUTURE_SKEW) is refused */
  now: number;
  scale?: 'nps';
  /** the columns the person picked for this header set, when they did (the mapping step) */
  choiceFor?: (key: string) => ColumnChoice | undefined;
}

/** What the mapping step shows when the file's headers do not say where the score, date or e-mail are. */
export interface MappingNeeded {
  /** remembers the person's choice for files with these headers (see headerKey) */
  key: string;
  /** every column's name, in file order */
  columns: string[];
  /** the first data rows, for the person to recognise the columns by their values */
  preview: string[][];
  /** what could be guessed already */
  guess: Partial<ColumnChoice>;
  /** why the file could not be read as it is */
  problem: string;
}

export interface CsvImport {
  responses: SurveyResponse[];
  /** one per rejected row; the other rows are imported all the same */
  errors: RowError[];
  /** rows naming the same response as an earlier row (same response id, or same person, time, scale and score) */
  duplicates: number;
  /** responses whose comment was longer than we store: kept, the comment cut at the limit */
  longComments: number;
  /** field → the header it was read from, as the file writes it */
  columns: Record<string, string>;
  /** which tool wrote the file, as far as its headers tell */
  format: ExportFormat;
  /** set when nothing can be imported at all (empty file, a required column missing): the one error to show */
  fatal?: string;
  /** set with `fatal` when picking columns by hand would let the file import */
  mapping?: MappingNeeded;
}

const NPS_MIN = 0;
const NPS_MAX = 10;
/** ResponseSchema's limit on a comment (lib/loop) */
export const MAX_COMMENT = 20_000;
/** A response may be dated this far after the importing computer's clock (the two clocks disagree a little). */
export const FUTURE_SKEW = 10 * 60_000;
const PREVIEW_ROWS = 5;
/** ResponseSchema's limits on an e-mail address and on a name or company */
const MAX_EMAIL = 320;
const MAX_NAME = 300;
const NUMBER = /^[+-]?\d+(?:[.,]\d+)?$/;

const accepted = (field: Field) => COLUMN_ALIASES[field].join(', ');

/** `10 - Extremely likely` (survey tools exporting the choice label) → `10`; the scale's end labels → 0 and 10. */
function scoreText(raw: string): string {
  if (/^not at all likely$/i.test(raw)) return '0';
  if (/^extremely likely$/i.test(raw)) return '10';
  return /^(\d{1,2})\s*[-–—:]\s*\D/.exec(raw)?.[1] ?? raw;
}

const dateTime = (ms: number, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(ms);

/** `future`: refused (also) for a date after the clock, so the same row may be read on a later day. */
type RowResult = { ok: true; response: SurveyResponse; cut: boolean } | { ok: false; reason: string; future?: boolean };

function readRow(cells: readonly string[], layout: Layout, opts: Required<Omit<ResponseReaderOptions, 'choiceFor'>>): RowResult {
  const columns = layout.columns;
  const cell = (f: Field) => {
    const index = columns.fields[f];
    return index === undefined ? '' : (cells[index] ?? '').trim();
  };
  const optional = (f: Field) => optionalCell(cell(f));
  const problems: string[] = [];
  const refused = layout.rowProblem?.(cells);
  if (refused) return { ok: false, reason: refused };

  const rawScore = cell('score');
  const scoreDigits = scoreText(rawScore);
  const score = NUMBER.test(scoreDigits) ? Number(scoreDigits.replace(',', '.')) : NaN;
  if (rawScore === '') problems.push('score is missing');
  else if (!Number.isFinite(score)) problems.push(`score "${rawScore}" is not a number`);
  else if (!Number.isInteger(score)) problems.push(`score "${rawScore}" is not a whole number`);
  else if (score < NPS_MIN || score > NPS_MAX) problems.push(`score "${rawScore}" is outside ${NPS_MIN}–${NPS_MAX}`);

  const email = emailCell(optional('email'));
  if (email && !isEmail(email)) problems.push(`e-mail "${cell('email')}" is not an e-mail address`);
  const hubspotId = optional('hubspotId');
  if (hubspotId && !/^\d{1,20}$/.test(hubspotId)) problems.push(`HubSpot id "${hubspotId}" is not a HubSpot record id (digits only)`);
  const rawSalesforceId = optional('salesforceId');
  const salesforceId = rawSalesforceId ? normalizeSalesforceId(rawSalesforceId) : null;
  if (rawSalesforceId && !salesforceId) {
    problems.push(
      /^[a-zA-Z0-9]{18}$/.test(rawSalesforceId)
        ? `Salesforce id "${rawSalesforceId}" does not check out: its last 3 characters do not match the first 15 (mistyped?)`
        : `Salesforce id "${rawSalesforceId}" is not a 15- or 18-character Salesforce id`,
    );
  }
  if (!email && !hubspotId && !rawSalesforceId)
    problems.push('no e-mail and no HubSpot or Salesforce id: the response cannot be matched to a customer');

  const rawDate = cell('date');
  const zone = layout.timeZone ?? opts.timeZone;
  const respondedAt = rawDate === '' ? null : layout.usDates ? parseUsDate(rawDate, zone) : parseResponseDate(rawDate, zone);
  if (rawDate === '') problems.push('date is missing');
  else if (respondedAt === null)
    problems.push(
      layout.usDates
        ? `date "${rawDate}" is not a date we can read: SurveyMonkey writes month/day/year (11/20/2026 9:30:15 AM)`
        : `date "${rawDate}" is not a date we can read: use ISO 8601 (2026-11-20T09:30:00Z) or Unix seconds`,
    );
  const future = respondedAt !== null && respondedAt > opts.now + FUTURE_SKEW;
  if (future)
    problems.push(
      `date "${rawDate}" is in the future (${dateTime(respondedAt, zone)} ${zone}, after this computer's clock): is the export's time zone right?`,
    );

  const owner = emailCell(optional('owner'));
  if (owner && !isEmail(owner))
    problems.push(`owner "${cell('owner')}" is not an e-mail address (the owner column holds the account owner's e-mail)`);
  const rawRevenue = optional('revenue');
  const revenue = rawRevenue === '' ? undefined : parseAmount(rawRevenue);
  if (revenue === null) problems.push(`revenue "${rawRevenue}" is not an amount`);

  if (respondedAt !== null && respondedAt < 0) problems.push(`date "${rawDate}" is before 1970`);
  const name =
    cell('name') ||
    [layout.firstName, layout.lastName]
      .map((i) => (i === undefined ? '' : (cells[i] ?? '').trim()))
      .filter(Boolean)
      .join(' ');
  const company = cell('company');
  for (const [what, value, max] of [
    ['e-mail', email, MAX_EMAIL],
    ['owner', owner, MAX_EMAIL],
    ['name', name, MAX_NAME],
    ['company', company, MAX_NAME],
  ] as const) {
    if (value.length > max) problems.push(`${what} is ${value.length} characters long; at most ${max} fit`);
  }
  if (problems.length > 0 || respondedAt === null) return { ok: false, reason: problems.join('; '), ...(future ? { future } : {}) };

  // A detractor who wrote at length is the last one to lose: keep the response, cut the comment.
  const fullComment = cell('comment');
  const cut = fullComment.length > MAX_COMMENT;
  const comment = cut ? `${fullComment.slice(0, MAX_COMMENT - 1)}…` : fullComment;

  const extra: Record<string, string> = {};
  for (const [index, name] of columns.extra) {
    const value = (cells[index] ?? '').trim();
    if (value) extra[name] = value;
  }
  if (cut) extra['comment length'] = `${fullComment.length} characters in the file; the first ${MAX_COMMENT - 1} are kept`;
  const candidate: SurveyResponse = {
    id: responseId({
      sourceId: cell('responseId') || undefined,
      email,
      hubspotId,
      salesforceId: salesforceId ?? undefined,
      respondedAt,
      scale: opts.scale,
      score,
    }),
    scale: opts.scale,
    score,
    comment,
    respondedAt,
    ...(email ? { email } : {}),
    ...(name ? { name } : {}),
    ...(company ? { company } : {}),
    ...(owner ? { ownerEmail: owner } : {}),
    ...(hubspotId ? { hubspotId } : {}),
    ...(salesforceId ? { salesforceId } : {}),
    ...(typeof revenue === 'number' ? { accountRevenue: revenue } : {}),
    extra,
  };
  // Every field was checked above, within ResponseSchema's limits, so the row is not run through
  // zod again: the options page's CSP turns zod's compiled fast path off, and a per-row schema
  // check was the largest part of reading a large export. The worker checks each batch at its boundary.
  return { ok: true, response: candidate, cut };
}

const DIRECTORY_FILE =
  'This file looks like a team directory (it has manager, role or working-hours columns and no score), not survey responses: import it under Team directory above.';

/** Why a layout cannot be imported from at all, or null when it can. */
function headerProblem(layout: Layout, line: number): string | null {
  const { fields } = layout.columns;
  const missing = (['score', 'date'] as const).filter((f) => fields[f] === undefined);
  const what = layout.format === 'csv' ? `The header row (line ${line})` : `This ${FORMAT_NAMES[layout.format]}`;
  if (missing.includes('score') && layout.format === 'csv' && looksLikeDirectory(layout.names)) return DIRECTORY_FILE;
  if (missing.length > 0) {
    const names = missing.map((f) => `a ${f} column (${accepted(f)})`).join(' and ');
    return layout.format === 'csv'
      ? `${what} has no ${missing.join(' and no ')} column. Add ${names}, or pick the columns below.`
      : `${what} has no ${missing.join(' and no ')} column we recognise: pick ${missing.length > 1 ? 'them' : 'it'} below.`;
  }
  if (fields.email === undefined && fields.hubspotId === undefined && fields.salesforceId === undefined) {
    return `${what} has no email, hubspot id or salesforce id column: the responses could not be matched to customers. Pick the e-mail column below.`;
  }
  return null;
}

/**
 * Survey-export rows → responses, one row at a time, so a file can be read in slices without ever
 * being whole in memory. Recognises each tool's header rows (see formats.ts); every bad row is
 * reported with its physical line and all of its problems, and every good row is kept; only a
 * file without the columns we need is refused whole (`fatal`, with what the mapping step needs).
 * Exact repeats of a response in the file count as duplicates. `take()` hands out the responses
 * read so far, so the caller can write them in batches.
 */
export class ResponseReader {
  readonly handlers: CsvRowHandlers;
  errors: RowError[] = [];
  duplicates = 0;
  longComments = 0;
  /** data rows read, good or bad */
  rowsRead = 0;
  responsesRead = 0;
  /** rows refused (also) for a date after this computer's clock: a later read of the file may take them */
  futureRows = 0;
  format: ExportFormat = 'csv';
  layout: Layout | null = null;
  fatal: string | undefined;
  mapping: MappingNeeded | undefined;
  private pending: SurveyResponse[] = [];
  private readonly seen = new Set<string>();
  private headerRows: string[][] = [];
  private headerLine = 1;
  private readonly options: Required<Omit<ResponseReaderOptions, 'choiceFor'>>;

  constructor(private readonly opts: ResponseReaderOptions) {
    this.options = { scale: 'nps', timeZone: opts.timeZone, now: opts.now };
    if (!isTimeZone(opts.timeZone))
      this.fatal = `The time zone "${opts.timeZone}" is unknown: choose one such as Europe/Berlin in the settings.`;
    this.handlers = {
      header: (cells, line) => {
        if (this.fatal) return false;
        this.headerLine = line;
        this.format = sniffFormat(cells);
        this.headerRows = [cells];
        if (headerRowCount(this.format) === 1) this.settle();
        // A file the mapping step can fix is read on for its first rows (the preview).
        return !this.fatal || this.mapping !== undefined;
      },
      malformed: (error) => {
        if (this.done) return;
        this.rowsRead++;
        this.errors.push(error);
      },
      row: (cells, line) => this.row(cells, line),
    };
  }

  /** nothing more to read: the file cannot be imported, or the mapping step has its preview */
  get done(): boolean {
    return this.fatal !== undefined && (this.mapping === undefined || this.mapping.preview.length >= PREVIEW_ROWS);
  }

  /** the responses read since the last call */
  take(): SurveyResponse[] {
    const batch = this.pending;
    this.pending = [];
    return batch;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** after the last row: a file without a header row, or with only header rows, says so */
  finish(): void {
    if (this.fatal) return;
    if (this.layout === null && this.headerRows.length > 0) this.settle();
    if (this.layout === null) this.fatal = 'The file is empty: it needs a header row and one row per response.';
  }

  /** field → the header it was read from */
  get columns(): Record<string, string> {
    return (this.layout?.columns.headers ?? {}) as Record<string, string>;
  }

  private row(cells: string[], line: number): void {
    if (this.done) return;
    if (this.layout === null && !this.fatal) {
      const more = this.format === 'qualtrics' && this.headerRows.length === 2 ? isImportIdRow(cells) : true;
      if (more && this.headerRows.length < headerRowCount(this.format)) {
        this.headerRows.push(cells);
        if (this.headerRows.length === headerRowCount(this.format)) this.settle();
        return;
      }
      this.settle();
    }
    if (this.mapping) {
      this.mapping.preview.push(cells);
      return;
    }
    if (!this.layout || this.fatal) return;
    this.rowsRead++;
    const result = readRow(cells, this.layout, this.options);
    if (!result.ok) {
      this.errors.push({ line, reason: result.reason });
      if (result.future) this.futureRows++;
    } else if (this.seen.has(result.response.id)) this.duplicates++;
    else {
      this.seen.add(result.response.id);
      this.responsesRead++;
      if (result.cut) this.longComments++;
      this.pending.push(result.response);
    }
  }

  /** the header rows are all in: decide how the columns are read, or why they cannot be */
  private settle(): void {
    let layout = layoutOf(this.format, this.headerRows);
    const key = headerKey(layout.names);
    const choice = this.opts.choiceFor?.(key);
    if (choice) layout = withChoice(layout, choice);
    const problem = headerProblem(layout, this.headerLine);
    if (problem === DIRECTORY_FILE) {
      this.fatal = problem;
      return;
    }
    if (problem) {
      const { fields } = layout.columns;
      this.fatal = problem;
      this.mapping = {
        key,
        columns: layout.names,
        preview: [],
        guess: { score: fields.score, date: fields.date, email: fields.email, comment: fields.comment },
        problem,
      };
      return;
    }
    this.layout = layout;
  }
}

/** A whole survey export in memory → responses (tests, the demo, `import/csv`). See ResponseReader. */
export function parseResponsesCsv(text: string, opts: Omit<ResponseReaderOptions, 'now'> & { now?: number }): CsvImport {
  const reader = new ResponseReader({ ...opts, now: opts.now ?? Date.now() });
  if (!reader.fatal) readCsvRows(text, reader.handlers);
  reader.finish();
  const base = {
    errors: reader.fatal ? [] : reader.errors,
    duplicates: reader.duplicates,
    longComments: reader.longComments,
    format: reader.format,
  };
  if (reader.fatal) {
    return {
      ...base,
      responses: [],
      columns: reader.mapping ? {} : reader.columns,
      fatal: reader.fatal,
      ...(reader.mapping ? { mapping: reader.mapping } : {}),
    };
  }
  return { ...base, responses: reader.take(), columns: reader.columns };
}
