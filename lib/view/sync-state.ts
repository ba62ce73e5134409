import { useLiveQuery } from 'dexie-react-hooks';
import { getDb } from '@/lib/db/schema';
import type { SyncTarget } from '@/lib/settings/schema';
import { readPause, targetKey } from '@/lib/sync/pause';

/** Dead letters with what they were and whose loop, how much waits in the outboxes, and whether sync is paused. */
export function useSyncState(target: SyncTarget) {
  const key = targetKey(target);
  return useLiveQuery(async () => {
    const db = getDb();
    const [outbox, loopsWaiting, letters, pause] = await Promise.all([
      db.outbox.count(),
      db.projectionOutbox.count(),
      db.deadLetters.orderBy('at').reverse().toArray(),
      key ? readPause(db, key) : undefined,
    ]);
    const [events, loops] = await Promise.all([
      db.events.bulkGet(letters.map((l) => l.eventId)),
      db.loops.bulkGet(letters.map((l) => l.loopId)),
    ]);
    return {
      outbox,
      loopsWaiting,
      pause,
      letters: letters.map((l, i) => ({
        ...l,
        eventType: events[i]?.type,
        contact: loops[i] ? loops[i].contactName || loops[i].email : '',
      })),
    };
  }, [key]);
}
