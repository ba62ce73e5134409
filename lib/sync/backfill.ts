import type { LoopsideDb } from '@/lib/db/schema';

const BACKFILLED_KEY = 'sync/backfilledFor';

/**
 * A team that switches from local mode to a CRM already has open loops that only this browser
 * knows: their import was never queued (local imports are not) and teammates would never see them.
 * The first time a team target is active, every open loop's events and its projection (the CRM
 * task) are queued once. Closed loops stay local history: pushing years of them would spend the
 * portal's or org's API allocation on loops nobody acts on. Adapters push by event id, so an event
 * this browser had already pushed (to the same CRM, before a reconnect) is not written twice.
 *
 * Returns how many loops were queued; 0 when this target was already backfilled.
 */
export async function backfillOpenLoops(db: LoopsideDb, target: string, now: number): Promise<number> {
  if (!target) return 0;
  // Every worker start reconciles: once done, answer from one key read, without locking loops and events.
  if ((await db.kv.get(BACKFILLED_KEY))?.value === target) return 0;
  return db.transaction('rw', [db.kv, db.loops, db.events, db.outbox, db.projectionOutbox], async () => {
    if ((await db.kv.get(BACKFILLED_KEY))?.value === target) return 0;
    const loopIds = (await db.loops.where('status').equals('open').primaryKeys()) as string[];
    const events = loopIds.length ? await db.events.where('loopId').anyOf(loopIds).toArray() : [];
    // Rows already queued keep their attempts and backoff.
    const queued = new Set((await db.outbox.bulkGet(events.map((e) => e.id))).flatMap((row) => (row ? [row.eventId] : [])));
    await db.outbox.bulkAdd(
      events
        .filter((e) => !queued.has(e.id))
        .map((e) => ({ eventId: e.id, loopId: e.loopId, queuedAt: now, attempts: 0, nextAttemptAt: 0 })),
    );
    const projected = new Set((await db.projectionOutbox.bulkGet(loopIds)).flatMap((row) => (row ? [row.loopId] : [])));
    await db.projectionOutbox.bulkAdd(
      loopIds.filter((id) => !projected.has(id)).map((loopId) => ({ loopId, queuedAt: now, attempts: 0, nextAttemptAt: 0 })),
    );
    await db.kv.put({ key: BACKFILLED_KEY, value: target });
    return loopIds.length;
  });
}
