import { useLiveQuery } from 'dexie-react-hooks';
import { getDb } from '@/lib/db/schema';
import { isUnassigned } from '@/lib/people/team';
import { normalizeEmail } from '@/lib/crm/email';

/** The directory and how many open loops each person owns, read live from the store. */
export function useDirectory() {
  return useLiveQuery(async () => {
    const db = getDb();
    // Keys only (open loops' ids, every loop's owner from its index), never the loop rows: this
    // query runs again on every write to the loops, and an import writes thousands per second.
    const [people, openIds] = await Promise.all([db.people.toArray(), db.loops.where('status').equals('open').primaryKeys()]);
    people.sort((a, b) => (a.name || a.email).localeCompare(b.name || b.email));
    const directory = new Map(people.map((p) => [p.email, p]));
    const open = new Set(openIds);
    const openByOwner = new Map<string, number>();
    let unassigned = 0;
    await db.loops.orderBy('ownerEmail').eachKey((key, cursor) => {
      if (!open.has(cursor.primaryKey as string)) return;
      const owner = normalizeEmail(String(key));
      if (isUnassigned(owner, directory)) unassigned++;
      else openByOwner.set(owner, (openByOwner.get(owner) ?? 0) + 1);
    });
    return { people, directory, openByOwner, unassigned };
  }, []);
}
