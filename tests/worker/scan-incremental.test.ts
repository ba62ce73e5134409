import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LoopEvent } from '@/lib/loop';
import { LoopsideDb } from '@/lib/db/schema';
import { appendEvents } from '@/lib/db/loops';
import { readClockContext } from '@/lib/db/engine-context';
import { refreshRevenueThreshold } from '@/lib/db/contact-context';
import { upsertPeople } from '@/lib/db/people';
import { writeSettings } from '@/lib/db/settings';
import { importResponses } from '@/lib/worker/import';
import { scanLoops, snooze, type ScanMeasure, type ScanResult } from '@/lib/worker/scan';
import { HOUR, MON_10, person, TEAM } from '../notify/helpers';
import { response } from '../loop/helpers';

/**
 * The incremental scan (a tick folds only the loops whose stored wake-up time has come) must fire
 * exactly what the full scan (fold every waiting loop on every tick) fires: the same notifications,
 * reminders, summaries and badge, whatever arrives when — responses out of order, touches, closes,
 * reassignments, snoozes, a change of who I am or of quiet hours.
 */

const DAY = 24 * HOUR;
// A Berlin owner as well, so quiet hours and calendars differ between recipients.
const PEOPLE = [...TEAM, person('berta@team.example', { name: 'Berta', managerEmail: 'mona@team.example', timeZone: 'Europe/Berlin' })];
const OWNERS = ['alice@team.example', 'bob@team.example', 'rhea@team.example', 'berta@team.example', 'gone@elsewhere.example', ''];
const ME = [
  { myEmail: '', role: 'rep' },
  { myEmail: 'mona@team.example', role: 'manager' },
  { myEmail: 'alice@team.example', role: 'rep' },
  { myEmail: 'cara@team.example', role: 'cx_lead' },
] as const;

type Step =
  | { kind: 'import'; at: number; lagMs: number; score: number; owner: string; contact: number; comment: string; revenue: number }
  | { kind: 'tick'; at: number }
  | { kind: 'touch'; at: number; pick: number; reached: boolean }
  | { kind: 'close'; at: number; pick: number }
  | { kind: 'reassign'; at: number; pick: number; owner: string }
  | { kind: 'snooze'; at: number; pick: number }
  | { kind: 'settings'; at: number; me: number; quiet: boolean };

const at = fc.integer({ min: MON_10, max: MON_10 + 9 * DAY });
const arbStep: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('import' as const),
      at,
      lagMs: fc.integer({ min: 0, max: 3 * DAY }),
      score: fc.integer({ min: 0, max: 10 }),
      owner: fc.constantFrom(...OWNERS),
      contact: fc.integer({ min: 0, max: 3 }),
      comment: fc.constantFrom('', 'We are switching to another vendor.', 'Support was slow.'),
      revenue: fc.constantFrom(0, 1_000, 900_000),
    }),
  },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('tick' as const), at }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('touch' as const), at, pick: fc.nat(), reached: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), at, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reassign' as const), at, pick: fc.nat(), owner: fc.constantFrom(...OWNERS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('snooze' as const), at, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('settings' as const), at, me: fc.nat(ME.length - 1), quiet: fc.boolean() }) },
);

/** What a person notices of one scan. */
const seen = (r: ScanResult) => ({
  shown: r.toShow.map((s) => `${s.key}${s.reminder ? ' (reminder)' : ''}: ${s.title} — ${s.message}`),
  summary: r.summary?.count ?? 0,
  badge: r.attentionCount,
});

let runs = 0;

async function world() {
  const db = new LoopsideDb(`incremental-${++runs}`);
  await writeSettings(db, { timeZone: 'UTC' });
  await upsertPeople(db, PEOPLE);
  return db;
}

async function apply(db: LoopsideDb, step: Step, loopIds: string[], shownKeys: string[], n: number): Promise<void> {
  const ctx = { ...(await readClockContext(db)), now: step.at };
  const loopId = loopIds.length > 0 && 'pick' in step ? loopIds[step.pick % loopIds.length]! : undefined;
  const event = (e: Record<string, unknown>): LoopEvent =>
    ({ id: `${loopId}/${n}`, loopId: loopId!, at: step.at, actor: 'someone@team.example', ...e }) as LoopEvent;
  switch (step.kind) {
    case 'import': {
      const r = response({
        id: `r${n}`,
        score: step.score,
        respondedAt: step.at - step.lagMs,
        ownerEmail: step.owner || undefined,
        email: `contact${step.contact}@customer.example`,
        comment: step.comment,
        accountRevenue: step.revenue,
        company: `Company ${step.contact}`,
      });
      await importResponses(db, [r], step.at);
      await refreshRevenueThreshold(db, ctx.policy);
      return;
    }
    case 'touch':
      if (loopId)
        await appendEvents(
          db,
          [event({ type: 'touch_logged', channel: 'call', outcome: step.reached ? 'reached' : 'no_answer', note: '' })],
          ctx,
        );
      return;
    case 'close':
      if (loopId) await appendEvents(db, [event({ type: 'closed', state: 'churned', reason: 'gone' })], ctx);
      return;
    case 'reassign':
      if (loopId && step.owner) await appendEvents(db, [event({ type: 'reassigned', toEmail: step.owner })], ctx);
      return;
    case 'snooze':
      if (shownKeys.length > 0) await snooze(db, shownKeys[step.pick % shownKeys.length]!, step.at);
      return;
    case 'settings':
      await writeSettings(db, { timeZone: 'UTC', ...ME[step.me], quietHours: { enabled: step.quiet, exceptCritical: true } });
      return;
    case 'tick':
      return;
  }
}

