/**
 * The loop engine over 100,000 loops, as the background's SLA scan runs it: fold each loop's
 * events and ask which notification stages are due. Seeded, so every run folds the same loops.
 */
import { DEFAULT_POLICY, foldLoop, openLoop, reachedNotificationStages, type LoopEvent } from '../lib/loop/index.ts';

const LOOPS = Number(process.env.BENCH_LOOPS ?? 100_000);
const RUNS = 5;

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function buildLoops(count: number, now: number): LoopEvent[][] {
  const random = seeded(42);
  const calendar = { ...DEFAULT_POLICY.calendar, timeZone: 'America/New_York' };
  const loops: LoopEvent[][] = [];
  for (let i = 0; i < count; i++) {
    const respondedAt = now - Math.floor(random() * 10 * 86_400_000);
    const response = { id: `r${i}`, scale: 'nps' as const, score: Math.floor(random() * 11), comment: random() < 0.3 ? '' : 'Too slow.', respondedAt, email: `c${i}@x.example`, extra: {} };
    const events = openLoop(response, DEFAULT_POLICY, { calendar, recordedAt: respondedAt });
    if (random() < 0.5) {
      events.push({ id: `t${i}`, loopId: response.id, at: respondedAt + 3_600_000, actor: 'rep@x.example', type: 'touch_logged', channel: 'call', outcome: 'no_answer', note: '' });
    }
    loops.push(events);
  }
  return loops;
}

export async function benchEngine(): Promise<{ loops: number; medianMs: number; runs: number }> {
  const now = Date.UTC(2026, 10, 23, 15);
  const calendar = { ...DEFAULT_POLICY.calendar, timeZone: 'America/New_York' };
  const loops = buildLoops(LOOPS, now);
  const ctx = { policy: DEFAULT_POLICY, calendar, now };
  const times: number[] = [];
  let reached = 0;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    for (const events of loops) reached += reachedNotificationStages(foldLoop(events, ctx), ctx).length;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  if (reached < 0) console.log(reached); // keeps the work observable
  return { loops: LOOPS, medianMs: times[RUNS >> 1]!, runs: RUNS };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchEngine();
  console.log(`fold + stages, ${r.loops} loops: median ${r.medianMs.toFixed(0)} ms over ${r.runs} runs`);
}
