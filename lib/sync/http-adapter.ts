import { z } from 'zod';
import { LoopEventSchema, type LoopEvent } from '@/lib/loop';
import type { LoopProjection, PullPage, PushOutcome, PushResult, SyncAdapter, UpsertResult } from './adapter';
import { parseRetryAfter } from './backoff';
import { asSyncError, kindOfStatus, SyncError } from './errors';
import { createRateBudget, HTTP_BUDGET, type RateBudget } from './rate-budget';

export interface HttpAdapterOptions {
  /** the target's URL, e.g. http://127.0.0.1:4100 or https://sync.example.com/loopside */
  baseUrl: string;
  fetch: typeof fetch;
  now: () => number;
  /** a request that hangs would hold the single-flight flush forever */
  timeoutMs?: number;
  /** shared by every request to this target (push, upsert, pull); a fresh generous one by default */
  budget?: RateBudget;
  /** events per pushEvents call */
  maxBatch?: number;
}

/** a 429 without Retry-After still holds the budget this long */
const DEFAULT_RATE_LIMIT_HOLD_MS = 10_000;

const AckSchema = z.object({ id: z.string().min(1) });
const LoopAckSchema = z.object({ loopId: z.string().min(1) });
/** Events stay `unknown` here: each is checked on its own, so one bad event does not drop a page. */
const PageSchema = z.object({ events: z.array(z.unknown()).max(10_000), cursor: z.string().max(1000) });

const describeIssues = (error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }) =>
  error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');

/**
 * The "local adapter": a plain HTTP event log (POST one event per request, GET since a cursor, PUT
 * a loop's projection). Tests run it against tests/fake-crm; it is also what a self-hosted relay
 * would speak. A batch is pushed one request after another and stops at the first error that is
 * about the target rather than the event, so one 503 is not followed by 24 more.
 */
export function createHttpAdapter(opts: HttpAdapterOptions): SyncAdapter {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const budget = opts.budget ?? createRateBudget(HTTP_BUDGET, opts.now);

  async function request(url: string, init: RequestInit, what: string): Promise<Response> {
    const token = budget.take();
    if (!token.ok) {
      throw new SyncError(`${what}: waiting for the rate budget (${token.waitMs} ms)`, {
        kind: 'rate_limited',
        retryAfterMs: token.waitMs,
      });
    }
    let response: Response;
    try {
      response = await opts.fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), cache: 'no-store', credentials: 'omit' });
    } catch (e) {
      throw new SyncError(`${what}: network error (${e instanceof Error ? e.message : String(e)})`, { kind: 'transient', cause: e });
    }
    if (!response.ok) {
      const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'), opts.now());
      const detail = (await response.text().catch(() => '')).slice(0, 200);
      const kind = kindOfStatus(response.status);
      if (kind === 'rate_limited') budget.hold(retryAfterMs ?? DEFAULT_RATE_LIMIT_HOLD_MS);
      throw new SyncError(`${what}: HTTP ${response.status}${detail ? ` ${detail}` : ''}`, {
        kind,
        status: response.status,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    }
    return response;
  }

  async function json(response: Response, what: string): Promise<unknown> {
    try {
      return await response.json();
    } catch (e) {
      throw malformed(what, `not JSON (${e instanceof Error ? e.message : String(e)})`, response.status);
    }
  }

  // A 2xx that does not say what we expect may be a captive portal or a proxy page: the write may
  // not have happened, and repeating it is harmless (idempotency key, upsert), so this is transient.
  const malformed = (what: string, why: string, status: number) =>
    new SyncError(`${what}: malformed response, ${why}`, { kind: 'transient', status });

  async function pushOne(event: LoopEvent): Promise<PushResult> {
    const what = `push ${event.id}`;
    const response = await request(
      `${base}/events`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': event.id },
        body: JSON.stringify(event),
      },
      what,
    );
    const ack = AckSchema.safeParse(await json(response, what));
    if (!ack.success) throw malformed(what, describeIssues(ack.error), response.status);
    if (ack.data.id !== event.id)
      throw malformed(what, `acknowledged ${JSON.stringify(ack.data.id.slice(0, 200))} instead`, response.status);
    // 201: stored now; 200: the log already held it and answered with the first copy.
    return response.status === 201 ? 'stored' : 'already_stored';
  }

  return {
    maxBatch: opts.maxBatch ?? 25,

    async pushEvents(events): Promise<PushOutcome[]> {
      const outcomes: PushOutcome[] = [];
      for (const event of events) {
        try {
          outcomes.push({ eventId: event.id, result: await pushOne(event) });
        } catch (e) {
          const error = asSyncError(e);
          outcomes.push({ eventId: event.id, result: { error } });
          // A refusal is about this event; anything else is about the target: stop here.
          if (error.kind !== 'refused') break;
        }
      }
      return outcomes;
    },

    async upsertLoop(projection: LoopProjection): Promise<UpsertResult> {
      const what = `upsert loop ${projection.loopId}`;
      const response = await request(
        `${base}/loops/${encodeURIComponent(projection.loopId)}`,
        { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(projection) },
        what,
      );
      const ack = LoopAckSchema.safeParse(await json(response, what));
      if (!ack.success) throw malformed(what, describeIssues(ack.error), response.status);
      if (ack.data.loopId !== projection.loopId)
        throw malformed(what, `acknowledged loop ${JSON.stringify(ack.data.loopId.slice(0, 200))} instead`, response.status);
      return response.status === 201 ? 'created' : 'updated';
    },

    async pull(cursor): Promise<PullPage> {
      const what = `pull since ${cursor ?? 'the start'}`;
      const response = await request(`${base}/events?since=${encodeURIComponent(cursor ?? '')}`, { method: 'GET' }, what);
      const page = PageSchema.safeParse(await json(response, what));
      if (!page.success) throw malformed(what, describeIssues(page.error), response.status);
      const result: PullPage = { events: [], rejected: [], cursor: page.data.cursor };
      for (const raw of page.data.events) {
        const parsed = LoopEventSchema.safeParse(raw);
        if (parsed.success) result.events.push(parsed.data);
        else result.rejected.push({ id: idOf(raw), reason: describeIssues(parsed.error) });
      }
      return result;
    },
  };
}

function idOf(raw: unknown): string {
  const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id.slice(0, 200) : '(no id)';
}
