import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type LoopEvent, type SurveyResponse } from '@/lib/loop';
import { LoopsideDb } from '@/lib/db/schema';
import { appendEvents } from '@/lib/db/loops';
import { foldLoaded, loadLoops } from '@/lib/db/loop-loader';
import { pruneDaily } from '@/lib/db/prune';
import { writePolicy, writeSettings } from '@/lib/db/settings';
import { FactKeeper, packWeek, unpackWeek } from '@/lib/dashboard/fact-store';
import { loopFacts, type LoopFacts } from '@/lib/dashboard/facts';
import { eventsFor, HOUR, MON_10, response, UTC } from '../notify/helpers';

const DAY = 24 * HOUR;
const EVERYTHING = { from: MON_10 - 400 * DAY, to: MON_10 + 60 * DAY };
let db: LoopsideDb;
let n = 0;
const ctx = (now: number) => ({ policy: DEFAULT_POLICY, calendar: UTC, now });
const keeper = () => new FactKeeper(db, { build: 'test' });

async function add(over: Partial<SurveyResponse>, extra: (r: SurveyResponse) => LoopEvent[] = () => []) {
  const r = response(over);
  await appendEvents(db, [...eventsFor(r), ...extra(r)], ctx(r.respondedAt));
  return r;
}
const by = (loopId: string, at: number) => ({ id: `${loopId}/${++n}`, loopId, at, actor: 'rep@team.example' });

const byId = (facts: readonly LoopFacts[]) => [...facts].sort((a, b) => (a.loopId < b.loopId ? -1 : 1));
/** What folding every event in the store gives now: the one loader, the one engine. */
async function truth(): Promise<LoopFacts[]> {
  const data = await loadLoops(db, { kind: 'all' });
  return byId(loopFacts(foldLoaded(data, MON_10), data.policy));
}
const stored = async (k = keeper(), span = EVERYTHING) => byId((await k.read(span)).facts);
const factOf = async (loopId: string) => (await stored()).find((f) => f.loopId === loopId)!;

beforeEach(async () => {
  db = new LoopsideDb(`dashboard-facts-${++n}`);
  await writeSettings(db, { timeZone: 'UTC', myEmail: '', role: 'rep' });
  await add({ id: 'maria-1', score: 3, email: 'maria@x.example', respondedAt: MON_10 - 40 * DAY });
  await add({ id: 'james', score: 9, email: 'james@x.example', respondedAt: MON_10 - 10 * DAY });
  await add({ id: 'hub', score: 10, hubspotId: '77', respondedAt: MON_10 - 3 * DAY });
});
afterEach(async () => db.delete());

describe('packing a week of facts', () => {
  it('unpacks to the same facts, absent ones absent', async () => {
    const facts = await truth();
    expect(unpackWeek(packWeek(facts))).toEqual(facts);
  });
});

