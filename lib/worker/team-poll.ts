import type { LoopsideDb } from '@/lib/db/schema';
import { upsertPeople } from '@/lib/db/people';
import { readSettings } from '@/lib/db/settings';
import type { Person } from '@/lib/people/schema';
import type { CrmPerson, TeamSource } from '@/lib/sync/team-source';
import { importResponses } from './import';

/** Pages of responses per poll at most: a backlog is worked off over several polls, never in one long burst. */
const MAX_PAGES_PER_POLL = 20;
/** The CRM's people change rarely: read them again after this long. */
export const PEOPLE_REFRESH_MS = 60 * 60_000;

const responsesCursorKey = (targetKey: string) => `team/responses/${targetKey}`;
const peopleReadKey = (targetKey: string) => `team/people/${targetKey}`;

export interface TeamPollResult {
  responses: number;
  loopsCreated: number;
  rejected: number;
  /** people added to or updated in the directory (0 when the people were not due for a refresh) */
  people: number;
  /** more responses wait at the source than one poll reads */
  more: boolean;
}

/**
 * One team-mode poll of a CRM beyond the event log: survey responses since the stored cursor become
 * loops (owned by the contact's owner; the same submission seen by every member's browser makes the
 * same loop, event ids and all, so nothing is doubled), and the CRM's people refresh the directory.
 * The cursor moves only after the page it covers is stored, so a worker stopped mid-poll re-reads
 * that page and changes nothing.
 */
export async function pollTeam(
  db: LoopsideDb,
  source: TeamSource,
  opts: { targetKey: string; now: () => number; log: (message: string) => void },
): Promise<TeamPollResult> {
  const result: TeamPollResult = { responses: 0, loopsCreated: 0, rejected: 0, people: 0, more: false };
  let cursor = ((await db.kv.get(responsesCursorKey(opts.targetKey)))?.value as string | undefined) ?? null;
  for (let page = 0; page < MAX_PAGES_PER_POLL; page++) {
    const next = await source.pullResponses(cursor);
    for (const r of next.rejected) opts.log(`skipped CRM response ${r.id}: ${r.reason}`);
    result.rejected += next.rejected.length;
    if (next.responses.length > 0) {
      const { loopsCreated } = await importResponses(db, next.responses, opts.now());
      result.responses += next.responses.length;
      result.loopsCreated += loopsCreated;
    }
    if (next.cursor !== cursor) await db.kv.put({ key: responsesCursorKey(opts.targetKey), value: next.cursor });
    cursor = next.cursor;
    result.more = next.more;
    if (!next.more) break;
  }

  const lastRead = (await db.kv.get(peopleReadKey(opts.targetKey)))?.value as number | undefined;
  if (lastRead === undefined || opts.now() - lastRead >= PEOPLE_REFRESH_MS) {
    result.people = await mergeCrmPeople(db, await source.listPeople());
    await db.kv.put({ key: peopleReadKey(opts.targetKey), value: opts.now() });
  }
  return result;
}

/**
 * The CRM's people into the team directory, by e-mail: a new person arrives as a rep on the business
 * time zone; a known person keeps the role, calendar and manager set in options and gains the CRM
 * user id, a name where none was set, and the CRM's manager where options named none.
 */
export async function mergeCrmPeople(db: LoopsideDb, crmPeople: readonly CrmPerson[]): Promise<number> {
  if (crmPeople.length === 0) return 0;
  const settings = await readSettings(db);
  const known = await db.people.bulkGet(crmPeople.map((p) => p.email));
  const changed: Person[] = [];
  crmPeople.forEach((crm, i) => {
    const person = known[i];
    const manager = crm.managerEmail && crm.managerEmail !== crm.email ? crm.managerEmail : '';
    if (!person) {
      changed.push({
        email: crm.email,
        name: crm.name,
        managerEmail: manager,
        role: 'rep',
        timeZone: settings.timeZone,
        workStart: '09:00',
        workEnd: '17:00',
        workdays: [1, 2, 3, 4, 5],
        crmUserId: crm.crmUserId,
      });
      return;
    }
    const next: Person = {
      ...person,
      name: person.name || crm.name,
      managerEmail: person.managerEmail || manager,
      crmUserId: crm.crmUserId,
    };
    if (next.name !== person.name || next.managerEmail !== person.managerEmail || next.crmUserId !== person.crmUserId) changed.push(next);
  });
  if (changed.length === 0) return 0;
  const { added, updated } = await upsertPeople(db, changed);
  return added + updated;
}
