import { z } from 'zod';
import { LoopEventSchema } from '@/lib/loop';
import type { PullPage, SyncAdapter } from './adapter';
import { isRetryableStatus, parseRetryAfter } from './backoff';
import { SyncError } from './errors';

export interface HttpAdapterOptions {
  /** the settings' syncUrl, e.g. http://127.0.0.1:4100 or https://sync.example.com/loopside */
  baseUrl: string;
  fetch: typeof fetch;
  now: () => number;
  /** a request that hangs would hold the single-flight flush forever */
  timeoutMs?: number;
}

const AckSchema = z.object({ id: z.string().min(1) });
/** Events stay `unknown` here: each is checked on its own, so one bad event does not drop a page. */
const PageSchema = z.object({ events: z.array(z.unknown()).max(10_000), cursor: z.string().max(1000) });

const describeIssues = (error: z.ZodError) =>
  error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');

/**
 * The "local adapter": a plain HTTP event log (POST one event per request, GET since a cursor).
 * Tests run it against tests/fake-crm; it is also what a self-hosted relay would speak.
 */
export function createHttpAdapter(opts: HttpAdapterOptions): SyncAdapter {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 20_000;

  async function request(url: string, init: RequestInit, what: string): Promise<Response> {
    let response: Response;
    try {
      response = await opts.fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), cache: 'no-store', credentials: 'omit' });
    } catch (e) {
      throw new SyncError(`${what}: network error (${e instanceof Error ? e.message : String(e)})`, { retryable: true, cause: e });
    }
    if (!response.ok) {
      const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'), opts.now());
      const detail = (await response.text().catch(() => '')).slice(0, 200);
      throw new SyncError(`${what}: HTTP ${response.status}${detail ? ` ${detail}` : ''}`, {
        retryable: isRetryableStatus(response.status),
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

  // A 2xx that does not say what we expect may be a captive portal or a proxy page: the event may
  // not be stored, and a re-push is harmless under its idempotency key, so this stays retryable.
  const malformed = (what: string, why: string, status: number) =>
    new SyncError(`${what}: malformed response, ${why}`, { retryable: true, status });

  return {
    async push(event, idempotencyKey) {
      const what = `push ${event.id}`;
      const response = await request(
        `${base}/events`,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
          body: JSON.stringify(event),
        },
        what,
      );
      const ack = AckSchema.safeParse(await json(response, what));
      if (!ack.success) throw malformed(what, describeIssues(ack.error), response.status);
      if (ack.data.id !== event.id) throw malformed(what, `acknowledged ${JSON.stringify(ack.data.id.slice(0, 200))} instead`, response.status);
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
