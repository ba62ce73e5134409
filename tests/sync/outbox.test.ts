import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LoopsideDb } from '@/lib/db/schema';
import type { SyncAdapter } from '@/lib/sync/adapter';
import { DEFAULT_BACKOFF } from '@/lib/sync/backoff';
import { createHttpAdapter } from '@/lib/sync/http-adapter';
import { flushOutbox, flushProjections } from '@/lib/sync/outbox';
import { foldLoop, type LoopEvent } from '@/lib/loop';
import { appendEvents, loopEvents as storedEvents } from '@/lib/db/loops';
import { retryDeadLetters } from '@/lib/sync/dead-letters';
import { SyncError } from '@/lib/sync/errors';
import { startFakeCrm, type FakeCrm } from '../fake-crm/server';
import { ctxAt, freshDb, loopEvents, manualClock, seedQueued, seeded, touch } from './helpers';

let crm: FakeCrm;
let db: LoopsideDb;
let clock: ReturnType<typeof manualClock>;
let logs: string[];
beforeAll(async () => {
  crm = await startFakeCrm();
});
afterAll(async () => crm.close());
beforeEach(() => {
  crm.reset();
  db = freshDb();
  clock = manualClock();
  logs = [];
});
afterEach(async () => db.delete());

const adapter = () => createHttpAdapter({ baseUrl: crm.url, fetch, now: clock.now });
const flush = (random: () => number = seeded(7), through: SyncAdapter = adapter()) =>
  flushOutbox(db, through, { now: clock.now, random, log: (m) => logs.push(m) });
const row = (id: string) => db.outbox.get(id);

describe('flush', () => {
  it('pushes due rows oldest first and deletes each once acknowledged', async () => {
    const events = await seedQueued(db, 'r1', 3);
    const result = await flush();
    expect(result).toEqual({ pushed: 3, deadLettered: 0, deferred: false, pending: 0, nextDueAt: undefined });
    expect(crm.requests().map((r) => r.idempotencyKey)).toEqual(events.map((e) => e.id));
    expect(await db.outbox.count()).toBe(0);
  });

  it('leaves rows that are not due yet alone', async () => {
    await seedQueued(db, 'r1', 2);
    await db.outbox.update('r1-t1', { nextAttemptAt: clock.now() + 5_000 });
    expect(await flush()).toMatchObject({ pushed: 1, pending: 1, nextDueAt: clock.now() + 5_000 });
    expect(crm.received('r1-t1')).toBe(0);
  });

  it('a row whose acknowledgement was lost is pushed again and stored once', async () => {
    await seedQueued(db, 'r1', 1);
    crm.failNext(1, { kind: 'store-then-status', status: 503 });
    expect(await flush(() => 0)).toMatchObject({ pushed: 0, pending: 1, deferred: true });
    clock.advance(DEFAULT_BACKOFF.baseMs);
    expect(await flush()).toMatchObject({ pushed: 1, pending: 0 });
    expect(crm.received('r1-t0')).toBe(2);
    expect(crm.stored('r1-t0')).toBe(1);
  });
});

