import type { z } from 'zod';
import { SyncError } from '@/lib/sync/errors';
import { parseRetryAfter } from '@/lib/sync/backoff';
import type { RateBudget } from '@/lib/sync/rate-budget';
import { parseLimitInfo, type ApiUsage } from './limits';
import {
  CompositeResponseSchema,
  DescribeGlobalSchema,
  ErrorArraySchema,
  QueryResultSchema,
  SObjectDescribeSchema,
  type CompositeSubresult,
  type DescribeGlobal,
  type QueryResult,
  type SalesforceErrorItem,
  type SObjectDescribe,
} from './schemas';
import { SALESFORCE_DATA_PATH } from './version';

/**
 * Where the bearer token comes from: the user's own session (the `sid` cookie of the org's
 * my.salesforce.com host, read afresh each time) or an OAuth access token. Lives in the background.
 */
export interface SalesforceAuth {
  /** the token to send now; null when there is none (not signed in to the org, nothing connected) */
  token(): Promise<string | null>;
  /** `refused` was answered INVALID_SESSION_ID: a newer token (re-read cookie, refreshed OAuth) or null */
  renew(refused: string): Promise<string | null>;
}

export interface SalesforceClientOptions {
  /** `https://acme.my.salesforce.com` */
  origin: string;
  fetch: typeof fetch;
  now: () => number;
  auth: SalesforceAuth;
  /** shared by every request to this org */
  budget: RateBudget;
  timeoutMs?: number;
  /** every answer's `Sforce-Limit-Info`, for the poll plan and the options status */
  onUsage?: (usage: ApiUsage) => void;
}

/** codes that say the org will not take this session or app at all: nothing works until someone acts */
const AUTH_CODES = new Set([
  'INVALID_SESSION_ID',
  'INVALID_AUTH_HEADER',
  'API_DISABLED_FOR_ORG',
  'API_CURRENTLY_DISABLED',
  'OAUTH_APP_BLOCKED',
  'OAUTH_APP_ACCESS_DENIED',
  'INVALID_OPERATION_WITH_EXPIRED_PASSWORD',
]);
/** codes that say "later": the row or the org is busy */
const TRANSIENT_CODES = new Set(['SERVER_UNAVAILABLE', 'UNABLE_TO_LOCK_ROW', 'QUERY_TIMEOUT', 'REQUEST_RUNNING_TOO_LONG']);
/** The daily allocation is a rolling 24 h: when it is spent, probe again after this long. */
export const LIMIT_EXCEEDED_HOLD_MS = 30 * 60_000;
/** a 429/503 without Retry-After still holds the budget this long */
const DEFAULT_HOLD_MS = 10_000;
export const MAX_COMPOSITE = 25;
/** query batches of 200 records (the smallest Salesforce allows) keep each answer small, unless a query asks for more */
const DEFAULT_BATCH = 200;

export interface CompositeSubrequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** a path under the data path, e.g. `/sobjects/Task/Loopside_Key__c/e:…` */
  path: string;
  referenceId: string;
  body?: unknown;
}

export interface SalesforceClient {
  readonly origin: string;
  /** `Sforce-Limit-Info` of the last answer */
  usage(): ApiUsage | null;
  /** `batchSize` (200–2,000) is how many records one answer carries before `nextRecordsUrl` */
  query(soql: string, what: string, batchSize?: number): Promise<QueryResult>;
  /** the next batch of a query (`nextRecordsUrl`) */
  queryMore(nextRecordsUrl: string, what: string): Promise<QueryResult>;
  /** every batch of a query, at most `maxRecords` records */
  queryAll(soql: string, what: string, maxRecords?: number): Promise<QueryResult['records']>;
  /** PATCH /sobjects/{type}/{field}/{value}: 'created' or 'updated' */
  upsert(sobject: string, field: string, value: string, body: Record<string, unknown>, what: string): Promise<'created' | 'updated'>;
  /** up to 25 subrequests in one API call, each answered on its own (allOrNone false) */
  composite(subrequests: readonly CompositeSubrequest[], what: string): Promise<CompositeSubresult[]>;
  describeGlobal(): Promise<DescribeGlobal>;
  describe(sobject: string): Promise<SObjectDescribe>;
}

