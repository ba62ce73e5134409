import type { z } from 'zod';
import { parseRetryAfter } from '@/lib/sync/backoff';
import { kindOfStatus, SyncError } from '@/lib/sync/errors';
import type { RateBudget } from '@/lib/sync/rate-budget';
import { HUBSPOT_API_BASE } from './constants';
import { ErrorBodySchema } from './schemas';

/** What one answer said about the portal's limits (`X-HubSpot-RateLimit-*`), when it said anything. */
export interface RateLimitHeaders {
  max?: number;
  remaining?: number;
  intervalMs?: number;
  dailyRemaining?: number;
}

/** One request's trace, for "requests used" in options and for the bench; never holds the token. */
export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  search: boolean;
  at: number;
  limits: RateLimitHeaders;
}

export interface HubSpotClientOptions {
  fetch: typeof fetch;
  /** the private/static app token, read from the background credential store; null when disconnected */
  token: () => Promise<string | null>;
  now: () => number;
  /** the ten-second window's share of this browser, shared with push, upsert and pull */
  budget: RateBudget;
  /** this browser's share of the portal's search limit (5/s for the whole account) */
  searchBudget: RateBudget;
  /** tests and the e2e build may point elsewhere; the extension always uses HUBSPOT_API_BASE */
  baseUrl?: string;
  timeoutMs?: number;
  onRequest?: (record: RequestRecord) => void;
  /** waits a short pacing delay (the bench passes its simulated clock's); default setTimeout */
  sleep?: (ms: number) => Promise<void>;
  /** a budget wait up to this long is waited out (pacing a poll's searches); longer ones fail as rate_limited */
  maxPaceWaitMs?: number;
}

export interface RequestOptions<S extends z.ZodType> {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  schema: S;
  /** search endpoints count against the per-account search limit, not the ten-second window */
  search?: boolean;
  /** names the request in errors and logs */
  what: string;
}

/** a 429 without Retry-After: HubSpot's windows are ten seconds (one second for search) */
const DEFAULT_HOLD_MS = 10_000;
const DEFAULT_SEARCH_HOLD_MS = 1_000;
/** a poll's searches are paced at a few a second: waits this short are waited out, not failed */
const MAX_PACE_WAIT_MS = 2_000;
/** slow down before HubSpot says no: below this share of the window left, wait for the window to turn */
const LOW_REMAINING_SHARE = 0.1;

export interface HubSpotClient {
  request<S extends z.ZodType>(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    path: string,
    opts: RequestOptions<S>,
  ): Promise<z.output<S>>;
}

const num = (value: string | null) => {
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
};

export function readRateLimitHeaders(headers: Headers): RateLimitHeaders {
  const limits: RateLimitHeaders = {};
  const max = num(headers.get('X-HubSpot-RateLimit-Max'));
  const remaining = num(headers.get('X-HubSpot-RateLimit-Remaining'));
  const intervalMs = num(headers.get('X-HubSpot-RateLimit-Interval-Milliseconds'));
  const dailyRemaining = num(headers.get('X-HubSpot-RateLimit-Daily-Remaining'));
  if (max !== undefined) limits.max = max;
  if (remaining !== undefined) limits.remaining = remaining;
  if (intervalMs !== undefined) limits.intervalMs = intervalMs;
  if (dailyRemaining !== undefined) limits.dailyRemaining = dailyRemaining;
  return limits;
}

/** The error body in words: HubSpot's category and message, and the correlation id support asks for. */
export function describeErrorBody(raw: string): { text: string; missingScopes: string[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { text: raw.slice(0, 200), missingScopes: [] };
  }
  const body = ErrorBodySchema.safeParse(parsed);
  if (!body.success) return { text: raw.slice(0, 200), missingScopes: [] };
  const scopes = [body.data.context, ...(body.data.errors ?? []).map((e) => e.context)].flatMap((c) => [
    ...(c?.missingScopes ?? []),
    ...(c?.requiredGranularScopes ?? []),
  ]);
  return {
    text: `${body.data.category}: ${body.data.message.slice(0, 300)} (correlation id ${body.data.correlationId.slice(0, 60)})`,
    missingScopes: [...new Set(scopes)],
  };
}

/** A request HubSpot refused for lack of scopes: the scopes, for the connect check to name. */
export class MissingScopesError extends SyncError {
  readonly missingScopes: string[];
  constructor(message: string, missingScopes: string[]) {
    super(message, { kind: 'auth', status: 403 });
    this.missingScopes = missingScopes;
  }
}