describe('stored facts equal a fold of the events', () => {
  it('the first read computes and stores them; the next reads them without folding', async () => {
    const first = await keeper().read(EVERYTHING);
    expect(byId(first.facts)).toEqual(await truth());
    expect(first.timings.folded).toBe(3);
    const again = await keeper().read(EVERYTHING);
    expect(byId(again.facts)).toEqual(await truth());
    expect(again.timings.folded).toBe(0);
  });

  it('a touch logged after they were stored is in the next read, and its marker is gone', async () => {
    await stored();
    await appendEvents(
      db,
      [{ ...by('maria-1', MON_10 - 39 * DAY), type: 'touch_logged', channel: 'call', outcome: 'reached', note: '' }],
      ctx(MON_10),
    );
    expect(await db.factsDirty.count()).toBe(1);
    const after = await keeper().read(EVERYTHING);
    expect(byId(after.facts)).toEqual(await truth());
    expect(after.facts.find((f) => f.loopId === 'maria-1')!.firstTouchAt).toBe(MON_10 - 39 * DAY);
    expect(await db.factsDirty.count()).toBe(0);
  });

  it('a new loop of a week already stored is added; one of a week not stored yet waits for that week', async () => {
    const k = keeper();
    await k.read({ from: MON_10 - 14 * DAY, to: MON_10 + DAY });
    await add({ id: 'new', score: 2, email: 'ana@x.example', respondedAt: MON_10 - 2 * DAY });
    await add({ id: 'older', score: 2, email: 'bo@x.example', respondedAt: MON_10 - 200 * DAY });
    const recent = await k.read({ from: MON_10 - 14 * DAY, to: MON_10 + DAY });
    expect(recent.facts.map((f) => f.loopId)).toContain('new');
    expect(recent.incomplete).toBe(true);
    // The old loop's week was never stored: its marker stays until that week is computed.
    expect((await db.factsDirty.toArray()).flatMap((m) => m.loopIds)).toEqual(['older']);
    expect(await stored(k)).toEqual(await truth());
  });

  it('an older low score that arrives later escalates the same contact’s newer loop (repeat low score)', async () => {
    expect((await factOf('maria-1')).escalated).toBe(false);
    // Maria's earlier answer, 60 days ago, synced in only now: her loop of 40 days ago is a second low score.
    await add({ id: 'maria-0', score: 4, email: 'MARIA@x.example', respondedAt: MON_10 - 60 * DAY });
    const maria = await factOf('maria-1');
    expect(maria.escalated).toBe(true);
    expect(await stored()).toEqual(await truth());
  });

  it('an ask on another loop of the same contact moves a promoter’s ask window to the next quarter', async () => {
    const before = await factOf('hub');
    // Contact 77 was asked for a review this quarter on another loop: one ask per quarter.
    await add({ id: 'hub-old', score: 10, hubspotId: '77', respondedAt: MON_10 - 50 * DAY }, (r) => [
      { ...by(r.id, MON_10 - 2 * DAY), type: 'advocacy_asked', channel: 'email' },
    ]);
    const after = await factOf('hub');
    expect(after.askDeadline).toBeGreaterThan(before.askDeadline!);
    expect(await stored()).toEqual(await truth());
  });

  it('a policy change folds everything again with the new policy', async () => {
    await stored();
    const policy = { ...DEFAULT_POLICY, escalation: { ...DEFAULT_POLICY.escalation, repeatWindowDays: 10 } };
    await add({ id: 'maria-0', score: 4, email: 'maria@x.example', respondedAt: MON_10 - 60 * DAY });
    expect((await factOf('maria-1')).escalated).toBe(true);
    await writePolicy(db, policy, { preset: 'working_day', holidayRegion: '' });
    const data = await loadLoops(db, { kind: 'all' });
    const expected = byId(loopFacts(foldLoaded(data, MON_10), data.policy));
    expect(await stored()).toEqual(expected);
    expect(expected.find((f) => f.loopId === 'maria-1')!.escalated).toBe(false);
  });

  it('a daily prune that removes an old closed loop drops its facts and folds its contact’s other loops again', async () => {
    await add({ id: 'maria-0', score: 4, email: 'maria@x.example', respondedAt: MON_10 - 120 * DAY }, (r) => [
      { ...by(r.id, MON_10 - 119 * DAY), type: 'closed', state: 'resolved', reason: 'done' },
    ]);
    // 80 days apart, inside the 90-day window: Maria's later loop is a second low score while the first is kept.
    expect((await factOf('maria-1')).escalated).toBe(true);
    expect(await pruneDaily(db, MON_10, { closedLoopDays: 30, recordLinkDays: 180 })).toMatchObject({ loops: 1 });
    const after = await stored();
    expect(after.map((f) => f.loopId)).not.toContain('maria-0');
    expect(after.find((f) => f.loopId === 'maria-1')!.escalated).toBe(false);
    expect(after).toEqual(await truth());
  });

  it('more marked loops than a refresh is worth: everything is computed again', async () => {
    const k = new FactKeeper(db, { build: 'test', refreshAtMost: 2 });
    await stored(k);
    for (let i = 0; i < 3; i++) await add({ id: `burst-${i}`, score: 8, respondedAt: MON_10 - i * DAY });
    const after = await k.read(EVERYTHING);
    expect(byId(after.facts)).toEqual(await truth());
    expect(after.timings.folded).toBe(6);
    expect(await db.factsDirty.count()).toBe(0);
  });

  it('fill computes every week; a loop in a week nobody stored then still gets its row', async () => {
    const k = keeper();
    await k.read({ from: MON_10 - 7 * DAY, to: MON_10 + DAY });
    expect(await k.fill()).toBe(3);
    expect((await k.read(EVERYTHING)).incomplete).toBe(false);
    await add({ id: 'far', score: 1, email: 'far@x.example', respondedAt: MON_10 - 300 * DAY });
    expect(await stored(k)).toEqual(await truth());
    expect(await db.factsDirty.count()).toBe(0);
  });

  it('another build never reads facts this one stored', async () => {
    await stored();
    const other = await new FactKeeper(db, { build: 'next' }).read(EVERYTHING);
    expect(other.timings.folded).toBe(3);
  });
});
