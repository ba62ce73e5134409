import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpAdapter } from '@/lib/sync/http-adapter';
import { SyncError } from '@/lib/sync/errors';
import { startFakeCrm, type FakeCrm } from '../fake-crm/server';
import { loopEvents, T0, touch } from './helpers';

let crm: FakeCrm;
beforeAll(async () => {
  crm = await startFakeCrm({ pageSize: 3 });
});
afterAll(async () => crm.close());
beforeEach(() => crm.reset());

const adapter = () => createHttpAdapter({ baseUrl: `${crm.url}/`, fetch, now: () => Date.now(), timeoutMs: 2_000 });
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
    await adapter().push(e, e.id);
    expect(crm.events()).toEqual([e]);
    expect(crm.requests().filter((r) => r.method === 'POST')).toMatchObject([{ path: '/events', idempotencyKey: 'evt-1', status: 201 }]);
  });

  it('a second push of a known event is acknowledged with the first copy and stores nothing', async () => {
    const e = touch('evt-1', 'r1');
    await adapter().push(e, e.id);
    await adapter().push(touch('evt-1', 'r1', T0, 'changed in between'), e.id);
    expect(crm.received('evt-1')).toBe(2);
    expect(crm.stored('evt-1')).toBe(1);
    expect(crm.events()).toEqual([e]);
  });

  it.each([400, 401, 403, 404, 422])('HTTP %i is refused for good (not retryable)', async (status) => {
    crm.failNext(1, { kind: 'status', status });
    const e = await failure(adapter().push(touch('evt-1', 'r1'), 'evt-1'));
    expect(e).toMatchObject({ retryable: false, status });
    expect(e.message).toContain(`HTTP ${status}`);
  });

  it.each([408, 429, 500, 503])('HTTP %i is retryable', async (status) => {
    crm.failNext(1, { kind: 'status', status });
    expect(await failure(adapter().push(touch('evt-1', 'r1'), 'evt-1'))).toMatchObject({ retryable: true, status });
  });

  it('hands on Retry-After in seconds and as an HTTP date', async () => {
    crm.failNext(1, { kind: 'status', status: 429, retryAfter: '7' });
    expect((await failure(adapter().push(touch('a', 'r1'), 'a'))).retryAfterMs).toBe(7_000);
    crm.failNext(1, { kind: 'status', status: 503, retryAfter: new Date(Date.now() + 60_000).toUTCString() });
    const at = (await failure(adapter().push(touch('b', 'r1'), 'b'))).retryAfterMs!;
    expect(at).toBeGreaterThan(55_000);
    expect(at).toBeLessThanOrEqual(60_000);
  });

  it('a cut connection is a retryable network error', async () => {
    crm.failNext(1, { kind: 'drop' });
    const e = await failure(adapter().push(touch('evt-1', 'r1'), 'evt-1'));
    expect(e).toMatchObject({ retryable: true, status: undefined });
    expect(e.message).toMatch(/network error/);
  });

  it('an unreachable target is a retryable network error', async () => {
    const gone = await startFakeCrm();
    await gone.close();
    const e = await failure(createHttpAdapter({ baseUrl: gone.url, fetch, now: Date.now }).push(touch('x', 'r1'), 'x'));
    expect(e.retryable).toBe(true);
  });

  it('rejects an acknowledgement that is not JSON, has no id, or names another event', async () => {
    for (const [body, pattern] of [
      ['<html>Sign in to the Wi-Fi</html>', /malformed response, not JSON/],
      ['{"ok":true}', /malformed response, id:/],
      ['{"id":"someone-else"}', /malformed response, acknowledged "someone-else" instead/],
    ] as const) {
      crm.failNext(1, { kind: 'body', body });
      const e = await failure(adapter().push(touch('evt-1', 'r1'), 'evt-1'));
      expect(e.message).toMatch(pattern);
      // The event may not be stored: a re-push is safe under its key, so it stays retryable.
      expect(e.retryable).toBe(true);
    }
  });

  it('the fake CRM answers CORS preflights the way an extension without host permissions needs', async () => {
    const res = await fetch(`${crm.url}/events`, {
      method: 'OPTIONS',
      headers: { Origin: 'chrome-extension://abc', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,idempotency-key' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Idempotency-Key/i);
    expect(res.headers.get('access-control-allow-private-network')).toBe('true');
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