/**
 * The one way Loopside talks to HubSpot: bearer token from the credential store, the shared rate
 * budget taken before every request and fed from HubSpot's headers after it, errors turned into
 * SyncError kinds (401/403 auth, 429 rate_limited with Retry-After, 5xx transient, other 4xx refused),
 * and every 2xx body parsed with its schema (a body that does not parse is transient: a proxy page
 * or a half-written answer, and the write is safe to repeat).
 */
export function createHubSpotClient(opts: HubSpotClientOptions): HubSpotClient {
  const base = (opts.baseUrl ?? HUBSPOT_API_BASE).replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const maxPaceWaitMs = opts.maxPaceWaitMs ?? MAX_PACE_WAIT_MS;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  return {
    async request(method, path, req) {
      const search = req.search === true;
      const token = await opts.token();
      if (!token) throw new SyncError(`${req.what}: HubSpot is not connected (no token)`, { kind: 'auth' });
      for (const budget of search ? [opts.searchBudget, opts.budget] : [opts.budget]) {
        for (;;) {
          const taken = budget.take();
          if (taken.ok) break;
          // A pacing wait (this browser's searches spaced within its slot) is waited out; a hold is not.
          const before = opts.now();
          // HubSpot's own "wait" (a hold after a 429 or a nearly used window) is never slept through here.
          if (taken.waitMs <= maxPaceWaitMs && budget.snapshot().heldUntil <= before) {
            await sleep(taken.waitMs);
            // A clock that did not move (a test's stopped clock) would be waited on forever: give up as below.
            if (opts.now() > before) continue;
          }
          throw new SyncError(`${req.what}: waiting for the rate budget (${taken.waitMs} ms)`, {
            kind: 'rate_limited',
            retryAfterMs: taken.waitMs,
          });
        }
      }
      const url = new URL(base + path);
      for (const [key, value] of Object.entries(req.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
      const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
      if (req.body !== undefined) headers['Content-Type'] = 'application/json';
      let response: Response;
      try {
        response = await opts.fetch(url.toString(), {
          method,
          headers,
          ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
          signal: AbortSignal.timeout(timeoutMs),
          cache: 'no-store',
          credentials: 'omit',
        });
      } catch (e) {
        throw new SyncError(`${req.what}: network error (${e instanceof Error ? e.message : String(e)})`, { kind: 'transient', cause: e });
      }
      const limits = readRateLimitHeaders(response.headers);
      opts.onRequest?.({ method, path, status: response.status, search, at: opts.now(), limits });
      if (limits.max && limits.remaining !== undefined && limits.remaining <= limits.max * LOW_REMAINING_SHARE) {
        // Our teammates share this window: what is left is theirs too. Wait for it to turn.
        opts.budget.hold(limits.intervalMs ?? DEFAULT_HOLD_MS);
      }

      if (!response.ok) {
        const { text, missingScopes } = describeErrorBody(await response.text().catch(() => ''));
        const kind = kindOfStatus(response.status);
        const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'), opts.now());
        if (kind === 'rate_limited') {
          const hold = retryAfterMs ?? (search ? DEFAULT_SEARCH_HOLD_MS : DEFAULT_HOLD_MS);
          (search ? opts.searchBudget : opts.budget).hold(hold);
          throw new SyncError(`${req.what}: HubSpot says too many requests (${text})`, { kind, status: 429, retryAfterMs: hold });
        }
        const message =
          response.status === 401
            ? `${req.what}: HubSpot no longer accepts the token (401 ${text}). Connect again in options.`
            : `${req.what}: HTTP ${response.status} ${text}`;
        if (response.status === 403 && missingScopes.length > 0) throw new MissingScopesError(message, missingScopes);
        throw new SyncError(message, { kind, status: response.status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
      }
      if (response.status === 204) return req.schema.parse(undefined) as never;
      let json: unknown;
      try {
        json = await response.json();
      } catch (e) {
        throw new SyncError(`${req.what}: malformed answer, not JSON (${e instanceof Error ? e.message : String(e)})`, {
          kind: 'transient',
          status: response.status,
        });
      }
      const parsed = req.schema.safeParse(json);
      if (!parsed.success) {
        const why = parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
          .join('; ');
        throw new SyncError(`${req.what}: malformed answer (${why})`, { kind: 'transient', status: response.status });
      }
      return parsed.data;
    },
  };
}
