import Papa from 'papaparse';
import { ResponseSchema, type SurveyResponse } from '@/lib/loop';
import { normalizeSalesforceId } from '@/lib/crm/salesforce/id';
import { mapColumns, type Field } from './columns';
import { parseResponseDate } from './dates';
import { responseId } from './response-id';

export interface RowError {
  /** physical line in the file, the header being line 1 (quoted line breaks counted) */
  line: number;
  reason: string;
}

export interface CsvImport {
  responses: SurveyResponse[];
  errors: RowError[];
  /** rows identical in identity, time and score to an earlier row of the same file */
  duplicates: number;
  /** set when nothing could be imported at all (no header, a required column missing) */
  fatal?: string;
}

const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]{2,}$/;
const MAX_NPS = 10;

function lineStarts(text: string): number[] {
  const starts: number[] = [];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i);
  return starts;
}

/** 1-based physical line of a character offset, by binary search over the newline positions. */
function lineAt(newlines: readonly number[], offset: number): number {
  let lo = 0;
  let hi = newlines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (newlines[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

type RowResult = { ok: true; response: SurveyResponse } | { ok: false; reason: string };

function readRow(cells: readonly string[], fields: Partial<Record<Field, number>>, extraColumns: Map<number, string>, timeZone: string): RowResult {
  const cell = (f: Field) => (fields[f] === undefined ? '' : (cells[fields[f]!] ?? '').trim());

  const rawScore = cell('score');
  if (rawScore === '') return { ok: false, reason: 'score is missing' };
  const score = Number(rawScore.replace(',', '.'));
  if (!Number.isFinite(score)) return { ok: false, reason: `score "${rawScore}" is not a number` };
  if (!Number.isInteger(score) || score < 0 || score > MAX_NPS) return { ok: false, reason: `score "${rawScore}" is outside 0–10` };

  const email = cell('email').toLowerCase();
  if (email && !EMAIL.test(email)) return { ok: false, reason: `e-mail "${cell('email')}" is not an e-mail address` };
  const hubspotId = cell('hubspotId');
  if (hubspotId && !/^\d{1,20}$/.test(hubspotId)) return { ok: false, reason: `HubSpot id "${hubspotId}" is not a number` };
  const rawSalesforceId = cell('salesforceId');
  const salesforceId = rawSalesforceId ? normalizeSalesforceId(rawSalesforceId) : null;
  if (rawSalesforceId && !salesforceId) return { ok: false, reason: `Salesforce id "${rawSalesforceId}" is not a 15- or 18-character id` };
  if (!email && !hubspotId && !salesforceId) return { ok: false, reason: 'no e-mail and no CRM id: the response cannot be matched to a customer' };

  const rawDate = cell('date');
  if (rawDate === '') return { ok: false, reason: 'date is missing' };
  const respondedAt = parseResponseDate(rawDate, timeZone);
  if (respondedAt === null) return { ok: false, reason: `date "${rawDate}" is not ISO 8601 (2026-11-23T09:30:00Z) or Unix seconds` };

  const owner = cell('owner').toLowerCase();
  if (owner && !EMAIL.test(owner)) return { ok: false, reason: `owner "${cell('owner')}" is not an e-mail address` };
  const rawRevenue = cell('revenue').replace(/[\s,$€£]/g, '');
  const revenue = rawRevenue === '' ? undefined : Number(rawRevenue);
  if (revenue !== undefined && !Number.isFinite(revenue)) return { ok: false, reason: `revenue "${cell('revenue')}" is not a number` };

  const extra: Record<string, string> = {};
  for (const [index, name] of extraColumns) {
    const value = (cells[index] ?? '').trim();
    if (value) extra[name] = value;
  }
  const candidate = {
    id: responseId([hubspotId, salesforceId ?? undefined, email, respondedAt, 'nps', score]),
    scale: 'nps' as const,
    score,
    comment: cell('comment'),
    respondedAt,
    ...(email ? { email } : {}),
    ...(cell('name') ? { name: cell('name') } : {}),
    ...(cell('company') ? { company: cell('company') } : {}),
    ...(owner ? { ownerEmail: owner } : {}),
    ...(hubspotId ? { hubspotId } : {}),
    ...(salesforceId ? { salesforceId } : {}),
    ...(revenue !== undefined ? { accountRevenue: revenue } : {}),
    extra,
  };
  const parsed = ResponseSchema.safeParse(candidate);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  return { ok: true, response: parsed.data };
}

/**
 * A survey export → responses. Each bad row is reported with its line number and the reason,
 * and every good row is kept; only a file without the columns we need is refused whole.
 */
export function parseResponsesCsv(text: string, opts: { timeZone: string }): CsvImport {
  const body = text.replace(/^\uFEFF/, '');
  const newlines = lineStarts(body);
  const result: CsvImport = { responses: [], errors: [], duplicates: 0 };
  const seen = new Set<string>();
  let header: ReturnType<typeof mapColumns> | null = null;
  let rowStart = 0;

  Papa.parse<string[]>(body, {
    header: false,
    skipEmptyLines: false,
    step: (step) => {
      const start = rowStart;
      rowStart = step.meta.cursor;
      const cells = step.data;
      if (cells.length === 1 && cells[0]!.trim() === '') return;
      const line = lineAt(newlines, start);
      if (!header) {
        header = mapColumns(cells);
        return;
      }
      const row = readRow(cells, header.fields, header.extra, opts.timeZone);
      if (!row.ok) {
        result.errors.push({ line, reason: row.reason });
      } else if (seen.has(row.response.id)) {
        result.duplicates++;
      } else {
        seen.add(row.response.id);
        result.responses.push(row.response);
      }
    },
  });

  const mapped = header as ReturnType<typeof mapColumns> | null;
  const missing = (['score', 'date'] as const).filter((f) => mapped?.fields[f] === undefined);
  if (!mapped) return { responses: [], errors: [], duplicates: 0, fatal: 'The file is empty: it needs a header row and one row per response.' };
  if (missing.length > 0) {
    return {
      responses: [],
      errors: [],
      duplicates: 0,
      fatal: `The header row has no ${missing.join(' and no ')} column (line 1). Accepted names: score, nps, rating, value; date, submitted at, response timestamp, created at.`,
    };
  }
  if (mapped.fields.email === undefined && mapped.fields.hubspotId === undefined && mapped.fields.salesforceId === undefined) {
    return { responses: [], errors: [], duplicates: 0, fatal: 'The header row has no email, hubspot id or salesforce id column (line 1): responses could not be matched to customers.' };
  }
  return result;
}