describe('the incremental SLA scan', () => {
  it('fires exactly the alerts, reminders, summaries and badge the full scan fires', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbStep, { minLength: 4, maxLength: 28 }), async (unsorted) => {
        // Steps happen in time order; every step is followed by the scan the worker would run.
        const steps = [...unsorted].sort((a, b) => a.at - b.at);
        const full = await world();
        const incremental = await world();
        try {
          const loopIds: string[] = [];
          const shownKeys: string[] = [];
          for (const [n, step] of steps.entries()) {
            await apply(full, step, loopIds, shownKeys, n);
            await apply(incremental, step, loopIds, shownKeys, n);
            if (step.kind === 'import') loopIds.push(`r${n}`);
            const a = seen(await scanLoops(full, step.at, { full: true }));
            const b = seen(await scanLoops(incremental, step.at));
            expect(b).toEqual(a);
            shownKeys.push(...(await scanLoops(full, step.at, { full: true })).toShow.map((s) => s.key));
          }
        } finally {
          await full.delete();
          await incremental.delete();
        }
      }),
      { numRuns: 40 },
    );
  }, 240_000);

  it('an older low score arriving late escalates the newer loop of that contact at once, as the full scan would', async () => {
    const full = await world();
    const incremental = await world();
    const T = MON_10;
    const newer = response({ id: 'newer', score: 3, respondedAt: T, ownerEmail: 'alice@team.example', email: 'x@customer.example' });
    const older = response({
      id: 'older',
      score: 4,
      respondedAt: T - 2 * HOUR,
      ownerEmail: 'bob@team.example',
      email: 'x@customer.example',
    });
    const keys = async (db: LoopsideDb, now: number, full: boolean) => (await scanLoops(db, now, { full })).toShow.map((s) => s.key);
    for (const db of [full, incremental]) {
      await writeSettings(db, { timeZone: 'UTC', myEmail: 'mona@team.example', role: 'manager' });
      await importResponses(db, [newer], T);
    }
    expect(await keys(incremental, T, false)).toEqual(await keys(full, T, true));
    for (const db of [full, incremental]) await importResponses(db, [older], T + HOUR);
    const fired = await keys(full, T + HOUR, true);
    expect(fired).toContain('newer|escalation:manager|mona@team.example');
    expect(await keys(incremental, T + HOUR, false)).toEqual(fired);
    await full.delete();
    await incremental.delete();
  });

  it('a tick folds only the loops whose events changed; a tick the clock alone moved decides from what was kept', async () => {
    const db = await world();
    const T = MON_10 + 30 * DAY;
    await importResponses(
      db,
      Array.from({ length: 20 }, (_, i) =>
        response({ id: `r${i}`, score: 5, respondedAt: MON_10 + i * DAY, ownerEmail: 'alice@team.example', email: `c${i}@x.example` }),
      ),
      T,
    );
    const measure: ScanMeasure = { folded: 0, phases: { readMs: 0, foldMs: 0, writeMs: 0, countMs: 0 } };
    // The import changed every loop and their moments passed: the first scan folds them all.
    const first = await scanLoops(db, T, { measure });
    expect(measure.folded).toBe(20);
    expect(first.attentionCount).toBe(20);
    // Nothing changed but the clock: nothing is folded, and nothing fires twice.
    const later = await scanLoops(db, T + 2 * DAY, { measure });
    expect(measure.folded).toBe(0);
    expect(later.toShow).toEqual([]);
    expect(later.attentionCount).toBe(20);
    // One loop touched: only it is read again, and the badge drops it.
    const ctx = { ...(await readClockContext(db)), now: T + 2 * DAY + HOUR };
    await appendEvents(
      db,
      [
        {
          id: 'r3/touch',
          loopId: 'r3',
          at: ctx.now,
          actor: 'alice@team.example',
          type: 'touch_logged',
          channel: 'call',
          outcome: 'reached',
          note: '',
        },
      ],
      ctx,
    );
    const touched = await scanLoops(db, ctx.now, { measure });
    expect(measure.folded).toBe(0);
    expect(touched.attentionCount).toBe(19);
    await db.delete();
  });

  it('after a large import every loop is looked at once: three shown, the rest in one summary, all on the badge', async () => {
    const db = await world();
    const T = MON_10 + 30 * DAY;
    const count = 1_100; // more than one slice of the scan's reads
    await importResponses(
      db,
      Array.from({ length: count }, (_, i) =>
        response({
          id: `r${i}`,
          score: 5,
          respondedAt: MON_10 + (i % 20) * DAY,
          ownerEmail: 'alice@team.example',
          email: `c${i}@x.example`,
        }),
      ),
      T,
    );
    const first = await scanLoops(db, T);
    expect(first.toShow).toHaveLength(3);
    expect(first.summary?.count).toBe(count - 3);
    expect(first.attentionCount).toBe(count);
    const again = await scanLoops(db, T + HOUR);
    expect(again.toShow).toEqual([]);
    expect(again.summary).toBeUndefined();
    await db.delete();
  }, 120_000);
});
