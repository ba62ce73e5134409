import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LoopsideDb } from '@/lib/db/schema';
import type { SyncAdapter } from '@/lib/sync/adapter';
import { DEFAULT_BACKOFF } from '@/lib/sync/backoff';
import { createHttpAdapter } from '@/lib/sync/http-adapter';
import { flushOutbox } from '@/lib/sync/outbox';
import { retryDeadLetters } from '@/lib/sync/dead-letters';
import { SyncError } from '@/lib/sync/errors';
import { startFakeCrm, type FakeCrm } from '../fake-crm/server';
import { freshDb, manualClock, seedQueued, seeded } from './helpers';

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
  it.each([400, 401, 403, 404, 422])('HTTP %i moves the event to the dead letters after one try; the queue goes on', async (status) => {
    await seedQueued(db, 'r1', 2);
    crm.failNext(1, { kind: 'status', status });
    expect(await flush()).toMatchObject({ pushed: 1, deadLettered: 1, pending: 0, nextDueAt: undefined });
    expect(crm.received('r1-t0')).toBe(1);
    expect(await db.outbox.get('r1-t0')).toBeUndefined();
    expect(await db.deadLetters.get('r1-t0')).toEqual({ eventId: 'r1-t0', loopId: 'r1', at: clock.now(), attempts: 1, status, error: expect.stringContaining(`HTTP ${status}`) });
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
      push: () => Promise.reject(new TypeError('undefined is not a function')),
      pull: () => Promise.reject(new SyncError('unused', { retryable: true })),
    };
    expect(await flush(seeded(1), broken)).toMatchObject({ deadLettered: 0, deferred: true, pending: 1 });
  });
});
