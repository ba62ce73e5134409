import { deletePerson, upsertPeople } from '@/lib/db/people';
import type { LoopsideDb } from '@/lib/db/schema';
import { readSettings } from '@/lib/db/settings';
import { parseDirectoryCsv } from '@/lib/people/csv';
import { PersonSchema } from '@/lib/people/schema';
import type { PeopleImportSummary } from '@/lib/messaging/protocol';
import { Refusal } from './router';

/** A team-directory CSV: good rows are stored, each bad row is reported with its line. */
export async function importDirectory(db: LoopsideDb, text: string): Promise<PeopleImportSummary> {
  const settings = await readSettings(db);
  const parsed = parseDirectoryCsv(text, { timeZone: settings.timeZone });
  if (parsed.fatal) return { added: 0, updated: 0, errors: parsed.errors, fatal: parsed.fatal };
  const { added, updated } = await upsertPeople(db, parsed.people);
  return { added, updated, errors: parsed.errors };
}

/** One person added or edited in options; a field that does not validate is named with its reason. */
export async function savePerson(db: LoopsideDb, input: unknown) {
  const parsed = PersonSchema.safeParse(input);
  if (!parsed.success) throw new Refusal(parsed.error.issues.map((i) => `${i.path.join('.') || 'person'}: ${i.message}`).join('; '));
  const result = await upsertPeople(db, [parsed.data]);
  return { ...result, person: parsed.data };
}

export async function removePerson(db: LoopsideDb, email: string): Promise<boolean> {
  return deletePerson(db, email);
}
