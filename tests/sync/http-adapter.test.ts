import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LoopEvent } from '@/lib/loop';
import type { PushResult } from '@/lib/sync/adapter';
import { createHttpAdapter } from '@/lib/sync/http-adapter';
import { SyncError } from '@/lib/sync/errors';
import { createRateBudget } from '@/lib/sync/rate-budget';
import { startFakeCrm, type FakeCrm } from '../fake-crm/server';
import { loopEvents, T0, touch } from './helpers';

let crm: FakeCrm;
beforeAll(async () => {
  crm = await startFakeCrm({ pageSize: 3 });
});
afterAll(async () => crm.close());
beforeEach(() => crm.reset());

const adapter = () => createHttpAdapter({ baseUrl: `${crm.url}/`, fetch, now: () => Date.now(), timeoutMs: 2_000 });
/** One event through the batch interface: its result, or its error thrown, as a single push would. */
const pushOne = async (event: LoopEvent, through = adapter()): Promise<PushResult> => {
  const outcomes = await through.pushEvents([event]);
  expect(outcomes.map((o) => o.eventId)).toEqual([event.id]);
  const result = outcomes[0]!.result;
  if (typeof result === 'object') throw result.error;
  return result;
};
const failure = async (p: Promise<unknown>): Promise<SyncError> => {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SyncError);
  return e as SyncError;
};

