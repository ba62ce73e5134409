/**
 * The loop engine over 100,000 loops, as the background's SLA scan runs it: fold each loop's
 * events and ask which notification stages are due. The loops are built from a seeded generator
 * (same loops on every run and machine): NPS, CSAT and CES scores, owners in three time zones,
 * verbatims or none, touches with every outcome, reassignments, closes and advocacy asks.
 *
 * Standalone: `npx tsx scripts/bench-engine.ts` (or, on Node ≥ 22.6,
 * `node --experimental-strip-types scripts/bench-engine.ts`); BENCH_LOOPS and BENCH_RUNS override
 * the size. `npm run bench` prints the same figure with the page benchmarks.
 */
import {
  BusinessCalendarSchema,
  DEFAULT_POLICY,
  foldLoop,
  openLoop,
  reachedNotificationStages,
  type BusinessCalendar,
  type LoopEvent,
  type Scale,
} from '../lib/loop/index.ts';

const LOOPS = Number(process.env.BENCH_LOOPS ?? 100_000);
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 7));
/** A fixed "now" (a Monday afternoon in New York): the engine never reads the clock, nor does the bench. */
export const BENCH_NOW = Date.UTC(2026, 10, 23, 19, 30);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Park–Miller style LCG: tiny, deterministic, good enough to spread test data. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const CALENDARS: BusinessCalendar[] = ['America/New_York', 'Europe/Berlin', 'Asia/Kolkata'].map((timeZone) =>
  BusinessCalendarSchema.parse({ timeZone }),
);
const SCALE_MAX: Record<Scale, [number, number]> = { nps: [0, 10], csat: [1, 5], ces: [1, 7] };
const COMMENTS = [
  '',
  'Support took four days to answer my ticket.',
  'The export crashed twice this week and we lost a report.',
  'If this is not fixed by the renewal we are switching to another vendor.',
  'We are not cancelling, but the new dashboard is slow.',
  'Great onboarding, the team was helpful.',
  'Billing sent us the wrong invoice again.',
  'Works fine.',
];
const OUTCOMES = ['reached', 'no_answer', 'voicemail', 'wrong_contact'] as const;
const CHANNELS = ['call', 'email', 'meeting'] as const;

export interface BenchLoop {
  events: LoopEvent[];
  calendar: BusinessCalendar;
}

/** `count` loops responded to in the 14 days before `now`, with what reps did since. */
export function buildLoops(count: number, now: number = BENCH_NOW): BenchLoop[] {
  const random = seeded(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const loops: BenchLoop[] = [];
  for (let i = 0; i < count; i++) {
    const calendar = pick(CALENDARS);
    const scale: Scale = random() < 0.7 ? 'nps' : random() < 0.66 ? 'csat' : 'ces';
    const [min, max] = SCALE_MAX[scale];
    const respondedAt = now - Math.floor(random() * 14 * DAY);
    const response = {
      id: `r${i}`,
      scale,
      score: min + Math.floor(random() * (max - min + 1)),
      comment: pick(COMMENTS),
      respondedAt,
      email: `c${i % 40_000}@customer.example`,
      company: `Account ${i % 9_000}`,
      accountRevenue: Math.floor(random() * 500_000),
      ownerEmail: `rep${i % 60}@vendor.example`,
      extra: {},
    };
    const events = openLoop(response, DEFAULT_POLICY, { calendar, recordedAt: respondedAt + Math.floor(random() * HOUR) });
    let at = respondedAt;
    const touches = random() < 0.55 ? 1 + Math.floor(random() * 3) : 0;
    for (let t = 0; t < touches; t++) {
      at += Math.floor(random() * 30 * HOUR);
      if (at > now) break;
      events.push({
        id: `r${i}/t${t}`,
        loopId: response.id,
        at,
        actor: response.ownerEmail,
        type: 'touch_logged',
        channel: pick(CHANNELS),
        outcome: pick(OUTCOMES),
        note: '',
      });
    }
    if (random() < 0.05)
      events.push({
        id: `r${i}/a`,
        loopId: response.id,
        at: respondedAt + HOUR,
        actor: 'lead@vendor.example',
        type: 'reassigned',
        toEmail: 'rep99@vendor.example',
      });
    if (random() < 0.1 && at + HOUR <= now) {
      events.push({
        id: `r${i}/reason`,
        loopId: response.id,
        at: at + 1,
        actor: response.ownerEmail,
        type: 'reason_set',
        category: pick(['pricing', 'support speed', 'product gap']),
      });
      events.push({
        id: `r${i}/c`,
        loopId: response.id,
        at: at + HOUR,
        actor: response.ownerEmail,
        type: 'closed',
        state: pick(['resolved', 'escalated', 'churned'] as const),
        reason: 'Talked it through',
      });
    }
    if (random() < 0.3 && respondedAt + 3 * DAY <= now) {
      events.push({
        id: `r${i}/ask`,
        loopId: response.id,
        at: respondedAt + 3 * DAY,
        actor: response.ownerEmail,
        type: 'advocacy_asked',
        channel: 'email',
      });
    }
    // The store hands events back by primary key, not in causal order: shuffle a little.
    if (random() < 0.5) events.reverse();
    loops.push({ events, calendar });
  }
  return loops;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/**
 * Median wall time of `foldLoop` + `reachedNotificationStages` over every loop, over ≥ 5 runs
 * (the first, warm-up run included in the count, is not in the median's favour).
 */
export async function benchEngine(): Promise<{ loops: number; medianMs: number; runs: number }> {
  const loops = buildLoops(LOOPS);
  const contexts = new Map(CALENDARS.map((calendar) => [calendar, { policy: DEFAULT_POLICY, calendar, now: BENCH_NOW }]));
  const times: number[] = [];
  let reached = 0;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    for (const loop of loops) {
      const ctx = contexts.get(loop.calendar)!;
      reached += reachedNotificationStages(foldLoop(loop.events, ctx), ctx).length;
    }
    times.push(performance.now() - start);
    await new Promise((resolve) => setTimeout(resolve, 0)); // let the event loop breathe between runs, as ticks do
  }
  if (reached < 0) console.log(reached); // keeps the work observable to the optimiser
  return { loops: loops.length, medianMs: median(times), runs: RUNS };
}

/** Opening (routing) the same loops: what a 100k-row import costs in the engine. */
export function benchOpen(count: number = LOOPS): number {
  const start = performance.now();
  buildLoops(count);
  return performance.now() - start;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const openMs = benchOpen();
  const r = await benchEngine();
  console.log(`open (route + due times) ${LOOPS} loops: ${openMs.toFixed(0)} ms`);
  console.log(`fold + stages, ${r.loops} loops: median ${r.medianMs.toFixed(0)} ms over ${r.runs} runs`);
}
