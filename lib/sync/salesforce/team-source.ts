import { ResponseSchema, type SurveyResponse } from '@/lib/loop';
import type { SalesforceClient } from '@/lib/crm/salesforce/api/client';
import { salesforceKeyPrefix } from '@/lib/crm/salesforce/id';
import {
  parseSalesforceDateTime,
  PersonRecordSchema,
  soqlDateTime,
  soqlString,
  UserRecordSchema,
  type PersonRecord,
} from '@/lib/crm/salesforce/api/schemas';
import type { CrmPerson, ResponsePage, TeamSource } from '../team-source';
import { SyncError } from '../errors';
import type { ResponseSource } from './config';
import type { PollGate } from './poll-gate';
import { id18 } from './tasks';

/**
 * responses per page; each page costs one query plus one composite for comments and contacts, so a
 * busy org's poll (a thousand-person team gets a few hundred answers between two polls) takes one page
 */
export const RESPONSE_PAGE = 500;
/** a browser that never read responses starts this far back */
const FIRST_WINDOW_MS = 30 * 24 * 3_600_000;

const USERS_SOQL = "SELECT Id, Email, Name, ManagerId, Manager.Email FROM User WHERE IsActive = true AND UserType = 'Standard'";

/** One source row before the contact is looked up. */
export interface SourceRow {
  /** becomes the response id (and so the loop id): one loop per survey response */
  responseId: string;
  personId: string;
  score: number;
  comment: string;
  respondedAt: number;
  stamp: number;
  rowId: string;
}

export interface SalesforceTeamSourceOptions {
  client: SalesforceClient;
  source: () => Promise<ResponseSource | null>;
  now: () => number;
  gate?: PollGate;
}

const after = (cursor: string | null, now: number) => {
  const [stamp, id] = (cursor ?? '').split('|');
  const ms = Number(stamp);
  if (cursor && Number.isFinite(ms) && id)
    return `(SystemModstamp > ${soqlDateTime(ms)} OR (SystemModstamp = ${soqlDateTime(ms)} AND Id > ${soqlString(id)}))`;
  return `SystemModstamp > ${soqlDateTime(now - FIRST_WINDOW_MS)}`;
};

const rec = (r: unknown) => r as Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const path = (r: unknown, dotted: string): unknown =>
  dotted.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), r);

/** The main query of a source: rows since the cursor, oldest first. */
export function sourceQuery(source: ResponseSource, where: string, limit: number): string {
  if (source.kind === 'feedback') {
    const types = source.questionTypes.map(soqlString).join(', ');
    return (
      'SELECT Id, NumberValue, ResponseId, Invitation.ParticipantId, CreatedDate, SystemModstamp FROM SurveyQuestionResponse ' +
      `WHERE NumberValue != null AND Question.QuestionType IN (${types}) AND ${where} ORDER BY SystemModstamp ASC, Id ASC LIMIT ${limit}`
    );
  }
  const fields = [source.contactField, source.scoreField, source.dateField, ...(source.commentField ? [source.commentField] : [])];
  return (
    `SELECT Id, ${[...new Set(fields)].join(', ')}, SystemModstamp FROM ${source.object} ` +
    `WHERE ${source.scoreField} != null AND ${source.contactField} != null AND ${where} ORDER BY SystemModstamp ASC, Id ASC LIMIT ${limit}`
  );
}

