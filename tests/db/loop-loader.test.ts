import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type LoopEvent, type LoopState, type SurveyResponse } from '@/lib/loop';
import type { RecordRef } from '@/lib/crm/types';
import { LoopsideDb } from '@/lib/db/schema';
import { appendEvents } from '@/lib/db/loops';
import { foldLoaded, loadLoops, type LoopSelection } from '@/lib/db/loop-loader';
import { upsertPeople } from '@/lib/db/people';
import { writeSettings } from '@/lib/db/settings';
import { scanLoops } from '@/lib/worker/scan';
import { eventsFor, HOUR, MINUTE, MON_10, response, TEAM, UTC } from '../notify/helpers';

const DAY = 24 * HOUR;
const NOW = MON_10 + MINUTE;

let db: LoopsideDb;
let n = 0;
beforeEach(async () => {
  db = new LoopsideDb(`loop-loader-${++n}`);
  await writeSettings(db, { timeZone: 'UTC', myEmail: 'mona@team.example', role: 'manager' });
  await upsertPeople(db, TEAM);
});
afterEach(async () => {
  await db.delete();
});

const ctx = (now: number) => ({ policy: DEFAULT_POLICY, calendar: UTC, now });
const touch = (loopId: string, at: number): LoopEvent => ({
  id: `${loopId}/t`,
  loopId,
  at,
  actor: 'me',
  type: 'touch_logged',
  channel: 'call',
  outcome: 'reached',
  note: '',
});

/** An earlier low score (touched, so the scan no longer waits on it) and a low score now, untouched. */
async function twoLowScores(prefix: string, first: Partial<SurveyResponse>, second: Partial<SurveyResponse> = first) {
  const earlier = response({ id: `${prefix}-1`, score: 4, respondedAt: MON_10 - 10 * DAY, ...first });
  await appendEvents(db, eventsFor(earlier), ctx(earlier.respondedAt));
  await appendEvents(db, [touch(earlier.id, earlier.respondedAt + HOUR)], ctx(earlier.respondedAt + HOUR));
  const now = response({ id: `${prefix}-2`, score: 5, ...second });
  await appendEvents(db, eventsFor(now), ctx(now.respondedAt));
}

const hubspot = (id: string): RecordRef => ({
  crm: 'hubspot',
  kind: 'contact',
  id,
  host: 'app.hubspot.com',
  portalId: '1',
  url: `https://app.hubspot.com/contacts/1/record/0-1/${id}`,
});
const salesforce = (id: string): RecordRef => ({
  crm: 'salesforce',
  kind: 'contact',
  id,
  host: 'acme.lightning.force.com',
  url: `https://acme.lightning.force.com/lightning/r/Contact/${id}/view`,
});

const statesOf = async (selection: LoopSelection): Promise<LoopState[]> => foldLoaded(await loadLoops(db, selection), NOW);
const escalations = (states: readonly LoopState[]) =>
  new Map(states.map((s) => [s.loopId, s.escalations.map((e) => `${e.level}:${e.kind}`).sort()]));

describe('one loader for the scan, the queue and the sidebar', () => {
  beforeEach(async () => {
    await twoLowScores('maria', { email: undefined, hubspotId: '51', name: 'Maria' });
    await twoLowScores('dana', { email: 'Dana@Acme.example' }, { email: 'dana@acme.example' });
    await twoLowScores(
      'aiko',
      { email: undefined, salesforceId: '003Dn00000QxYz1iaf' },
      { email: undefined, salesforceId: '003Dn00000QxYz1IAF' },
    );
    // one mailbox, two HubSpot contacts: not one contact's history
    await twoLowScores('shared', { email: 'team@x.example', hubspotId: '60' }, { email: 'team@x.example', hubspotId: '61' });
  });

  const RECORDS: [string, LoopSelection][] = [
    ['maria-2', { kind: 'record', record: hubspot('51'), email: null }],
    ['dana-2', { kind: 'record', record: hubspot('70'), email: 'dana@acme.example' }],
    ['aiko-2', { kind: 'record', record: salesforce('003Dn00000QxYz1IAF'), email: null }],
    ['shared-2', { kind: 'record', record: hubspot('61'), email: 'team@x.example' }],
  ];

  it('the sidebar, the queue and the scan fold each waiting loop with the same escalations', async () => {
    const waiting = escalations(await statesOf({ kind: 'waiting' }));
    expect([...waiting.keys()].sort()).toEqual(['aiko-2', 'dana-2', 'maria-2', 'shared-2']);
    const open = escalations(await statesOf({ kind: 'open' }));
    for (const [loopId, selection] of RECORDS) {
      const sidebar = escalations(await statesOf(selection));
      expect(sidebar.get(loopId), loopId).toEqual(waiting.get(loopId));
      expect(open.get(loopId), loopId).toEqual(waiting.get(loopId));
    }
    expect(waiting.get('maria-2')).toContain('manager:repeat_low_score');
    expect(waiting.get('dana-2')).toContain('manager:repeat_low_score');
    expect(waiting.get('aiko-2')).toContain('manager:repeat_low_score');
    expect(waiting.get('shared-2')).not.toContain('manager:repeat_low_score');
  });

  it('a contact known only by a HubSpot id: the sidebar shows the second low score and the manager gets the alert', async () => {
    const [latest] = (await statesOf(RECORDS[0]![1])).sort((a, b) => b.response.respondedAt - a.response.respondedAt);
    expect(latest!.loopId).toBe('maria-2');
    expect(latest!.escalations.map((e) => e.reason)).toContain('Second low score within 90 days');
    const shown = (await scanLoops(db, NOW)).toShow.map((s) => [s.key, s.title]);
    expect(shown).toContainEqual(['maria-2|escalation:manager|mona@team.example', 'Escalation to manager: second low score']);
    expect(shown.map(([key]) => key)).not.toContain('shared-2|escalation:manager|mona@team.example');
  });

  it('loads each loop with its own events and its contact’s other loops, closed ones too', async () => {
    const loaded = await loadLoops(db, RECORDS[0]![1]);
    expect(loaded.loops.map((l) => [l.loopId, l.contact.map((c) => c.loopId)]).sort()).toEqual([
      ['maria-1', ['maria-2']],
      ['maria-2', ['maria-1']],
    ]);
    expect(loaded.loops.every((l) => l.events.every((e) => e.loopId === l.loopId))).toBe(true);
    expect(loaded.people).toHaveLength(TEAM.length);
    expect(loaded.settings.myEmail).toBe('mona@team.example');
  });
});
