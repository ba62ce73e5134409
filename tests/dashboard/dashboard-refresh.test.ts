import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_POLICY, type LoopEvent } from '@/lib/loop';
import { LoopsideDb } from '@/lib/db/schema';
import { appendEvents } from '@/lib/db/loops';
import { foldLoaded, loadLoops } from '@/lib/db/loop-loader';
import { upsertPeople } from '@/lib/db/people';
import { writePolicy, writeSettings } from '@/lib/db/settings';
import { FactKeeper } from '@/lib/dashboard/fact-store';
import { loopFacts, type LoopFacts } from '@/lib/dashboard/facts';
import { BACKGROUND_MARKED, dashboardRefresh, type DashboardRefresh } from '@/lib/worker/dashboard-refresh';
import { eventsFor, HOUR, MON_10, response, UTC } from '../notify/helpers';

const DAY = 24 * HOUR;
const SETTLE = 50;
const EVERYTHING = { from: MON_10 - 400 * DAY, to: MON_10 + 60 * DAY };
const ctx = { policy: DEFAULT_POLICY, calendar: UTC, now: MON_10 };
let db: LoopsideDb;
let n = 0;
let refresh: DashboardRefresh;
/** What the background starts: the keeper (in the extension, in an offscreen document's worker). */
let start: ReturnType<typeof vi.fn<() => Promise<void>>>;

const loopsOf = (count: number, prefix: string, at = MON_10 - 5 * DAY): LoopEvent[] =>
  Array.from({ length: count }, (_, i) =>
    eventsFor(response({ id: `${prefix}-${i}`, score: i % 11, email: `${prefix}${i}@x.example`, respondedAt: at - i * HOUR })),
  ).flat();
const byId = (facts: readonly LoopFacts[]) => [...facts].sort((a, b) => (a.loopId < b.loopId ? -1 : 1));
async function truth(): Promise<LoopFacts[]> {
  const data = await loadLoops(db, { kind: 'all' });
  return byId(loopFacts(foldLoaded(data, MON_10), data.policy));
}
const pageKeeper = () => new FactKeeper(db, { build: 'test' });
/** Long enough for a settled burst to have been checked (the ceiling is a loaded machine's). */
const quiet = () => new Promise((r) => setTimeout(r, SETTLE * 6));

beforeEach(async () => {
  db = new LoopsideDb(`dashboard-refresh-${++n}`);
  await writeSettings(db, { timeZone: 'UTC', myEmail: '', role: 'rep' });
  await appendEvents(db, loopsOf(3, 'seed'), ctx);
  await pageKeeper().keepUp();
  // Opening and seeding report their own writes: let them pass before listening.
  await quiet();
  start = vi.fn(async () => {
    await pageKeeper().keepUp();
  });
  refresh = dashboardRefresh({ db: () => db, start, log: () => {}, settleMs: SETTLE });
});
afterEach(async () => {
  refresh.stop();
  await db.delete();
});

describe('the background keeps the dashboard’s facts current before anyone opens it', () => {
  it('after an import has settled: the keeper runs once, and a page opened then folds nothing and shows final numbers', async () => {
    for (let batch = 0; batch < 3; batch++) await appendEvents(db, loopsOf(BACKGROUND_MARKED, `import${batch}`), ctx);
    await vi.waitFor(() => expect(start).toHaveBeenCalled(), { timeout: 30_000 });
    // On a slow machine a pause between batches may pass for the end: each start then keeps up what was written.
    await quiet();
    await Promise.all(start.mock.results.map((r) => r.value));
    const open = await pageKeeper().read(EVERYTHING);
    expect(open.timings.folded).toBe(0);
    expect(open.updating).toBeNull();
    expect(byId(open.facts)).toEqual(await truth());
    expect(open.facts).toHaveLength(3 + 3 * BACKGROUND_MARKED);
  });

  it('a policy change starts it; a page opened after sees every loop folded with the new policy', async () => {
    await writePolicy(
      db,
      { ...DEFAULT_POLICY, escalation: { ...DEFAULT_POLICY.escalation, repeatWindowDays: 10 } },
      { preset: 'working_day', holidayRegion: '' },
    );
    await vi.waitFor(() => expect(start).toHaveBeenCalledTimes(1), { timeout: 30_000 });
    await start.mock.results[0]!.value;
    const open = await pageKeeper().read(EVERYTHING);
    expect(open.updating).toBeNull();
    expect(byId(open.facts)).toEqual(await truth());
  });

  it('an owner’s calendar added to the team directory starts it', async () => {
    await upsertPeople(db, [{ email: 'rep@team.example', name: 'Rep', timeZone: 'Asia/Tokyo', workdays: [1, 2, 3, 4, 5] }]);
    await vi.waitFor(() => expect(start).toHaveBeenCalledTimes(1), { timeout: 30_000 });
  });

  it('an install or an update starts it at once (a new build may fold differently, which only the keeper can tell)', () => {
    refresh.onInstalled();
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('a few touches are left to the page (its own refresh takes milliseconds), and the scan’s bookkeeping is no reason', async () => {
    await appendEvents(
      db,
      [
        {
          id: 't1',
          loopId: 'seed-0',
          at: MON_10,
          actor: 'rep@team.example',
          type: 'touch_logged',
          channel: 'call',
          outcome: 'reached',
          note: '',
        },
      ],
      ctx,
    );
    await db.loops.update('seed-1', { nextWakeAt: MON_10 + DAY });
    await db.kv.put({ key: 'scan/last/alarm', value: { at: MON_10 } });
    await quiet();
    expect(start).not.toHaveBeenCalled();
    // The page's open folds that one touch itself and shows final numbers.
    const open = await pageKeeper().read(EVERYTHING);
    expect(open.updating).toBeNull();
    expect(byId(open.facts)).toEqual(await truth());
  });

  it('facts dropped while the worker was stopped are caught by the check it makes when it starts', async () => {
    await db.dashboardFacts.clear();
    expect(await refresh.check()).toBe(true);
    expect(start).toHaveBeenCalledTimes(1);
  });
});