describe('push', () => {
  it('sends one event per request with its id as the Idempotency-Key', async () => {
    const e = touch('evt-1', 'r1');
    await pushOne(e);
    expect(crm.events()).toEqual([e]);
    expect(crm.requests().filter((r) => r.method === 'POST')).toMatchObject([{ path: '/events', idempotencyKey: 'evt-1', status: 201 }]);
  });

  it('a second push of a known event is acknowledged with the first copy and stores nothing', async () => {
    const e = touch('evt-1', 'r1');
    await pushOne(e);
    expect(await pushOne(touch('evt-1', 'r1', T0, 'changed in between'))).toBe('already_stored');
    expect(crm.received('evt-1')).toBe(2);
    expect(crm.stored('evt-1')).toBe(1);
    expect(crm.events()).toEqual([e]);
  });

  it.each([400, 404, 409, 422])('HTTP %i is a refusal of this event (not retryable)', async (status) => {
    crm.failNext(1, { kind: 'status', status });
    const e = await failure(pushOne(touch('evt-1', 'r1')));
    expect(e).toMatchObject({ kind: 'refused', retryable: false, status });
    expect(e.message).toContain(`HTTP ${status}`);
  });

  it.each([401, 403])('HTTP %i is an auth error: the credentials, not the event', async (status) => {
    crm.failNext(1, { kind: 'status', status });
    expect(await failure(pushOne(touch('evt-1', 'r1')))).toMatchObject({ kind: 'auth', retryable: false, status });
  });

  it.each([
    [408, 'transient'],
    [429, 'rate_limited'],
    [500, 'transient'],
    [503, 'transient'],
  ] as const)('HTTP %i is retryable (%s)', async (status, kind) => {
    crm.failNext(1, { kind: 'status', status });
    expect(await failure(pushOne(touch('evt-1', 'r1')))).toMatchObject({ kind, retryable: true, status });
  });

  it('hands on Retry-After in seconds and as an HTTP date', async () => {
    crm.failNext(1, { kind: 'status', status: 429, retryAfter: '7' });
    expect((await failure(pushOne(touch('a', 'r1')))).retryAfterMs).toBe(7_000);
    crm.failNext(1, { kind: 'status', status: 503, retryAfter: new Date(Date.now() + 60_000).toUTCString() });
    const at = (await failure(pushOne(touch('b', 'r1')))).retryAfterMs!;
    expect(at).toBeGreaterThan(55_000);
    expect(at).toBeLessThanOrEqual(60_000);
  });

  it('a cut connection is a retryable network error', async () => {
    crm.failNext(1, { kind: 'drop' });
    const e = await failure(pushOne(touch('evt-1', 'r1')));
    expect(e).toMatchObject({ retryable: true, status: undefined });
    expect(e.message).toMatch(/network error/);
  });

  it('an unreachable target is a retryable network error', async () => {
    const gone = await startFakeCrm();
    await gone.close();
    const e = await failure(pushOne(touch('x', 'r1'), createHttpAdapter({ baseUrl: gone.url, fetch, now: Date.now })));
    expect(e.retryable).toBe(true);
  });

  it('rejects an acknowledgement that is not JSON, has no id, or names another event', async () => {
    for (const [body, pattern] of [
      ['<html>Sign in to the Wi-Fi</html>', /malformed response, not JSON/],
      ['{"ok":true}', /malformed response, id:/],
      ['{"id":"someone-else"}', /malformed response, acknowledged "someone-else" instead/],
    ] as const) {
      crm.failNext(1, { kind: 'body', body });
      const e = await failure(pushOne(touch('evt-1', 'r1')));
      expect(e.message).toMatch(pattern);
      // The event may not be stored: a re-push is safe under its key, so it stays retryable.
      expect(e.retryable).toBe(true);
    }
  });

  it('the fake CRM answers CORS preflights the way an extension without host permissions needs', async () => {
    const res = await fetch(`${crm.url}/events`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'chrome-extension://abc',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,idempotency-key',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Idempotency-Key/i);
    expect(res.headers.get('access-control-allow-private-network')).toBe('true');
  });
});

describe('pushEvents: a batch with a result per event', () => {
  it('says which events were stored now and which the target already held', async () => {
    const [a, b, c] = [touch('a', 'r1'), touch('b', 'r1'), touch('c', 'r1')];
    await pushOne(b);
    expect(await adapter().pushEvents([a, b, c])).toEqual([
      { eventId: 'a', result: 'stored' },
      { eventId: 'b', result: 'already_stored' },
      { eventId: 'c', result: 'stored' },
    ]);
    expect(crm.stored('b')).toBe(1);
  });

  it('a refused event gets its own error and the rest of the batch goes on', async () => {
    const events = [touch('a', 'r1'), touch('b', 'r1'), touch('c', 'r1')];
    let n = 0;
    const off = crm.onPush(() => {
      if (++n === 2) crm.failNext(1, { kind: 'status', status: 422 });
    });
    const outcomes = await adapter().pushEvents(events);
    off();
    expect(outcomes.map((o) => [o.eventId, typeof o.result === 'object' ? o.result.error.kind : o.result])).toEqual([
      ['a', 'stored'],
      ['b', 'refused'],
      ['c', 'stored'],
    ]);
  });

  it('stops at an error about the target: later events get no outcome (not tried)', async () => {
    crm.failNext(1, { kind: 'status', status: 503 });
    const outcomes = await adapter().pushEvents([touch('a', 'r1'), touch('b', 'r1')]);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ eventId: 'a', result: { error: { kind: 'transient', status: 503 } } });
    expect(crm.received('b')).toBe(0);
  });
});

describe('upsertLoop', () => {
  const projection = (ownerEmail: string) => ({
    loopId: 'r1',
    ownerEmail,
    status: 'open' as const,
    firstTouchDueAt: T0 + 3_600_000,
    route: 'recovery' as const,
    critical: true,
    contact: { email: 'r1@x.example', name: 'Maria', hubspotId: '', salesforceId: '' },
    score: 2,
    respondedAt: T0,
    subject: 'Critical recovery follow-up: Maria (NPS 2)',
    body: 'Verbatim: "Broken"',
  });

  it('creates the loop’s task once, then updates it in place', async () => {
    expect(await adapter().upsertLoop(projection('a@x.example'))).toBe('created');
    expect(await adapter().upsertLoop(projection('b@x.example'))).toBe('updated');
    expect(crm.loops().get('r1')).toMatchObject({ ownerEmail: 'b@x.example' });
    expect(
      crm
        .requests()
        .filter((r) => r.method === 'PUT')
        .map((r) => r.path),
    ).toEqual(['/loops/r1', '/loops/r1']);
  });

  it('reports errors by kind like a push', async () => {
    crm.failNext(1, { kind: 'status', status: 403 }, 'loop');
    expect(await failure(adapter().upsertLoop(projection('a@x.example')))).toMatchObject({ kind: 'auth' });
    expect(crm.loops().size).toBe(0);
  });
});

