import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LoopsideDb } from '@/lib/db/schema';
import { appendEvents } from '@/lib/db/loops';
import { createHttpAdapter } from '@/lib/sync/http-adapter';
import { pullEvents, readCursor } from '@/lib/sync/pull';
import { startFakeCrm, type FakeCrm } from '../fake-crm/server';
import { ctxAt, freshDb, loopEvents, T0, touch } from './helpers';

let crm: FakeCrm;
let db: LoopsideDb;
let logs: string[];
beforeAll(async () => {
  crm = await startFakeCrm({ pageSize: 2 });
});
afterAll(async () => crm.close());
beforeEach(() => {
  crm.reset();
  db = freshDb();
  logs = [];
});
afterEach(async () => db.delete());

const pull = (url = crm.url) =>
  pullEvents(db, createHttpAdapter({ baseUrl: url, fetch, now: () => T0 }), {
    url,
    context: async () => ctxAt(T0),
    log: (m) => logs.push(m),
  });

describe('pull', () => {
  it('merges a teammate’s loop and touches, page by page, and stores the cursor', async () => {
    crm.seed(...loopEvents('r1'), touch('t1', 'r1', T0, 'called back'), touch('t2', 'r1', T0 + 1));
    expect(await pull()).toEqual({ added: 4, skipped: 0 });
    expect(await db.events.count()).toBe(4);
    expect(await db.loops.get('r1')).toMatchObject({ firstTouchAt: T0 });
    expect(await readCursor(db, crm.url)).toBe('4');
    // Nothing was queued: pulled events are someone else's, already at the target.
    expect(await db.outbox.count()).toBe(0);
  });

  it('asks only for what came after the cursor, and a page seen twice changes nothing', async () => {
    crm.seed(...loopEvents('r1'));
    await pull();
    crm.seed(touch('t1', 'r1'));
    expect(await pull()).toEqual({ added: 1, skipped: 0 });
    expect(
      crm
        .requests()
        .filter((r) => r.method === 'GET')
        .map((r) => r.path),
    ).toEqual([
      '/events?since=',
      '/events?since=2', // a full page: maybe more
      '/events?since=2',
      '/events?since=3',
    ]);
    await db.kv.delete('syncCursor');
    expect(await pull()).toEqual({ added: 0, skipped: 0 });
    expect(await db.events.count()).toBe(3);
  });

  it('skips and logs invalid remote events without losing the good ones or crashing', async () => {
    crm.seed(...loopEvents('r1'), { id: 'evil', loopId: 'r1', type: 'touch_logged', at: -1 }, 'not even an object', touch('t1', 'r1'));
    expect(await pull()).toEqual({ added: 3, skipped: 2 });
    expect(await db.events.get('t1')).toBeDefined();
    expect(logs.filter((l) => /invalid, skipped/.test(l))).toHaveLength(2);
    expect(await readCursor(db, crm.url)).toBe('5');
  });

  it('a touch that arrives before its loop waits in the log and is folded in when the loop arrives', async () => {
    crm.seed(touch('t1', 'r9', T0 + 5));
    await pull();
    expect(await db.loops.get('r9')).toBeUndefined();
    crm.seed(...loopEvents('r9'));
    await pull();
    expect(await db.loops.get('r9')).toMatchObject({ firstTouchAt: T0 + 5 });
  });

  it('a cursor belongs to one target: another sync URL starts from the beginning', async () => {
    crm.seed(...loopEvents('r1'));
    await pull();
    const other = `${crm.url}/`;
    expect(await readCursor(db, other)).toBeNull();
    await pull(other);
    expect(crm.requests().at(-2)!.path).toBe('/events?since=');
  });

  it('a malformed page fails the pull with a clear error and keeps the cursor where it was', async () => {
    crm.seed(...loopEvents('r1'));
    await pull();
    crm.failNext(1, { kind: 'body', body: '{"items":[]}' }, 'pull');
    await expect(pull()).rejects.toThrow(/malformed response, events:/);
    expect(await readCursor(db, crm.url)).toBe('2');
  });
});

// appendEvents validates on write too: an event the adapter let through but the store refuses is skipped, not fatal.
describe('merge fallback', () => {
  it('one event that cannot be stored does not keep the others out', async () => {
    await appendEvents(db, loopEvents('r1'), ctxAt(T0));
    const hook = (_key: unknown, obj: { id: string }) => {
      if (obj.id === 't-bad') throw new Error('quota');
    };
    db.events.hook('creating', hook);
    crm.seed(touch('t-ok', 'r1'), touch('t-bad', 'r1'));
    expect(await pull()).toEqual({ added: 1, skipped: 1 });
    db.events.hook('creating').unsubscribe(hook);
    expect(logs.join('\n')).toMatch(/t-bad could not be merged, skipped: .*quota/);
  });
});