describe('backoff shape (issue: Retry-After of 7 s, then 503s, full jitter within the cap)', () => {
  it('waits the 7 s the server asked for, then backs off with full jitter under a doubling ceiling', async () => {
    await seedQueued(db, 'r1', 1);
    const { baseMs, capMs } = DEFAULT_BACKOFF;
    const random = seeded(2026);
    const failures = 12;
    crm.failNext(1, { kind: 'status', status: 429, retryAfter: '7' });
    crm.failNext(failures, { kind: 'status', status: 503 });

    const first = await flush(random);
    expect(first).toMatchObject({ pushed: 0, deferred: true, nextDueAt: clock.now() + 7_000 });
    expect(await row('r1-t0')).toMatchObject({ attempts: 1, lastError: expect.stringMatching(/HTTP 429/) });

    // Not before the server's 7 s: a flush at 6.999 s sends nothing.
    clock.advance(6_999);
    expect(await flush(random)).toMatchObject({ pushed: 0, deferred: false });
    expect(crm.received('r1-t0')).toBe(1);

    const delays: number[] = [];
    for (let attempt = 1; attempt <= failures; attempt++) {
      clock.set((await row('r1-t0'))!.nextAttemptAt);
      const tried = clock.now();
      await flush(random);
      const next = (await row('r1-t0'))!;
      expect(next.attempts).toBe(attempt + 1);
      expect(next.lastError).toMatch(/HTTP 503/);
      const delay = next.nextAttemptAt - tried;
      delays.push(delay);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(Math.min(capMs, baseMs * 2 ** attempt));
    }
    expect(crm.received('r1-t0')).toBe(1 + failures);
    // Full jitter, not a fixed ladder: each delay falls anywhere under its ceiling.
    const shares = delays.map((d, i) => d / Math.min(capMs, baseMs * 2 ** (i + 1)));
    expect(Math.max(...shares) - Math.min(...shares)).toBeGreaterThan(0.5);

    clock.set((await row('r1-t0'))!.nextAttemptAt);
    expect(await flush(random)).toMatchObject({ pushed: 1, pending: 0 });
    expect(crm.stored('r1-t0')).toBe(1);
  });

  it('a 503 holds the rest of the queue behind it, counting an attempt only for the row tried', async () => {
    await seedQueued(db, 'r1', 3);
    crm.failNext(1, { kind: 'status', status: 503, retryAfter: '30' });
    const result = await flush();
    expect(result).toMatchObject({ pushed: 0, deferred: true, pending: 3, nextDueAt: clock.now() + 30_000 });
    expect(crm.requests()).toHaveLength(1);
    const rows = await db.outbox.orderBy('queuedAt').toArray();
    expect(rows.map((r) => [r.attempts, r.nextAttemptAt])).toEqual([
      [1, clock.now() + 30_000],
      [0, clock.now() + 30_000],
      [0, clock.now() + 30_000],
    ]);
    clock.advance(30_000);
    expect(await flush()).toMatchObject({ pushed: 3, pending: 0 });
  });

  it('a network error is retried like a 503', async () => {
    await seedQueued(db, 'r1', 1);
    crm.failNext(1, { kind: 'drop' });
    expect(await flush(() => 0.5)).toMatchObject({ deferred: true, nextDueAt: clock.now() + DEFAULT_BACKOFF.baseMs / 2 });
    expect((await row('r1-t0'))!.lastError).toMatch(/network error/);
  });

  it.each([408, 429])('HTTP %i is retried, then pushed', async (status) => {
    await seedQueued(db, 'r1', 1);
    crm.failNext(1, { kind: 'status', status });
    expect(await flush()).toMatchObject({ pushed: 0, deadLettered: 0, pending: 1 });
    clock.set((await row('r1-t0'))!.nextAttemptAt);
    expect(await flush()).toMatchObject({ pushed: 1, pending: 0 });
    expect(await db.deadLetters.count()).toBe(0);
  });
});

describe('dead letters (issue: 4xx other than 408/429 dead-lettered after one try)', () => {
  it.each([400, 404, 422])('HTTP %i moves the event to the dead letters after one try; the queue goes on', async (status) => {
    await seedQueued(db, 'r1', 2);
    crm.failNext(1, { kind: 'status', status });
    expect(await flush()).toMatchObject({ pushed: 1, deadLettered: 1, pending: 0, nextDueAt: undefined });
    expect(crm.received('r1-t0')).toBe(1);
    expect(await db.outbox.get('r1-t0')).toBeUndefined();
    expect(await db.deadLetters.get('r1-t0')).toEqual({
      eventId: 'r1-t0',
      loopId: 'r1',
      at: clock.now(),
      attempts: 1,
      status,
      error: expect.stringContaining(`HTTP ${status}`),
    });
    expect(logs.join('\n')).toMatch(/dead-lettered r1-t0 after 1 attempt/);
    // The event itself stays in the store: a refusal by the target never deletes what the rep logged.
    expect(await db.events.get('r1-t0')).toBeDefined();
  });

  it('the dead letter and the outbox row change together or not at all', async () => {
    await seedQueued(db, 'r1', 1);
    crm.failNext(1, { kind: 'status', status: 400 });
    // The dead-letter write fails inside the transaction: the outbox row must survive it.
    db.deadLetters.hook('creating', () => {
      throw new Error('disk full');
    });
    await expect(flush()).rejects.toThrow(/disk full/);
    expect(await db.outbox.get('r1-t0')).toBeDefined();
    expect(await db.deadLetters.count()).toBe(0);
  });

  it('retry puts one letter, or all of them, back in the outbox as fresh rows', async () => {
    await seedQueued(db, 'r1', 3);
    crm.failNext(3, { kind: 'status', status: 422 });
    expect(await flush()).toMatchObject({ deadLettered: 3, pending: 0 });

    clock.advance(60_000);
    expect(await retryDeadLetters(db, 'r1-t1', clock.now())).toBe(1);
    expect(await db.outbox.get('r1-t1')).toEqual({ eventId: 'r1-t1', loopId: 'r1', queuedAt: clock.now(), attempts: 0, nextAttemptAt: 0 });
    expect(await db.deadLetters.count()).toBe(2);
    expect(await retryDeadLetters(db, 'nope', clock.now())).toBe(0);
    expect(await retryDeadLetters(db, '*', clock.now())).toBe(2);
    expect(await db.deadLetters.count()).toBe(0);

    expect(await flush()).toMatchObject({ pushed: 3, pending: 0 });
    expect(crm.events()).toHaveLength(3);
  });

  it('an adapter that throws something unexpected is retried, never dead-lettered', async () => {
    await seedQueued(db, 'r1', 1);
    const broken: SyncAdapter = {
      maxBatch: 10,
      pushEvents: () => Promise.reject(new TypeError('undefined is not a function')),
      upsertLoop: () => Promise.reject(new SyncError('unused', { kind: 'transient' })),
      pull: () => Promise.reject(new SyncError('unused', { kind: 'transient' })),
    };
    expect(await flush(seeded(1), broken)).toMatchObject({ deadLettered: 0, deferred: true, pending: 1 });
  });
});

