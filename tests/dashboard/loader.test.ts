import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type LoopEvent } from '@/lib/loop';
import { LoopsideDb, type LoopRow } from '@/lib/db/schema';
import { appendEvents } from '@/lib/db/loops';
import { foldLoaded, loadLoops } from '@/lib/db/loop-loader';
import { writeSettings } from '@/lib/db/settings';
import { eventsFor, HOUR, MON_10, response, UTC } from '../notify/helpers';

const DAY = 24 * HOUR;
let db: LoopsideDb;
let n = 0;
beforeEach(async () => {
  db = new LoopsideDb(`dashboard-loader-${++n}`);
  await writeSettings(db, { timeZone: 'UTC', myEmail: '', role: 'rep' });
  // The same contact answered 40 days ago (4) and now (3); someone else 10 days ago (9).
  for (const r of [
    response({ id: 'old', score: 4, email: 'maria@x.example', respondedAt: MON_10 - 40 * DAY }),
    response({ id: 'mid', score: 9, email: 'james@x.example', respondedAt: MON_10 - 10 * DAY }),
    response({ id: 'new', score: 3, email: 'Maria@X.example', respondedAt: MON_10 }),
  ])
    await appendEvents(db, eventsFor(r), { policy: DEFAULT_POLICY, calendar: UTC, now: r.respondedAt });
});
afterEach(async () => db.delete());

describe('the dashboard’s selections in the one loop loader', () => {
  it('a period selects the loops responded to inside it, start included and end excluded', async () => {
    const ids = async (from: number, to: number) => (await loadLoops(db, { kind: 'period', from, to })).loops.map((l) => l.loopId).sort();
    expect(await ids(MON_10 - 30 * DAY, MON_10 + 1)).toEqual(['mid', 'new']);
    expect(await ids(MON_10 - 10 * DAY, MON_10)).toEqual(['mid']);
    expect(await ids(MON_10 - 50 * DAY, MON_10 - 10 * DAY)).toEqual(['old']);
    expect(await ids(MON_10, MON_10)).toEqual([]);
  });
  it('a loop in the period still brings its contact’s earlier loop, so it folds as the sidebar folds it', async () => {
    const data = await loadLoops(db, { kind: 'period', from: MON_10 - DAY, to: MON_10 + DAY });
    expect(data.loops.map((l) => [l.loopId, l.contact.map((c) => c.loopId)])).toEqual([['new', ['old']]]);
    const [period] = foldLoaded(data, MON_10 + HOUR);
    const record = foldLoaded(await loadLoops(db, { kind: 'open' }), MON_10 + HOUR).find((s) => s.loopId === 'new');
    expect(period).toEqual(record);
  });
  it('"all" loads every loop with every contact’s history, folded as any other selection folds it', async () => {
    const all = foldLoaded(await loadLoops(db, { kind: 'all' }), MON_10 + HOUR);
    const open = foldLoaded(await loadLoops(db, { kind: 'open' }), MON_10 + HOUR);
    expect(all.map((s) => s.loopId).sort()).toEqual(['mid', 'new', 'old']);
    for (const s of open) expect(all.find((a) => a.loopId === s.loopId)).toEqual(s);
  });
});

