import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import type { LoopsideDb } from '@/lib/db/schema';
import { writeSettings } from '@/lib/db/settings';
import { appendEvents } from '@/lib/db/loops';
import { importResponses } from '@/lib/worker/import';
import { readPause } from '@/lib/sync/pause';
import { createSyncRunner, SYNC_PULL_ALARM, SYNC_RETRY_ALARM, type SyncRunner } from '@/lib/worker/sync-runner';
import { startFakeCrm, type FakeCrm } from '../fake-crm/server';
import { ctxAt, freshDb, loopEvents, manualClock, seedQueued, seeded, touch } from './helpers';

let crm: FakeCrm;
let db: LoopsideDb;
let clock: ReturnType<typeof manualClock>;
let fetchSpy: ReturnType<typeof vi.fn<typeof fetch>>;
let timers: { fn: () => void; ms: number; cancelled: boolean }[];
let logs: string[];
let pulledCounts: number[];
let runner: SyncRunner;

beforeAll(async () => {
  crm = await startFakeCrm();
});
afterAll(async () => crm.close());
beforeEach(() => {
  fakeBrowser.reset();
  crm.reset();
  db = freshDb();
  clock = manualClock();
  timers = [];
  logs = [];
  pulledCounts = [];
  fetchSpy = vi.fn<typeof fetch>((...a) => fetch(...a));
  runner = createSyncRunner({
    db: () => db,
    now: clock.now,
    random: seeded(3),
    fetch: fetchSpy,
    log: (m) => logs.push(m),
    onPulled: (n) => pulledCounts.push(n),
    setTimer: (fn, ms) => {
      const t = { fn, ms, cancelled: false };
      timers.push(t);
      return () => (t.cancelled = true);
    },
  });
});
afterEach(async () => db.delete());

const syncTo = (url: string) => writeSettings(db, { timeZone: 'UTC', sync: url ? { kind: 'http', url } : { kind: 'none' } });
const alarm = (name: string) => browser.alarms.get(name);
const settled = async () => {
  await vi.waitFor(async () => expect(await db.outbox.count()).toBe(0), { timeout: 3_000, interval: 10 });
};

describe('local mode (no sync URL)', () => {
  it('touches no network and sets no alarm; the outbox keeps every event for later', async () => {
    await seedQueued(db, 'r1', 2);
    await browser.alarms.create(SYNC_PULL_ALARM, { periodInMinutes: 1 });
    await runner.reconcile();
    runner.kick();
    expect(await runner.syncNow()).toEqual({ pushed: 0, upserted: 0, pulled: 0, deadLettered: 0, pending: 2, paused: false });
    expect(runner.onAlarm(SYNC_RETRY_ALARM)).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(await browser.alarms.getAll()).toEqual([]);
    expect(await db.outbox.count()).toBe(2);
  });
});