describe('batches (issue: push in batches, with a result per event)', () => {
  /** An adapter that answers from a script per event id and records each batch it was given. */
  function scripted(maxBatch: number, answer: (id: string) => 'stored' | 'already_stored' | SyncError) {
    const batches: string[][] = [];
    const through: SyncAdapter = {
      maxBatch,
      async pushEvents(events) {
        batches.push(events.map((e) => e.id));
        return events.map((e) => {
          const a = answer(e.id);
          return { eventId: e.id, result: a instanceof SyncError ? { error: a } : a };
        });
      },
      upsertLoop: () => Promise.resolve('created'),
      pull: () => Promise.resolve({ events: [], rejected: [], cursor: '' }),
    };
    return { through, batches };
  }

  it('sends the due rows in batches of the adapter’s size, oldest first', async () => {
    await seedQueued(db, 'r1', 5);
    const { through, batches } = scripted(2, () => 'stored');
    expect(await flush(seeded(1), through)).toMatchObject({ pushed: 5, pending: 0 });
    expect(batches).toEqual([['r1-t0', 'r1-t1'], ['r1-t2', 'r1-t3'], ['r1-t4']]);
  });

  it('handles each result on its own: stored and already stored are acknowledged, one refused event dead-letters alone', async () => {
    await seedQueued(db, 'r1', 4);
    const { through } = scripted(10, (id) =>
      id === 'r1-t1' ? 'already_stored' : id === 'r1-t2' ? new SyncError('HTTP 422 bad field', { kind: 'refused', status: 422 }) : 'stored',
    );
    expect(await flush(seeded(1), through)).toMatchObject({ pushed: 3, deadLettered: 1, deferred: false, pending: 0 });
    expect((await db.deadLetters.toArray()).map((l) => l.eventId)).toEqual(['r1-t2']);
  });

  it('events without an outcome were not tried: they wait behind the error that stopped the batch, without an attempt', async () => {
    await seedQueued(db, 'r1', 3);
    const through: SyncAdapter = {
      ...scripted(10, () => 'stored').through,
      pushEvents: async (events) => [
        { eventId: events[0]!.id, result: 'stored' },
        { eventId: events[1]!.id, result: { error: new SyncError('HTTP 503', { kind: 'transient', status: 503, retryAfterMs: 5_000 }) } },
      ],
    };
    expect(await flush(seeded(1), through)).toMatchObject({ pushed: 1, deferred: true, pending: 2, nextDueAt: clock.now() + 5_000 });
    expect((await db.outbox.toArray()).map((r) => [r.eventId, r.attempts, r.nextAttemptAt])).toEqual([
      ['r1-t1', 1, clock.now() + 5_000],
      ['r1-t2', 0, clock.now() + 5_000],
    ]);
  });
});

