import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoopsideDb } from '@/lib/db/schema';
import { writeSettings } from '@/lib/db/settings';
import type { SurveyResponse } from '@/lib/loop';
import type { ResponsePage, TeamSource } from '@/lib/sync/team-source';
import { pollTeam, PEOPLE_REFRESH_MS } from '@/lib/worker/team-poll';

const now = Date.UTC(2026, 11, 1, 10);
const response = (id: string, score: number, ownerEmail = 'rita@team.example'): SurveyResponse => ({
  id,
  scale: 'nps',
  score,
  comment: 'Slow support',
  respondedAt: now - 3_600_000,
  email: `${id}@customer.example`,
  ownerEmail,
  hubspotId: id.replace(/\D/g, '') || '1',
  extra: {},
});

/** A CRM with pages of responses behind string cursors, and its people. */
function fakeSource(pages: SurveyResponse[][], people = [{ email: 'rita@team.example', name: 'Rita', crmUserId: '101' }]) {
  const calls: (string | null)[] = [];
  let peopleReads = 0;
  const source: TeamSource = {
    async listPeople() {
      peopleReads++;
      return people;
    },
    async pullResponses(cursor): Promise<ResponsePage> {
      calls.push(cursor);
      const index = cursor === null ? 0 : Number(cursor);
      const page = pages[index] ?? [];
      const next = Math.min(index + 1, pages.length);
      return {
        responses: page,
        rejected: index === 0 ? [{ id: 'bad', reason: 'hs_value: expected number' }] : [],
        cursor: String(next),
        more: next < pages.length,
      };
    },
  };
  return { source, calls, peopleReads: () => peopleReads };
}

let db: LoopsideDb;
let n = 0;
const logs: string[] = [];
const opts = (at = now) => ({ targetKey: 'hubspot:42', now: () => at, log: (m: string) => logs.push(m) });

beforeEach(async () => {
  db = new LoopsideDb(`team-poll-${++n}`);
  logs.length = 0;
  await writeSettings(db, {
    timeZone: 'Europe/Berlin',
    myEmail: 'max@team.example',
    role: 'manager',
    sync: { kind: 'hubspot', portalId: '42' },
  });
});
afterEach(async () => db.delete());

describe('a team-mode poll of the CRM', () => {
  it('turns every page of new responses into loops owned by the contact owner, and reports the rejected ones', async () => {
    const { source } = fakeSource([[response('c1', 2), response('c2', 9)], [response('c3', 7)]]);
    const result = await pollTeam(db, source, opts());
    expect(result).toMatchObject({ responses: 3, loopsCreated: 3, rejected: 1, more: false });
    expect((await db.loops.toArray()).map((l) => [l.loopId, l.ownerEmail, l.route]).sort()).toEqual([
      ['c1', 'rita@team.example', 'recovery'],
      ['c2', 'rita@team.example', 'advocacy'],
      ['c3', 'rita@team.example', 'improvement'],
    ]);
    expect(logs.join('\n')).toMatch(/skipped CRM response bad: hs_value/);
  });

  it('goes on from its cursor: the next poll asks for what came after, and the same page twice creates nothing', async () => {
    const pages = [[response('c1', 2)]];
    const { source, calls } = fakeSource(pages);
    await pollTeam(db, source, opts());
    pages.push([response('c4', 3)]);
    const second = await pollTeam(db, source, opts());
    expect(calls).toEqual([null, '1']);
    expect(second.loopsCreated).toBe(1);
    // A worker stopped before the cursor moved reads the same page again: nothing doubles.
    await db.kv.delete('team/responses/hubspot:42');
    const replay = await pollTeam(db, source, opts());
    expect(replay).toMatchObject({ responses: 2, loopsCreated: 0 });
    expect(await db.loops.count()).toBe(2);
  });

  it('queues the new loops’ events and tasks for the CRM (team mode)', async () => {
    await pollTeam(db, fakeSource([[response('c1', 2)]]).source, opts());
    expect(await db.outbox.count()).toBeGreaterThan(0);
    expect(await db.projectionOutbox.get('c1')).toBeDefined();
  });

  it('fills the directory from the CRM’s people, keeping what options set, and reads them again only after an hour', async () => {
    await db.people.put({
      email: 'rita@team.example',
      name: '',
      managerEmail: 'max@team.example',
      role: 'manager',
      timeZone: 'America/New_York',
      workStart: '08:00',
      workEnd: '16:00',
      workdays: [1, 2, 3, 4],
    });
    const { source, peopleReads } = fakeSource(
      [],
      [
        { email: 'rita@team.example', name: 'Rita Ruiz', crmUserId: '101' },
        { email: 'sam@team.example', name: 'Sam', crmUserId: '102', managerEmail: 'rita@team.example' } as never,
      ],
    );
    expect((await pollTeam(db, source, opts())).people).toBe(2);
    expect(await db.people.get('rita@team.example')).toMatchObject({
      name: 'Rita Ruiz',
      role: 'manager',
      timeZone: 'America/New_York',
      managerEmail: 'max@team.example',
      crmUserId: '101',
    });
    expect(await db.people.get('sam@team.example')).toMatchObject({
      role: 'rep',
      timeZone: 'Europe/Berlin',
      managerEmail: 'rita@team.example',
      crmUserId: '102',
    });
    await pollTeam(db, source, opts(now + PEOPLE_REFRESH_MS - 1));
    expect(peopleReads()).toBe(1);
    await pollTeam(db, source, opts(now + PEOPLE_REFRESH_MS));
    expect(peopleReads()).toBe(2);
  });
});
