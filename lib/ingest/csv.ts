import { ResponseSchema, type SurveyResponse } from '@/lib/loop';
import { normalizeSalesforceId } from '@/lib/crm/salesforce/id';
import { isEmail } from '@/lib/crm/email';
import { COLUMN_ALIASES, mapColumns, type ColumnMap, type Field } from './columns';
import { isTimeZone } from '@/lib/loop/tz';
import { parseResponseDate } from './dates';
import { parseAmount } from './amount';
import { responseId } from './response-id';
import { emailCell, optionalCell } from './cells';
import { readCsvRows, type RowError } from './csv-rows';

export type { RowError };

export interface CsvImport {
  responses: SurveyResponse[];
  /** one per rejected row; the other rows are imported all the same */
  errors: RowError[];
  /** rows naming the same response as an earlier row (same response id, or same person, time, scale and score) */
  duplicates: number;
  /** field → the header it was read from, as the file writes it */
  columns: Record<string, string>;
  /** set when nothing can be imported at all (empty file, a required column missing): the one error to show */
  fatal?: string;
}

export interface CsvOptions {
  /** IANA zone in which times without an offset (and dates alone) are read */
  timeZone: string;
  scale?: 'nps';
}

const NPS_MIN = 0;
const NPS_MAX = 10;
const MAX_COMMENT = 20_000;
const NUMBER = /^[+-]?\d+(?:[.,]\d+)?$/;

const accepted = (field: Field) => COLUMN_ALIASES[field].join(', ');

/** `10 - Extremely likely` (survey tools exporting the choice label) → `10`. */
function scoreText(raw: string): string {
  return /^(\d{1,2})\s*[-–—:]\s*\D/.exec(raw)?.[1] ?? raw;
}

type RowResult = { ok: true; response: SurveyResponse } | { ok: false; reason: string };

function readRow(cells: readonly string[], columns: ColumnMap, opts: Required<CsvOptions>): RowResult {
  const cell = (f: Field) => {
    const index = columns.fields[f];
    return index === undefined ? '' : (cells[index] ?? '').trim();
  };
  const optional = (f: Field) => optionalCell(cell(f));
  const problems: string[] = [];

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
  const respondedAt = rawDate === '' ? null : parseResponseDate(rawDate, opts.timeZone);
  if (rawDate === '') problems.push('date is missing');
  else if (respondedAt === null)
    problems.push(`date "${rawDate}" is not a date we can read: use ISO 8601 (2026-11-20T09:30:00Z) or Unix seconds`);

  const owner = emailCell(optional('owner'));
  if (owner && !isEmail(owner))
    problems.push(`owner "${cell('owner')}" is not an e-mail address (the owner column holds the account owner's e-mail)`);
  const rawRevenue = optional('revenue');
  const revenue = rawRevenue === '' ? undefined : parseAmount(rawRevenue);
  if (revenue === null) problems.push(`revenue "${rawRevenue}" is not an amount`);

  const comment = cell('comment');
  if (comment.length > MAX_COMMENT) problems.push(`comment is longer than ${MAX_COMMENT.toLocaleString('en')} characters`);

  if (problems.length > 0 || respondedAt === null) return { ok: false, reason: problems.join('; ') };

  const extra: Record<string, string> = {};
  for (const [index, name] of columns.extra) {
    const value = (cells[index] ?? '').trim();
    if (value) extra[name] = value;
  }
  const name = cell('name');
  const company = cell('company');
  const candidate = {
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
    ...(revenue !== undefined ? { accountRevenue: revenue } : {}),
    extra,
  };
  const parsed = ResponseSchema.safeParse(candidate);
  if (!parsed.success) {
    return {
      ok: false,
      reason: `does not fit a survey response: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'row'} ${i.message}`).join('; ')}`,
    };
  }
  return { ok: true, response: parsed.data };
}

/**
 * A survey export → responses. Every bad row is reported with its physical line and all of its
 * problems, and every good row is kept; only a file without the columns we need is refused whole
 * (`fatal`). UTF-8 with or without BOM, CRLF or LF, quoted fields with delimiters, quotes and line
 * breaks; the delimiter is guessed among `,` `;` and tab (Excel writes `;` in many locales), or
 * taken from Excel's `sep=` first line. Exact repeats of a response count as duplicates.
 */
export function parseResponsesCsv(text: string, opts: CsvOptions): CsvImport {
  const options: Required<CsvOptions> = { scale: 'nps', ...opts };
  const empty = (fatal: string, columns: Record<string, string> = {}): CsvImport => ({
    responses: [],
    errors: [],
    duplicates: 0,
    columns,
    fatal,
  });
  if (!isTimeZone(options.timeZone))
    return empty(`The time zone "${options.timeZone}" is unknown: choose one such as Europe/Berlin in the settings.`);

  const result: CsvImport = { responses: [], errors: [], duplicates: 0, columns: {} };
  const seen = new Set<string>();
  let columns: ColumnMap | null = null;
  let headerLine = 1;

  readCsvRows(text, {
    header: (cells, line) => {
      columns = mapColumns(cells);
      headerLine = line;
      // Nothing will be imported: reading the rows would only cost time on a large file.
      return headerProblem(columns, headerLine) === null;
    },
    malformed: (error) => result.errors.push(error),
    row: (cells, line) => {
      const row = readRow(cells, columns!, options);
      if (!row.ok) result.errors.push({ line, reason: row.reason });
      else if (seen.has(row.response.id)) result.duplicates++;
      else {
        seen.add(row.response.id);
        result.responses.push(row.response);
      }
    },
  });

  const mapped = columns as ColumnMap | null;
  if (!mapped) return empty('The file is empty: it needs a header row and one row per response.');
  const found = mapped.headers as Record<string, string>;
  const problem = headerProblem(mapped, headerLine);
  if (problem) return empty(problem, found);
  result.columns = found;
  return result;
}

/** Why a header row cannot be imported from at all, or null when it can. */
function headerProblem(columns: ColumnMap, line: number): string | null {
  const missing = (['score', 'date'] as const).filter((f) => columns.fields[f] === undefined);
  if (missing.length > 0) {
    const names = missing.map((f) => `a ${f} column (${accepted(f)})`).join(' and ');
    return `The header row (line ${line}) has no ${missing.join(' and no ')} column. Add ${names}.`;
  }
  if (columns.fields.email === undefined && columns.fields.hubspotId === undefined && columns.fields.salesforceId === undefined) {
    return `The header row (line ${line}) has no email, hubspot id or salesforce id column: the responses could not be matched to customers.`;
  }
  return null;
}
