import { DEFAULT_KEEP_CLOSED_DAYS, type Settings } from '@/lib/settings/schema';
import { forgetAccountRevenues } from './contact-context';
import type { LoopsideDb } from './schema';
import { readSettings } from './settings';

const PRUNED_AT_KEY = 'prune/last';

const DAY = 86_400_000;

export interface RetentionPolicy {
  /** closed loops' events (and rows) are kept this many days after the close, then removed */
  closedLoopDays: number;
  /** where a contact's record was last seen: a link not seen for this long is dropped */
  recordLinkDays: number;
}

/** How long a record link not seen again is kept (not a setting: a link is found again on the next visit). */
export const RECORD_LINK_DAYS = 180;

/** Defaults: a closed loop stays a bit over a year (a year-on-year KPI still sees it). */
export const DEFAULT_RETENTION: RetentionPolicy = { closedLoopDays: DEFAULT_KEEP_CLOSED_DAYS, recordLinkDays: RECORD_LINK_DAYS };

/** The retention the person set in options (`keepClosedLoopsDays`). */
export const retentionOf = (settings: Pick<Settings, 'keepClosedLoopsDays'>): RetentionPolicy => ({
  closedLoopDays: settings.keepClosedLoopsDays,
  recordLinkDays: RECORD_LINK_DAYS,
});

export interface PruneResult {
  notified: number;
  recordLinks: number;
  loops: number;
  events: number;
}

/**
 * Removes what is only bookkeeping, so the store does not grow without bound:
 * - `notified` rows of loops that were touched (alerts stop for good after a first touch: touches
 *   are append-only events) or that no longer exist;
 * - record links not seen for `recordLinkDays`;
 * - loops closed more than `closedLoopDays` ago, with their events and alerts, unless one of their
 *   events still waits in the outbox (never drop what the sync target has not acknowledged) or the
 *   loop has a projection waiting to be upserted.
 * Dead letters are kept: each one waits for a person's decision in options.
 */
export async function pruneStore(db: LoopsideDb, now: number, retention: RetentionPolicy = DEFAULT_RETENTION): Promise<PruneResult> {
  return db.transaction('rw', [db.loops, db.events, db.notified, db.recordLinks, db.outbox, db.projectionOutbox, db.kv], async () => {
    const closedBefore = now - retention.closedLoopDays * DAY;
    const closed = await db.loops.where('status').notEqual('open').toArray();
    const oldClosed: string[] = [];
    for (const row of closed) {
      // A loop answered after the cut-off cannot have closed before it.
      if (row.respondedAt >= closedBefore) continue;
      const events = await db.events.where('loopId').equals(row.loopId).toArray();
      const lastAt = events.reduce((max, e) => Math.max(max, e.at), 0);
      if (lastAt >= closedBefore) continue;
      const unsynced =
        (await db.outbox.where('loopId').equals(row.loopId).count()) > 0 || (await db.projectionOutbox.get(row.loopId)) !== undefined;
      if (!unsynced) oldClosed.push(row.loopId);
    }
    let events = 0;
    if (oldClosed.length > 0) {
      events = await db.events.where('loopId').anyOf(oldClosed).delete();
      await db.loops.bulkDelete(oldClosed);
      // Their accounts' revenues may no longer be in the store: the next import counts them again from what is.
      await forgetAccountRevenues(db);
    }

    const notifiedLoopIds = [...new Set((await db.notified.toCollection().primaryKeys()).map((key) => String(key).split('|')[0]!))];
    const rows = await db.loops.bulkGet(notifiedLoopIds);
    const done = notifiedLoopIds.filter((_, i) => rows[i] === undefined || rows[i]!.firstTouchAt > 0);
    const notified = done.length > 0 ? await db.notified.where('loopId').anyOf(done).delete() : 0;

    const recordLinks = await db.recordLinks.filter((l) => l.seenAt < now - retention.recordLinkDays * DAY).delete();
    return { notified, recordLinks, loops: oldClosed.length, events };
  });
}

/**
 * Runs pruneStore at most once a day (the worker calls it after a scan); null when it was not due.
 * The retention is the one set in options unless one is given.
 */
export async function pruneDaily(db: LoopsideDb, now: number, retention?: RetentionPolicy): Promise<PruneResult | null> {
  const last = (await db.kv.get(PRUNED_AT_KEY))?.value;
  if (typeof last === 'number' && now - last < DAY && now >= last) return null;
  const result = await pruneStore(db, now, retention ?? retentionOf(await readSettings(db)));
  await db.kv.put({ key: PRUNED_AT_KEY, value: now });
  return result;
}
