import { useLiveQuery } from 'dexie-react-hooks';
import { getDb } from '@/lib/db/schema';
import { isUnassigned } from '@/lib/people/team';
import { normalizeEmail } from '@/lib/crm/email';

/** The directory and how many open loops each person owns, read live from the store. */
export function useDirectory() {
  return useLiveQuery(async () => {
    const db = getDb();
    const [people, open] = await Promise.all([db.people.toArray(), db.loops.where('status').equals('open').toArray()]);
    people.sort((a, b) => (a.name || a.email).localeCompare(b.name || b.email));
    const directory = new Map(people.map((p) => [p.email, p]));
    const openByOwner = new Map<string, number>();
    let unassigned = 0;
    for (const loop of open) {
      const owner = normalizeEmail(loop.ownerEmail);
      if (isUnassigned(owner, directory)) unassigned++;
      else openByOwner.set(owner, (openByOwner.get(owner) ?? 0) + 1);
    }
    return { people, directory, openByOwner, unassigned };
  }, []);
}