describe('rate budget', () => {
  it('push and pull spend one budget: when push has used it up, pull waits, without a request', async () => {
    let t = T0;
    const budget = createRateBudget({ capacity: 2, refillPerSecond: 1 }, () => t);
    const a = createHttpAdapter({ baseUrl: crm.url, fetch, now: () => t, budget });
    const outcomes = await a.pushEvents([touch('a', 'r1'), touch('b', 'r1'), touch('c', 'r1')]);
    expect(outcomes.map((o) => (typeof o.result === 'object' ? o.result.error.kind : o.result))).toEqual([
      'stored',
      'stored',
      'rate_limited',
    ]);
    const e = await failure(a.pull(null));
    expect(e).toMatchObject({ kind: 'rate_limited', status: undefined, retryAfterMs: 1_000 });
    expect(crm.requests()).toHaveLength(2);
    t += 1_000;
    expect((await a.pull(null)).events).toHaveLength(2);
  });

  it('a 429 from the target holds the budget for its Retry-After, for pull as well', async () => {
    let t = T0;
    const budget = createRateBudget({ capacity: 50, refillPerSecond: 20 }, () => t);
    const a = createHttpAdapter({ baseUrl: crm.url, fetch, now: () => t, budget });
    crm.failNext(1, { kind: 'status', status: 429, retryAfter: '7' });
    expect(await failure(pushOne(touch('a', 'r1'), a))).toMatchObject({ kind: 'rate_limited', retryAfterMs: 7_000 });
    expect(await failure(a.pull(null))).toMatchObject({ kind: 'rate_limited', retryAfterMs: 7_000 });
    t += 7_000;
    // after the hold: one probe, then the refill rate, not a burst
    expect(await a.pull(null)).toMatchObject({ events: [] });
    expect(await failure(a.pull(null))).toMatchObject({ kind: 'rate_limited', retryAfterMs: 50 });
  });
});

describe('pull', () => {
  it('pages through the log since a cursor', async () => {
    const events = [...loopEvents('r1'), touch('t1', 'r1'), touch('t2', 'r1'), touch('t3', 'r1')];
    crm.seed(...events);
    const a = adapter();
    const first = await a.pull(null);
    expect(first.events).toEqual(events.slice(0, 3));
    const second = await a.pull(first.cursor);
    expect(second.events).toEqual(events.slice(3));
    const third = await a.pull(second.cursor);
    expect(third).toEqual({ events: [], rejected: [], cursor: second.cursor });
  });

  it('skips and reports events that do not validate, keeping the valid ones of the page', async () => {
    const good = touch('t1', 'r1', T0);
    crm.seed({ ...touch('bad-1', 'r1'), outcome: 'yelled' }, good, { id: 'bad-2', type: 'unheard_of' });
    const page = await adapter().pull(null);
    expect(page.events).toEqual([good]);
    expect(page.rejected.map((r) => r.id)).toEqual(['bad-1', 'bad-2']);
    expect(page.rejected[0]!.reason).toMatch(/outcome/);
  });

  it('rejects a malformed page at the boundary with a clear error', async () => {
    for (const [body, pattern] of [
      ['not json', /malformed response, not JSON/],
      ['{"events":{},"cursor":"1"}', /malformed response, events:/],
      ['{"events":[]}', /malformed response, cursor:/],
      ['[]', /malformed response, \(root\):/],
    ] as const) {
      crm.failNext(1, { kind: 'body', body }, 'pull');
      const e = await failure(adapter().pull(null));
      expect(e.message).toMatch(/^pull since the start: /);
      expect(e.message).toMatch(pattern);
    }
  });
});