describe('team mode', () => {
  beforeEach(async () => syncTo(crm.url));

  it('a kick pushes the queued event and keeps a 1-minute pull alarm while a sync URL is set', async () => {
    await seedQueued(db, 'r1', 1);
    runner.kick();
    await settled();
    expect(crm.stored('r1-t0')).toBe(1);
    expect(await alarm(SYNC_PULL_ALARM)).toMatchObject({ periodInMinutes: 1 });
    expect(await alarm(SYNC_RETRY_ALARM)).toBeUndefined();

    await syncTo('');
    await runner.reconcile();
    expect(await browser.alarms.getAll()).toEqual([]);
  });

  it('many kicks at once push every event exactly once (single flight)', async () => {
    crm.setLatency(5);
    const events = await seedQueued(db, 'r1', 6);
    for (let i = 0; i < 10; i++) runner.kick();
    const [a, b] = await Promise.all([runner.syncNow(), runner.syncNow()]);
    await settled();
    for (const e of events) {
      expect(crm.received(e.id)).toBe(1);
      expect(crm.stored(e.id)).toBe(1);
    }
    expect(a.pending + b.pending).toBe(0);
  });

  it('an event queued while a push is in flight is not left behind', async () => {
    crm.setLatency(30);
    await seedQueued(db, 'r1', 1);
    runner.kick();
    await vi.waitFor(() => expect(crm.received('r1-t0')).toBe(1), { interval: 2 });
    await appendEvents(db, [touch('late', 'r1', clock.now() + 1)], ctxAt(clock.now()), { queueForSync: true });
    runner.kick();
    await settled();
    expect(crm.stored('late')).toBe(1);
  });

  it('a refused push sets the retry alarm at the server’s Retry-After, with a timer for the live worker', async () => {
    await seedQueued(db, 'r1', 1);
    crm.failNext(1, { kind: 'status', status: 429, retryAfter: '7' });
    await runner.syncNow();
    expect(await db.outbox.get('r1-t0')).toMatchObject({ attempts: 1, nextAttemptAt: clock.now() + 7_000 });
    expect(await alarm(SYNC_RETRY_ALARM)).toMatchObject({ scheduledTime: clock.now() + 7_000 });
    expect(timers.filter((t) => !t.cancelled).map((t) => t.ms)).toEqual([7_000]);
    // The 429 holds the one budget: the pull of that same sync now waited instead of asking.
    expect(crm.requests().filter((r) => r.method === 'GET')).toHaveLength(0);
    expect(logs.join('\n')).toMatch(/sync pull waits for the rate budget/);

    clock.advance(7_000);
    expect(runner.onAlarm(SYNC_RETRY_ALARM)).toBe(true);
    await settled();
    expect(crm.stored('r1-t0')).toBe(1);
    await vi.waitFor(async () => expect(await alarm(SYNC_RETRY_ALARM)).toBeUndefined());
  });

  it('reconcile puts the alarms back from Dexie: a future retry gets its alarm, a due row is pushed now', async () => {
    // Team mode was on before the loop came (nothing from local mode left to queue).
    await runner.reconcile();
    await seedQueued(db, 'r1', 2);
    await db.outbox.update('r1-t0', { nextAttemptAt: clock.now() + 60_000 });
    await db.outbox.update('r1-t1', { nextAttemptAt: clock.now() + 90_000 });
    await runner.reconcile();
    expect(await alarm(SYNC_RETRY_ALARM)).toMatchObject({ scheduledTime: clock.now() + 60_000 });
    expect(await alarm(SYNC_PULL_ALARM)).toBeDefined();
    expect(fetchSpy).not.toHaveBeenCalled();

    await db.outbox.update('r1-t0', { nextAttemptAt: 0 });
    await runner.reconcile();
    await vi.waitFor(() => expect(crm.stored('r1-t0')).toBe(1));
    await vi.waitFor(async () => expect(await alarm(SYNC_RETRY_ALARM)).toMatchObject({ scheduledTime: clock.now() + 90_000 }));
  });

  it('turning team mode on queues the open loops imported in local mode, once', async () => {
    const [received] = loopEvents('local-1');
    await appendEvents(db, [received!], ctxAt(clock.now()));
    expect(await db.outbox.count()).toBe(0);
    await runner.reconcile();
    await vi.waitFor(() => expect(crm.stored(received!.id)).toBe(1));
    await runner.reconcile();
    await settled();
    expect(crm.stored(received!.id)).toBe(1);
  });

  it('a dead letter retried from options is pushed again', async () => {
    await seedQueued(db, 'r1', 1);
    crm.failNext(1, { kind: 'status', status: 400 });
    expect(await runner.syncNow()).toMatchObject({ pushed: 0, deadLettered: 1, pending: 0 });
    expect(await runner.retryDeadLetter('r1-t0')).toBe(1);
    await settled();
    expect(crm.stored('r1-t0')).toBe(1);
    expect(await db.deadLetters.count()).toBe(0);
  });

  it('sync now pushes and pulls, and the pull alarm brings in a teammate’s touches', async () => {
    await seedQueued(db, 'r1', 1);
    crm.seed(touch('from-sam', 'r1', clock.now() + 5));
    expect(await runner.syncNow()).toMatchObject({ pushed: 1, pulled: 1, deadLettered: 0, pending: 0, paused: false });
    crm.seed(...loopEvents('r2'));
    expect(runner.onAlarm(SYNC_PULL_ALARM)).toBe(true);
    await vi.waitFor(async () => expect(await db.loops.get('r2')).toBeDefined());
    // The worker rescans after each pull that brought something: a teammate's event can end or start an alert.
    await vi.waitFor(() => expect(pulledCounts).toEqual([1, 2]));
  });

  it('a failing pull is logged from the alarm and reported by sync now, never thrown into the worker', async () => {
    crm.failNext(2, { kind: 'status', status: 500 }, 'pull');
    expect(runner.onAlarm(SYNC_PULL_ALARM)).toBe(true);
    await vi.waitFor(() => expect(logs.join('\n')).toMatch(/sync pull failed: pull since the start: HTTP 500/));
    await expect(runner.syncNow()).rejects.toThrow(/HTTP 500/);
  });

  it('other alarms are not the runner’s', () => {
    expect(runner.onAlarm('sla-scan')).toBe(false);
  });
});

