import { PersonSchema, type Person } from '@/lib/people/schema';
import type { LoopsideDb } from './schema';
import { normalizeEmail } from '@/lib/crm/email';

/** The team directory, by lower-cased e-mail. */
export async function peopleDirectory(db: LoopsideDb): Promise<Map<string, Person>> {
  const people = await db.people.toArray();
  return new Map(people.map((p) => [p.email, p]));
}

/** Everyone in the directory, by name then e-mail, for the options list. */
export async function listPeople(db: LoopsideDb): Promise<Person[]> {
  const people = await db.people.toArray();
  return people.sort((a, b) => (a.name || a.email).localeCompare(b.name || b.email) || a.email.localeCompare(b.email));
}

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