function toRow(source: ResponseSource, raw: unknown): SourceRow | { reason: string; id: string } {
  const r = rec(raw);
  const rowId = str(r.Id);
  const stamp = parseSalesforceDateTime(str(r.SystemModstamp));
  if (!rowId || stamp === null) return { id: rowId || '(row)', reason: 'no Id or SystemModstamp' };
  const personId = id18(str(source.kind === 'feedback' ? path(r, 'Invitation.ParticipantId') : r[source.contactField]));
  if (!personId) return { id: rowId, reason: 'no contact or lead on this response' };
  const scoreRaw = source.kind === 'feedback' ? r.NumberValue : r[source.scoreField];
  const score = typeof scoreRaw === 'number' ? scoreRaw : Number(scoreRaw);
  if (!Number.isInteger(score)) return { id: rowId, reason: `the score ${JSON.stringify(scoreRaw)} is not a whole number` };
  const dateRaw = source.kind === 'feedback' ? r.CreatedDate : r[source.dateField];
  const respondedAt =
    typeof dateRaw === 'string' ? parseSalesforceDateTime(dateRaw.length === 10 ? `${dateRaw}T00:00:00Z` : dateRaw) : null;
  if (respondedAt === null) return { id: rowId, reason: 'no response date' };
  const responseId = source.kind === 'feedback' ? (id18(str(r.ResponseId)) ?? rowId) : (id18(rowId) ?? rowId);
  const comment = source.kind === 'object' && source.commentField ? str(r[source.commentField]) : '';
  return { responseId, personId, score, comment, respondedAt, stamp, rowId };
}

/**
 * Reads the rows a query gave into survey responses: the comments of Feedback Management responses
 * (their free-text answers) and the contacts and leads they are about come in one composite call.
 */