/** The first error of an error array, in words with its code: `Session expired or invalid [INVALID_SESSION_ID]`. */
export function describeErrors(body: unknown): { code: string; text: string } | null {
  const parsed = ErrorArraySchema.safeParse(body);
  if (!parsed.success) return null;
  const first: SalesforceErrorItem = parsed.data[0]!;
  return { code: first.errorCode, text: `${first.message} [${first.errorCode}]` };
}

/** The sync kind of a Salesforce error: by its code first, then by the HTTP status. */
export function kindOfSalesforceError(status: number, code: string | undefined): SyncError['kind'] {
  if (code === 'REQUEST_LIMIT_EXCEEDED') return 'rate_limited';
  if (code && AUTH_CODES.has(code)) return 'auth';
  if (code && TRANSIENT_CODES.has(code)) return 'transient';
  if (status === 401) return 'auth';
  if (status === 429) return 'rate_limited';
  if (status === 408 || status >= 500) return 'transient';
  // 403 without an auth code is one record or field we may not touch: refused, not a lost session.
  return 'refused';
}

export function createSalesforceClient(opts: SalesforceClientOptions): SalesforceClient {
  const origin = opts.origin.replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 30_000;
  let lastUsage: ApiUsage | null = null;

  async function send(url: string, init: RequestInit & { headers: Record<string, string> }, what: string, token: string) {
    try {
      return await opts.fetch(url, {
        ...init,
        headers: { ...init.headers, Authorization: `Bearer ${token}`, Accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
        cache: 'no-store',
        // The bearer header is the credential: cookies are never sent along (the sid is read, not replayed).
        credentials: 'omit',
      });
    } catch (e) {
      throw new SyncError(`${what}: network error or timeout (${e instanceof Error ? e.message : String(e)})`, {
        kind: 'transient',
        cause: e,
      });
    }
  }

  async function readJson(response: Response, what: string): Promise<unknown> {
    if (response.status === 204) return null;
    const text = await response.text().catch(() => '');
    if (text === '') return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new SyncError(`${what}: malformed answer (not JSON, HTTP ${response.status})`, { kind: 'transient', status: response.status });
    }
  }

  /** One request with its budget token, the session renewed once on INVALID_SESSION_ID, errors as SyncError. */
  async function request(
    path: string,
    init: { method: string; body?: unknown; query?: number },
    what: string,
  ): Promise<{ status: number; body: unknown }> {
    const url = path.startsWith('/services/') ? `${origin}${path}` : `${origin}${SALESFORCE_DATA_PATH}${path}`;
    let token = await opts.auth.token();
    if (!token) throw new SyncError(`${what}: not signed in to ${origin} (no session)`, { kind: 'auth' });
    for (let attempt = 0; ; attempt++) {
      const spent = opts.budget.take();
      if (!spent.ok)
        throw new SyncError(`${what}: waiting for the rate budget (${spent.waitMs} ms)`, {
          kind: 'rate_limited',
          retryAfterMs: spent.waitMs,
        });
      const headers: Record<string, string> = {};
      if (init.body !== undefined) headers['Content-Type'] = 'application/json';
      if (init.query) headers['Sforce-Query-Options'] = `batchSize=${Math.min(2000, Math.max(200, init.query))}`;
      const response = await send(
        url,
        { method: init.method, headers, ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) },
        what,
        token,
      );
      const usage = parseLimitInfo(response.headers.get('Sforce-Limit-Info'), opts.now());
      if (usage) {
        lastUsage = usage;
        opts.onUsage?.(usage);
      }
      const body = await readJson(response, what).catch((e: unknown) => {
        if (response.ok) throw e;
        return null;
      });
      if (response.ok) return { status: response.status, body };
      const error = describeErrors(body);
      if (error?.code === 'INVALID_SESSION_ID' && attempt === 0) {
        // Sessions end (timeout, logout, a new login elsewhere): read the current one and try once more.
        const renewed = await opts.auth.renew(token);
        if (renewed && renewed !== token) {
          token = renewed;
          continue;
        }
      }
      const kind = kindOfSalesforceError(response.status, error?.code);
      const retryAfter = parseRetryAfter(response.headers.get('Retry-After'), opts.now());
      const holdMs = error?.code === 'REQUEST_LIMIT_EXCEEDED' ? LIMIT_EXCEEDED_HOLD_MS : (retryAfter ?? DEFAULT_HOLD_MS);
      if (kind === 'rate_limited' || response.status === 503) opts.budget.hold(holdMs);
      throw new SyncError(`${what}: HTTP ${response.status} ${error?.text ?? ''}`.trim(), {
        kind,
        status: response.status,
        ...(kind === 'rate_limited' || retryAfter !== undefined ? { retryAfterMs: kind === 'rate_limited' ? holdMs : retryAfter } : {}),
      });
    }
  }

  function parse<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    const why = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    // A 2xx we cannot read may be a proxy or login page: the write may not have happened; retrying is safe.
    throw new SyncError(`${what}: unexpected answer (${why})`, { kind: 'transient' });
  }

  const client: SalesforceClient = {
    origin,
    usage: () => lastUsage,

    async query(soql, what, batchSize = DEFAULT_BATCH) {
      const { body } = await request(`/query?q=${encodeURIComponent(soql)}`, { method: 'GET', query: batchSize }, what);
      return parse(QueryResultSchema, body, what);
    },

    async queryMore(nextRecordsUrl, what) {
      const { body } = await request(nextRecordsUrl, { method: 'GET', query: DEFAULT_BATCH }, what);
      return parse(QueryResultSchema, body, what);
    },

    async queryAll(soql, what, maxRecords = 50_000) {
      let batch = await client.query(soql, what);
      const records = [...batch.records];
      while (!batch.done && batch.nextRecordsUrl && records.length < maxRecords) {
        batch = await client.queryMore(batch.nextRecordsUrl, what);
        records.push(...batch.records);
      }
      return records.slice(0, maxRecords);
    },

    async upsert(sobject, field, value, body, what) {
      const { status } = await request(`/sobjects/${sobject}/${field}/${encodeURIComponent(value)}`, { method: 'PATCH', body }, what);
      // 201 created; 200 (API 46.0+, with `created: false`) or 204 (older) updated.
      return status === 201 ? 'created' : 'updated';
    },

    async composite(subrequests, what) {
      if (subrequests.length === 0) return [];
      if (subrequests.length > MAX_COMPOSITE) throw new Error(`composite takes ${MAX_COMPOSITE} subrequests at most`);
      const { body } = await request(
        '/composite',
        {
          method: 'POST',
          body: {
            allOrNone: false,
            compositeRequest: subrequests.map((s) => ({
              method: s.method,
              url: `${SALESFORCE_DATA_PATH}${s.path}`,
              referenceId: s.referenceId,
              ...(s.body === undefined ? {} : { body: s.body }),
            })),
          },
        },
        what,
      );
      const results = parse(CompositeResponseSchema, body, what).compositeResponse;
      return results;
    },

    async describeGlobal() {
      const { body } = await request('/sobjects', { method: 'GET' }, 'describe objects');
      return parse(DescribeGlobalSchema, body, 'describe objects');
    },

    async describe(sobject) {
      const what = `describe ${sobject}`;
      const { body } = await request(`/sobjects/${sobject}/describe`, { method: 'GET' }, what);
      return parse(SObjectDescribeSchema, body, what);
    },
  };
  return client;
}