describe('errors by kind', () => {
  it.each([401, 403])('HTTP %i pauses the pass: nothing dead-lettered, no attempt counted, every row kept', async (status) => {
    await seedQueued(db, 'r1', 3);
    crm.failNext(1, { kind: 'status', status });
    const result = await flush();
    expect(result).toMatchObject({ pushed: 0, deadLettered: 0, pending: 3, authError: { kind: 'auth', status } });
    expect(crm.requests()).toHaveLength(1);
    expect(await db.deadLetters.count()).toBe(0);
    expect((await db.outbox.toArray()).map((r) => [r.attempts, r.nextAttemptAt])).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    // reconnected: the same rows go out as they were
    expect(await flush()).toMatchObject({ pushed: 3, pending: 0, authError: undefined });
  });

  it('rate_limited waits the time it carries; our own budget saying "not yet" is not an attempt', async () => {
    await seedQueued(db, 'r1', 1);
    const waiting: SyncAdapter = {
      maxBatch: 10,
      pushEvents: async (events) => [
        { eventId: events[0]!.id, result: { error: new SyncError('budget', { kind: 'rate_limited', retryAfterMs: 2_500 }) } },
      ],
      upsertLoop: () => Promise.resolve('created'),
      pull: () => Promise.resolve({ events: [], rejected: [], cursor: '' }),
    };
    expect(await flush(() => 0, waiting)).toMatchObject({ deferred: true, nextDueAt: clock.now() + 2_500 });
    expect(await row('r1-t0')).toMatchObject({ attempts: 0, nextAttemptAt: clock.now() + 2_500 });
    expect(crm.requests()).toHaveLength(0);
  });
});

describe('loop projections (issue: the CRM task is created and updated beside the events)', () => {
  const ctx = () => ctxAt(clock.now());
  const loadLoop = async (loopId: string) => {
    const events = await storedEvents(db, loopId);
    return events.some((e) => e.type === 'received') ? foldLoop(events, ctx()) : undefined;
  };
  const flushLoops = () => flushProjections(db, adapter(), { now: clock.now, random: seeded(5), log: (m) => logs.push(m), loadLoop });
  const reassign = (id: string, loopId: string, to: string): LoopEvent => ({
    id,
    loopId,
    at: clock.now(),
    actor: 'me',
    type: 'reassigned',
    toEmail: to,
  });

  it('a queued creation is upserted once as the task; an owner change updates it; a touch queues nothing', async () => {
    await appendEvents(db, loopEvents('r1', clock.now()), ctx(), { queueForSync: true });
    expect(await db.projectionOutbox.count()).toBe(1);
    expect(await flushLoops()).toMatchObject({ upserted: 1, pending: 0 });
    expect(crm.loops().get('r1')).toMatchObject({ loopId: 'r1', status: 'open', route: 'recovery', critical: true, ownerEmail: '' });

    await appendEvents(db, [touch('t1', 'r1', clock.now())], ctx(), { queueForSync: true });
    expect(await db.projectionOutbox.count()).toBe(0);

    await appendEvents(db, [reassign('re1', 'r1', 'sam@x.example')], ctx(), { queueForSync: true });
    await appendEvents(db, [reassign('re2', 'r1', 'kim@x.example')], ctx(), { queueForSync: true });
    expect(await flushLoops()).toMatchObject({ upserted: 1, pending: 0 });
    expect(crm.loopWrites('r1')).toBe(2);
    expect(crm.loops().get('r1')).toMatchObject({ ownerEmail: 'kim@x.example' });
  });

  it('pulled events (not queued for sync) never queue a projection', async () => {
    await appendEvents(db, loopEvents('r1', clock.now()), ctx());
    expect(await db.projectionOutbox.count()).toBe(0);
  });

  it('a 503 defers the upsert with backoff; a 401 pauses without an attempt', async () => {
    await appendEvents(db, [...loopEvents('r1', clock.now()), ...loopEvents('r2', clock.now())], ctx(), { queueForSync: true });
    crm.failNext(1, { kind: 'status', status: 503, retryAfter: '3' }, 'loop');
    expect(await flushLoops()).toMatchObject({ upserted: 0, deferred: true, pending: 2, nextDueAt: clock.now() + 3_000 });
    expect((await db.projectionOutbox.toArray()).map((r) => r.attempts).sort()).toEqual([0, 1]);
    clock.advance(3_000);
    crm.failNext(1, { kind: 'status', status: 401 }, 'loop');
    expect(await flushLoops()).toMatchObject({ upserted: 0, authError: { kind: 'auth' }, pending: 2 });
    expect(await flushLoops()).toMatchObject({ upserted: 2, pending: 0 });
  });
});