export async function responsesFromRows(
  client: SalesforceClient,
  source: ResponseSource,
  rawRows: readonly unknown[],
): Promise<{ responses: SurveyResponse[]; rejected: { id: string; reason: string }[] }> {
  const rejected: { id: string; reason: string }[] = [];
  const rows: SourceRow[] = [];
  const seen = new Set<string>();
  for (const raw of rawRows) {
    const row = toRow(source, raw);
    if ('reason' in row) rejected.push(row);
    else if (!seen.has(row.responseId)) {
      // A survey with two score questions gives two rows for one response: one loop, the first score.
      seen.add(row.responseId);
      rows.push(row);
    }
  }
  if (rows.length === 0) return { responses: [], rejected };
  const contacts = rows.filter((r) => salesforceKeyPrefix(r.personId) === '003').map((r) => r.personId);
  const leads = rows.filter((r) => salesforceKeyPrefix(r.personId) === '00Q').map((r) => r.personId);
  const inList = (ids: string[]) => [...new Set(ids)].map(soqlString).join(', ');
  const q = (soql: string) => `/query?q=${encodeURIComponent(soql)}`;
  const subrequests = [];
  if (contacts.length)
    subrequests.push({
      method: 'GET' as const,
      referenceId: 'contacts',
      path: q(
        `SELECT Id, Email, Name, Owner.Email, AccountId, Account.Name, Account.AnnualRevenue FROM Contact WHERE Id IN (${inList(contacts)})`,
      ),
    });
  if (leads.length)
    subrequests.push({
      method: 'GET' as const,
      referenceId: 'leads',
      path: q(`SELECT Id, Email, Name, Company, Owner.Email FROM Lead WHERE Id IN (${inList(leads)})`),
    });
  if (source.kind === 'feedback')
    subrequests.push({
      method: 'GET' as const,
      referenceId: 'comments',
      path: q(
        `SELECT ResponseId, ResponseValue FROM SurveyQuestionResponse WHERE ResponseId IN (${inList(rows.map((r) => r.responseId))}) ` +
          "AND Question.QuestionType IN ('FreeText', 'ShortText')",
      ),
    });
  const results = await client.composite(subrequests, `read ${rows.length} response(s)' contacts`);
  const people = new Map<string, PersonRecord>();
  const comments = new Map<string, string>();
  for (const r of results) {
    if (r.httpStatusCode !== 200) throw new SyncError(`read ${r.referenceId}: HTTP ${r.httpStatusCode}`, { kind: 'transient' });
    const records = (r.body as { records?: unknown[] } | null)?.records ?? [];
    for (const raw of records) {
      if (r.referenceId === 'comments') {
        const id = id18(str(rec(raw).ResponseId));
        const text = str(rec(raw).ResponseValue);
        if (id && text) comments.set(id, [comments.get(id), text].filter(Boolean).join('\n'));
        continue;
      }
      const p = PersonRecordSchema.safeParse(raw);
      const id = p.success ? id18(p.data.Id) : undefined;
      if (p.success && id) people.set(id, p.data);
    }
  }
  const responses: SurveyResponse[] = [];
  for (const row of rows) {
    const person = people.get(row.personId);
    if (!person) {
      rejected.push({ id: row.rowId, reason: `contact or lead ${row.personId} not found (deleted, or not visible to you)` });
      continue;
    }
    const accountId = id18(person.AccountId);
    const candidate = {
      id: `salesforce:${row.responseId}`,
      scale: source.scale,
      score: row.score,
      comment: source.kind === 'feedback' ? (comments.get(row.responseId) ?? '') : row.comment,
      respondedAt: row.respondedAt,
      ...(person.Email ? { email: person.Email } : {}),
      ...(person.Name ? { name: person.Name } : {}),
      ...((person.Account?.Name ?? person.Company) ? { company: person.Account?.Name ?? person.Company ?? '' } : {}),
      ...(accountId ? { accountId } : {}),
      ...(person.Owner?.Email ? { ownerEmail: person.Owner.Email.toLowerCase() } : {}),
      salesforceId: row.personId,
      ...(typeof person.Account?.AnnualRevenue === 'number' && person.Account.AnnualRevenue >= 0
        ? { accountRevenue: person.Account.AnnualRevenue }
        : {}),
      extra: {},
    };
    const parsed = ResponseSchema.safeParse(candidate);
    if (parsed.success) responses.push(parsed.data);
    else rejected.push({ id: row.rowId, reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
  }
  return { responses, rejected };
}

/** The people and survey responses of a Salesforce org, for the team poll. */
export function createSalesforceTeamSource(opts: SalesforceTeamSourceOptions): TeamSource {
  const { client } = opts;
  let backlog = false;
  return {
    async listPeople(): Promise<CrmPerson[]> {
      const records = await client.queryAll(USERS_SOQL, 'read the org’s active users');
      const people: CrmPerson[] = [];
      for (const raw of records) {
        const u = UserRecordSchema.safeParse(raw);
        const id = u.success ? id18(u.data.Id) : undefined;
        if (!u.success || !id || !u.data.Email) continue;
        const managerEmail = u.data.Manager?.Email?.toLowerCase();
        people.push({
          email: u.data.Email.toLowerCase(),
          name: u.data.Name ?? '',
          crmUserId: id,
          ...(managerEmail ? { managerEmail } : {}),
        });
      }
      return people;
    },

    async pullResponses(cursor): Promise<ResponsePage> {
      const idle: ResponsePage = { responses: [], rejected: [], cursor: cursor ?? '', more: false };
      const source = await opts.source();
      if (!source) return idle;
      const now = opts.now();
      if (opts.gate && !backlog && !opts.gate.open('responses', now)) return idle;
      const result = await client.query(sourceQuery(source, after(cursor, now), RESPONSE_PAGE), 'read new survey responses', RESPONSE_PAGE);
      backlog = result.records.length >= RESPONSE_PAGE;
      const page: ResponsePage = { ...idle, more: backlog };
      const last = result.records.at(-1);
      if (last) {
        const stamp = parseSalesforceDateTime(str(rec(last).SystemModstamp));
        if (stamp !== null) page.cursor = `${stamp}|${str(rec(last).Id)}`;
      }
      const read = await responsesFromRows(client, source, result.records);
      page.responses = read.responses;
      page.rejected = read.rejected;
      return page;
    },
  };
}

/** The options page's "test": the first rows the source would import now, and what it would skip. */
export async function testSource(client: SalesforceClient, source: ResponseSource, now: number, limit = 5) {
  const result = await client.query(sourceQuery(source, after(null, now), limit), 'test the response source');
  return responsesFromRows(client, source, result.records);
}
