import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoopsideDb } from '@/lib/db/schema';
import { deletePerson, upsertPeople } from '@/lib/db/people';

let db: LoopsideDb;
let n = 0;
beforeEach(() => {
  db = new LoopsideDb(`people-${++n}`);
});
afterEach(async () => {
  await db.delete();
});

describe('directory store', () => {
  it('adds, then updates by e-mail (lower-cased)', async () => {
    expect(
      await upsertPeople(db, [
        { email: 'Zoe@Team.example', name: 'Zoe', timeZone: 'UTC' },
        { email: 'adam@team.example', name: 'Adam', timeZone: 'UTC', role: 'manager' },
      ]),
    ).toEqual({ added: 2, updated: 0 });
    expect(
      await upsertPeople(db, [{ email: 'zoe@team.example', name: 'Zoë', timeZone: 'Europe/Berlin', managerEmail: 'adam@team.example' }]),
    ).toEqual({ added: 0, updated: 1 });
    expect((await db.people.toArray()).map((p) => [p.email, p.name]).sort()).toEqual([
      ['adam@team.example', 'Adam'],
      ['zoe@team.example', 'Zoë'],
    ]);
    expect(await db.people.get('zoe@team.example')).toMatchObject({
      managerEmail: 'adam@team.example',
      timeZone: 'Europe/Berlin',
      role: 'rep',
      workStart: '09:00',
    });
  });

  it('refuses a malformed entry and stores nothing of that write', async () => {
    await expect(
      upsertPeople(db, [
        { email: 'ok@team.example', timeZone: 'UTC' },
        { email: 'nope', timeZone: 'UTC' },
      ]),
    ).rejects.toThrow();
    expect(await db.people.count()).toBe(0);
  });

  it('deletes by e-mail', async () => {
    await upsertPeople(db, [{ email: 'ann@team.example', timeZone: 'UTC' }]);
    expect(await deletePerson(db, ' ANN@team.example ')).toBe(true);
    expect(await deletePerson(db, 'ann@team.example')).toBe(false);
    expect(await db.people.count()).toBe(0);
  });
});
