import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type LoopEvent, type SurveyResponse } from '@/lib/loop';
import { LoopsideDb } from '@/lib/db/schema';
import { appendEvents } from '@/lib/db/loops';
import { foldLoaded, loadLoops } from '@/lib/db/loop-loader';
import { pruneDaily } from '@/lib/db/prune';
import { writePolicy, writeSettings } from '@/lib/db/settings';
import { FactKeeper, factsNeedKeeping, packWeek, unpackWeek } from '@/lib/dashboard/fact-store';
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
/** What a page reads once the background (or its fill worker) has brought the facts up to date. */
const stored = async (k = keeper(), span = EVERYTHING) => {
  await k.keepUp();
  const read = await k.read(span);
  expect(read.updating).toBeNull();
  return byId(read.facts);
};
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
  it('keepUp computes and stores them; a read then reads them without folding', async () => {
    expect(await keeper().keepUp()).toBe(3);
    const read = await keeper().read(EVERYTHING);
    expect(byId(read.facts)).toEqual(await truth());
    expect(read.timings.folded).toBe(0);
    expect(read.updating).toBeNull();
    expect(await keeper().keepUp()).toBe(0);
    // Every stored week at once (the page reads them after its first view, for period changes).
    expect(byId((await keeper().read(null)).facts)).toEqual(await truth());
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

  it('a new loop is added to its week, a week nobody had a loop in too', async () => {
    const k = keeper();
    await stored(k);
    await add({ id: 'new', score: 2, email: 'ana@x.example', respondedAt: MON_10 - 2 * DAY });
    await add({ id: 'older', score: 2, email: 'bo@x.example', respondedAt: MON_10 - 200 * DAY });
    const read = await k.read(EVERYTHING);
    expect(read.updating).toBeNull();
    expect(byId(read.facts)).toEqual(await truth());
    expect(await db.factsDirty.count()).toBe(0);
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

  it('more marked loops than a page refreshes: it shows the stored numbers as updating, and keepUp folds only those', async () => {
    const k = new FactKeeper(db, { build: 'test', refreshAtMost: 2, slice: 2 });
    const before = await stored(k);
    for (let i = 0; i < 3; i++) await add({ id: `burst-${i}`, score: 8, email: `b${i}@x.example`, respondedAt: MON_10 - i * DAY });
    const open = await k.read(EVERYTHING);
    // Never a silent wrong number: the facts read are those stored, and the read says 3 loops are not counted.
    expect(byId(open.facts)).toEqual(before);
    expect(open.updating).toEqual({ done: 3, total: 6, missingWeeks: 0, marked: 3 });
    expect(open.needsKeeping).toBe(true);
    expect(open.timings.folded).toBe(0);
    // The burst alone; the loops before it stay stored.
    expect(await k.keepUp()).toBe(3);
    expect(await stored(k)).toEqual(await truth());
    expect(await db.factsDirty.count()).toBe(0);
  });

  it('more marked loops than keepUp refreshes: everything is computed again', async () => {
    const k = new FactKeeper(db, { build: 'test', refreshAtMost: 2, keepRefreshAtMost: 2 });
    await stored(k);
    for (let i = 0; i < 3; i++) await add({ id: `burst-${i}`, score: 8, respondedAt: MON_10 - i * DAY });
    expect(await k.keepUp()).toBe(6);
    expect(await stored(k)).toEqual(await truth());
    expect(await db.factsDirty.count()).toBe(0);
  });

  it('while a fill runs, a read shows the weeks stored so far with what is not counted, never a wrong number', async () => {
    // Newest first, one loop a slice: a week is stored once an older loop is folded (none can join it then).
    const reads: { facts: LoopFacts[]; updating: unknown; recent: LoopFacts[]; recentUpdating: unknown }[] = [];
    const page = keeper();
    const recent = { from: MON_10 - 3 * DAY, to: MON_10 + DAY };
    const filling = new FactKeeper(db, {
      build: 'test',
      slice: 1,
      between: async () => {
        const all = await page.read(EVERYTHING);
        const mine = await page.read(recent);
        reads.push({ facts: byId(all.facts), updating: all.updating, recent: byId(mine.facts), recentUpdating: mine.updating });
      },
    });
    const opened = await page.read(EVERYTHING);
    expect(opened.facts).toEqual([]);
    expect(opened.updating).toMatchObject({ done: 0, total: 3 });
    expect(await filling.keepUp()).toBe(3);
    const all = await truth();
    expect(reads.map((r) => r.updating)).toEqual([
      { done: 0, total: 3, missingWeeks: expect.any(Number) as number, marked: 0 },
      { done: 1, total: 3, missingWeeks: expect.any(Number) as number, marked: 0 },
    ]);
    // What is shown is exactly the fold of the loops counted so far, newest first.
    expect(reads.map((r) => r.facts.map((f) => f.loopId))).toEqual([[], ['hub']]);
    for (const r of reads) expect(r.facts).toEqual(all.filter((f) => r.facts.some((g) => g.loopId === f.loopId)));
    // The last 3 days' week is whole once the loop before them is folded: no "updating" for them then.
    expect(reads[0]!.recentUpdating).not.toBeNull();
    expect(reads[1]!.recentUpdating).toBeNull();
    expect(reads[1]!.recent).toEqual(all.filter((f) => f.loopId === 'hub'));
    expect(await stored(page)).toEqual(all);
  });

  it('a loop that changes while a fill runs, in a week the fill has not stored yet, is folded again after', async () => {
    let once = false;
    const filling = new FactKeeper(db, {
      build: 'test',
      slice: 1,
      between: async () => {
        if (once) return;
        once = true;
        await appendEvents(
          db,
          [{ ...by('maria-1', MON_10 - 39 * DAY), type: 'touch_logged', channel: 'call', outcome: 'reached', note: '' }],
          ctx(MON_10),
        );
        // A page opened meanwhile refreshes what it can; Maria's week is not stored yet.
        await keeper().read(EVERYTHING);
      },
    });
    await filling.keepUp();
    expect((await factOf('maria-1')).firstTouchAt).toBe(MON_10 - 39 * DAY);
    expect(await stored()).toEqual(await truth());
    expect(await db.factsDirty.count()).toBe(0);
  });

  it('another build never reads facts this one stored', async () => {
    await stored();
    const other = await new FactKeeper(db, { build: 'next' }).read(EVERYTHING);
    expect(other.facts).toEqual([]);
    expect(other.updating).toMatchObject({ done: 0, total: 3 });
    expect(await new FactKeeper(db, { build: 'next' }).keepUp()).toBe(3);
  });
});

describe('what the background checks (factsNeedKeeping)', () => {
  it('nothing to do once kept; a few marked loops are left to the page, many are not; a policy change is not', async () => {
    expect(await factsNeedKeeping(db, 2)).toBe(true);
    await stored();
    expect(await factsNeedKeeping(db, 2)).toBe(false);
    await add({ id: 'one', score: 8, respondedAt: MON_10 - DAY });
    expect(await factsNeedKeeping(db, 2)).toBe(false);
    await add({ id: 'two', score: 8, respondedAt: MON_10 - DAY });
    expect(await factsNeedKeeping(db, 2)).toBe(true);
    await stored();
    await writePolicy(
      db,
      { ...DEFAULT_POLICY, escalation: { ...DEFAULT_POLICY.escalation, repeatWindowDays: 10 } },
      { preset: 'working_day', holidayRegion: '' },
    );
    expect(await factsNeedKeeping(db, 2)).toBe(true);
  });
});