describe('a period of more than a thousand loops (bulk reads instead of index look-ups)', () => {
  it('folds every loop exactly as "all" does: the same contact history, the same escalations and ask windows', async () => {
    const big = new LoopsideDb(`dashboard-loader-big-${++n}`);
    try {
      await writeSettings(big, { timeZone: 'UTC', myEmail: '', role: 'rep' });
      const { projectLoop } = await import('@/lib/db/loops');
      const { foldLoop } = await import('@/lib/loop');
      const events = [];
      const rows = [];
      // 1,200 loops over 170 days, 300 contacts (a contact's loops 40 to 130 days apart): repeat low scores inside and outside 90 days.
      for (let i = 0; i < 1200; i++) {
        const r = response({ id: `b${i}`, score: i % 11, email: `c${i % 300}@x.example`, respondedAt: MON_10 - (i % 170) * DAY });
        const e = eventsFor(r);
        if (i % 4 === 0)
          e.push({ id: `b${i}/ask`, loopId: r.id, at: r.respondedAt + 4 * DAY, actor: 'me', type: 'advocacy_asked', channel: 'email' });
        events.push(...e);
        rows.push(projectLoop(foldLoop(e, { policy: DEFAULT_POLICY, calendar: UTC, now: MON_10 }), DEFAULT_POLICY, MON_10));
      }
      await big.events.bulkPut(events);
      await big.loops.bulkPut(rows);
      const from = MON_10 - 60 * DAY;
      const period = foldLoaded(await loadLoops(big, { kind: 'period', from, to: MON_10 + 1 }), MON_10 + HOUR);
      const all = new Map(foldLoaded(await loadLoops(big, { kind: 'all' }), MON_10 + HOUR).map((s) => [s.loopId, s]));
      expect(period.length).toBe(rows.filter((r) => r.respondedAt >= from).length);
      expect(period.length).toBeGreaterThan(1000 / 3);
      for (const s of period) expect(s).toEqual(all.get(s.loopId));
      expect(period.some((s) => s.escalations.some((x) => x.kind === 'repeat_low_score'))).toBe(true);
    } finally {
      await big.delete();
    }
  }, 120_000);

  it('a period of more than a thousand loops still sees an old loop of the same contact that had an ask since', async () => {
    const big = new LoopsideDb(`dashboard-loader-big-${++n}`);
    try {
      await writeSettings(big, { timeZone: 'UTC', myEmail: '', role: 'rep' });
      const { projectLoop } = await import('@/lib/db/loops');
      const { foldLoop } = await import('@/lib/loop');
      const events: LoopEvent[] = [];
      const rows: LoopRow[] = [];
      // 1,100 loops in the last 30 days from 200 contacts (no two at the same minute: the engine names the
      // earlier of two low scores, and a tie has no earlier); each contact also answered 200 days ago
      // (long before the look-back) and was asked for a review 20 days ago on that old loop.
      const add = (r: ReturnType<typeof response>, extra: LoopEvent[] = []) => {
        const e = [...eventsFor(r), ...extra];
        events.push(...e);
        rows.push(projectLoop(foldLoop(e, { policy: DEFAULT_POLICY, calendar: UTC, now: MON_10 }), DEFAULT_POLICY, MON_10));
      };
      for (let c = 0; c < 200; c++) {
        const r = response({ id: `old${c}`, score: 10, email: `c${c}@x.example`, respondedAt: MON_10 - 200 * DAY });
        add(r, [{ id: `old${c}/ask`, loopId: r.id, at: MON_10 - 20 * DAY, actor: 'me', type: 'advocacy_asked', channel: 'email' }]);
      }
      for (let i = 0; i < 1100; i++)
        add(response({ id: `p${i}`, score: i % 11, email: `c${i % 200}@x.example`, respondedAt: MON_10 - (i % 30) * DAY - i * 60_000 }));
      await big.events.bulkPut(events);
      await big.loops.bulkPut(rows);
      const data = await loadLoops(big, { kind: 'period', from: MON_10 - 30 * DAY, to: MON_10 + 1 });
      expect(data.loops).toHaveLength(1100);
      expect(data.loops.every((l) => l.contact.some((c) => c.loopId.startsWith('old')))).toBe(true);
      const all = new Map(foldLoaded(await loadLoops(big, { kind: 'all' }), MON_10 + HOUR).map((s) => [s.loopId, s]));
      for (const s of foldLoaded(data, MON_10 + HOUR)) expect(s).toEqual(all.get(s.loopId));
    } finally {
      await big.delete();
    }
  }, 120_000);
});