describe('auth pause (issue: 401/403 pauses the whole outbox and asks to reconnect)', () => {
  beforeEach(async () => syncTo(crm.url));

  it('a 401 pauses push and pull and records the reconnect state; sync now (reconnect) resumes', async () => {
    await seedQueued(db, 'r1', 3);
    crm.failNext(1, { kind: 'status', status: 401 });
    runner.kick();
    await vi.waitFor(async () =>
      expect(await readPause(db, `http:${crm.url}`)).toMatchObject({ reason: 'auth', message: expect.stringMatching(/HTTP 401/) }),
    );
    expect(await db.deadLetters.count()).toBe(0);
    expect(await db.outbox.count()).toBe(3);
    expect(await browser.alarms.getAll()).toEqual([]);

    // Paused: kicks, alarms and reconcile send nothing.
    const before = crm.requests().length;
    runner.kick();
    runner.onAlarm(SYNC_PULL_ALARM);
    await runner.reconcile();
    await new Promise((r) => setTimeout(r, 50));
    expect(crm.requests()).toHaveLength(before);

    // The user reconnects: sync now lifts the pause and everything goes out.
    expect(await runner.syncNow()).toMatchObject({ pushed: 3, pending: 0, paused: false });
    expect(await readPause(db, `http:${crm.url}`)).toBeUndefined();
    expect(await alarm(SYNC_PULL_ALARM)).toBeDefined();
  });

  it('a 403 on pull pauses too, and sync now says it is still paused while the target keeps refusing', async () => {
    crm.failNext(2, { kind: 'status', status: 403 }, 'pull');
    expect(await runner.syncNow()).toMatchObject({ pulled: 0, paused: true });
    expect(await runner.syncNow()).toMatchObject({ paused: true });
    expect(await runner.syncNow()).toMatchObject({ paused: false });
  });

  it('a pause belongs to its target: pointing sync elsewhere is not paused', async () => {
    await seedQueued(db, 'r1', 1);
    crm.failNext(1, { kind: 'status', status: 401 });
    expect(await runner.syncNow()).toMatchObject({ paused: true, pending: 1 });
    const other = await startFakeCrm();
    try {
      await syncTo(other.url);
      await runner.reconcile();
      await vi.waitFor(() => expect(other.stored('r1-t0')).toBe(1));
    } finally {
      await other.close();
    }
  });
});

describe('projections through the runner', () => {
  beforeEach(async () => syncTo(crm.url));

  it('sync now upserts the task of a loop whose creation was queued', async () => {
    await appendEvents(db, loopEvents('r1'), ctxAt(clock.now()), { queueForSync: true });
    expect(await runner.syncNow()).toMatchObject({ pushed: 2, upserted: 1, pending: 0 });
    expect(crm.loops().get('r1')).toMatchObject({ loopId: 'r1', status: 'open' });
    expect(await db.projectionOutbox.count()).toBe(0);
  });
});

describe('loop creation queued for sync only in team mode (issue)', () => {
  const response = (id: string) => ({
    id,
    scale: 'nps' as const,
    score: 3,
    comment: 'Slow',
    respondedAt: clock.now() - 60_000,
    email: `${id}@x.example`,
    extra: {},
  });

  it('local mode: an import queues nothing', async () => {
    expect(await importResponses(db, [response('a'), response('b')], clock.now())).toMatchObject({ loopsCreated: 2 });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.projectionOutbox.count()).toBe(0);
  });

  it('team mode: an import queues its received and routed events and one projection per loop, and a sync sends them', async () => {
    await syncTo(crm.url);
    await importResponses(db, [response('a'), response('b')], clock.now());
    const queued = await db.events.bulkGet((await db.outbox.toArray()).map((r) => r.eventId));
    expect(queued.map((e) => e!.type).sort()).toEqual(['received', 'received', 'routed', 'routed']);
    expect((await db.projectionOutbox.toArray()).map((r) => r.loopId).sort()).toEqual(['a', 'b']);
    // Importing the same responses again queues nothing new.
    await importResponses(db, [response('a'), response('b')], clock.now());
    expect(await db.outbox.count()).toBe(4);

    expect(await runner.syncNow()).toMatchObject({ pushed: 4, upserted: 2, pending: 0 });
    expect(crm.loops().size).toBe(2);
  });

  it('a CRM target whose adapter does not exist yet queues, and touches no network', async () => {
    await writeSettings(db, { timeZone: 'UTC', sync: { kind: 'hubspot', portalId: '24681357' } });
    await importResponses(db, [response('a')], clock.now());
    expect(await db.outbox.count()).toBe(2);
    expect(await runner.syncNow()).toMatchObject({ pushed: 0, pending: 2, paused: false });
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(logs.join('\n')).toMatch(/no sync adapter for hubspot yet/);
  });
});
