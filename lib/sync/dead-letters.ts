import type { LoopsideDb } from '@/lib/db/schema';

/** Every dead letter, for `retryDeadLetters`. */
export const ALL_DEAD_LETTERS = '*';

/**
 * Puts dead letters back in the outbox as fresh rows (attempts 0, due now), in one transaction so
 * a letter is never in both lists or in neither. Returns how many went back.
 */
export async function retryDeadLetters(db: LoopsideDb, eventId: string, now: number): Promise<number> {
  return db.transaction('rw', db.deadLetters, db.outbox, db.events, async () => {
    const letters =
      eventId === ALL_DEAD_LETTERS ? await db.deadLetters.toArray() : [await db.deadLetters.get(eventId)].filter((l) => l !== undefined);
    const events = await db.events.bulkGet(letters.map((l) => l.eventId));
    const revivable = letters.filter((_, i) => events[i] !== undefined);
    await db.deadLetters.bulkDelete(letters.map((l) => l.eventId));
    await db.outbox.bulkPut(revivable.map((l) => ({ eventId: l.eventId, loopId: l.loopId, queuedAt: now, attempts: 0, nextAttemptAt: 0 })));
    return revivable.length;
  });
}
