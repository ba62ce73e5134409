import { PersonSchema } from '@/lib/people/schema';
import type { LoopsideDb } from './schema';
import { normalizeEmail } from '@/lib/crm/email';

/**
 * Adds or replaces people by e-mail, validated on the way in (so a hand-edited entry from the
 * options page cannot store a malformed row), in one transaction.
 */
export async function upsertPeople(db: LoopsideDb, input: readonly unknown[]): Promise<{ added: number; updated: number }> {
  const people = input.map((p) => PersonSchema.parse(p));
  return db.transaction('rw', db.people, async () => {
    const known = await db.people.bulkGet(people.map((p) => p.email));
    const unique = new Map(people.map((p) => [p.email, p]));
    await db.people.bulkPut([...unique.values()]);
    const updated = new Set(people.filter((_, i) => known[i] !== undefined).map((p) => p.email)).size;
    return { added: unique.size - updated, updated };
  });
}

export async function deletePerson(db: LoopsideDb, email: string): Promise<boolean> {
  const key = normalizeEmail(email);
  return db.transaction('rw', db.people, async () => {
    const found = (await db.people.get(key)) !== undefined;
    if (found) await db.people.delete(key);
    return found;
  });
}
