import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LoopsideDb } from '@/lib/db/schema';
import { appendEvents } from '@/lib/db/loops';
import { backfillOpenLoops } from '@/lib/sync/backfill';
import { T0, ctxAt, freshDb, loopEvents, touch } from './helpers';

let db: LoopsideDb;
beforeEach(() => {
  db = freshDb();
});
afterEach(async () => db.delete());

const closeEvent = (loopId: string, at: number) => ({
  id: `${loopId}-close`,
  loopId,
  at,
  actor: 'me',
  type: 'closed' as const,
  state: 'resolved' as const,
  reason: 'Fixed and confirmed',
});

describe('switching from local mode to a team target', () => {
  it('queues every open loop imported in local mode, with its events and its CRM task, once', async () => {
    // Imported in local mode: nothing queued.
    await appendEvents(db, [...loopEvents('open-a'), ...loopEvents('open-b')], ctxAt(T0));
    await appendEvents(db, [touch('open-a-t1', 'open-a', T0 + 60_000)], ctxAt(T0 + 60_000));
    await appendEvents(db, loopEvents('closed-c'), ctxAt(T0));
    await appendEvents(db, [closeEvent('closed-c', T0 + 120_000)], ctxAt(T0 + 120_000));
    expect(await db.outbox.count()).toBe(0);

    expect(await backfillOpenLoops(db, 'hubspot:24681357', T0 + 180_000)).toBe(2);
    const queued = await db.outbox.toArray();
    expect(new Set(queued.map((r) => r.loopId))).toEqual(new Set(['open-a', 'open-b']));
    expect(queued.map((r) => r.eventId)).toContain('open-a-t1');
    expect((await db.projectionOutbox.toArray()).map((r) => r.loopId).sort()).toEqual(['open-a', 'open-b']);

    // A worker restart reconciles again: nothing is queued twice.
    const before = await db.outbox.count();
    expect(await backfillOpenLoops(db, 'hubspot:24681357', T0 + 240_000)).toBe(0);
    expect(await db.outbox.count()).toBe(before);
  });

  it('keeps a row already waiting (its attempts and backoff) and backfills again for another portal', async () => {
    await appendEvents(db, loopEvents('open-a'), ctxAt(T0));
    await appendEvents(db, [touch('open-a-t1', 'open-a', T0 + 60_000)], ctxAt(T0 + 60_000), { queueForSync: true });
    await db.outbox.update('open-a-t1', { attempts: 3, nextAttemptAt: T0 + 600_000 });

    await backfillOpenLoops(db, 'hubspot:1', T0 + 120_000);
    expect(await db.outbox.get('open-a-t1')).toMatchObject({ attempts: 3, nextAttemptAt: T0 + 600_000 });

    await db.outbox.clear();
    expect(await backfillOpenLoops(db, 'salesforce:https://acme.my.salesforce.com', T0 + 180_000)).toBe(1);
    expect(await db.outbox.count()).toBeGreaterThan(0);
  });

  it('does nothing in local mode', async () => {
    await appendEvents(db, loopEvents('open-a'), ctxAt(T0));
    expect(await backfillOpenLoops(db, '', T0)).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });
});
