/**
 * npm run bench (HubSpot part): a portal of MEMBERS members (default 1,000) and LOOPS loops (default
 * 100,000 tasks) on the fake HubSpot, under a compressed clock (simulated time, no sleeping). Every
 * member's browser polls on its own with the search budget the runtime gives it (its share of the
 * account's 5 searches a second), reps log ACTIONS_PER_SECOND touches portal-wide, and the manager
 * (member 0) pulls. Prints requests per 10 s (peak), searches per second (peak), 429s, p95 staleness
 * (a rep's push → the event in the manager's store) and per-member requests per hour.
 */
import { createHubSpotClient } from '../lib/crm/hubspot/api/client.ts';
import { SEARCH_REQUESTS_PER_SECOND } from '../lib/crm/hubspot/api/constants.ts';
import { hubspotObjects } from '../lib/crm/hubspot/api/objects.ts';
import type { LoopEvent } from '../lib/loop/index.ts';
import { createHubSpotAdapter } from '../lib/sync/hubspot/adapter.ts';
import { memoryMemo } from '../lib/sync/hubspot/memo.ts';
import { ensureLoopsideProperties } from '../lib/sync/hubspot/setup.ts';
import { createRateBudget, HUBSPOT_BUDGET } from '../lib/sync/rate-budget.ts';
import { FakeHubSpotPortal } from '../tests/fake-hubspot/portal.ts';

const MEMBERS = Number(process.env.MEMBERS ?? 1000);
const LOOPS = Number(process.env.LOOPS ?? 100_000);
const HOURS = Number(process.env.HOURS ?? 1);
const ACTIONS_PER_SECOND = Number(process.env.ACTIONS_PER_SECOND ?? 0.5);
const TICK_MS = 60_000; // the runner's pull alarm
let seedState = 12345;
const random = () => (seedState = (Math.imul(seedState, 1103515245) + 12345) >>> 0) / 2 ** 32;

let t = Date.UTC(2026, 10, 23, 8);
const now = () => t;
const portal = new FakeHubSpotPortal({ now, searchLagMs: 5_000, uniqueAllowed: ['calls', 'notes', 'emails', 'meetings', 'tasks'] });
portal.addToken('bench-token', [
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.companies.read',
  'crm.objects.owners.read',
  'crm.objects.feedback_submissions.read',
  'crm.schemas.contacts.write',
]);
const contact = portal.seed('contacts', { email: 'c@x.example' });
const started = performance.now();
for (let i = 0; i < LOOPS; i++) portal.seed('tasks', { hs_task_subject: `NPS ${i % 11}`, hs_task_status: 'NOT_STARTED' });

function newMember(index: number) {
  const budget = createRateBudget(HUBSPOT_BUDGET, now);
  // As lib/worker/handlers/team.ts: half the account's searches shared evenly, a random first fill.
  const searchBudget = createRateBudget({ capacity: 5, refillPerSecond: (SEARCH_REQUESTS_PER_SECOND * 0.5) / MEMBERS }, now, {
    tokens: random() * 5,
    at: now(),
    heldUntil: 0,
  });
  const objects = hubspotObjects(createHubSpotClient({ fetch: portal.fetch, token: async () => 'bench-token', now, budget, searchBudget }));
  const adapter = createHubSpotAdapter({
    objects,
    now,
    memo: memoryMemo(),
    mode: async () => 'upsert',
    contactOf: async () => contact.id,
    ownerIdOf: async () => undefined,
    searchBudget,
  });
  return { index, adapter, cursor: null as string | null, nextTick: t + Math.floor((index / MEMBERS) * TICK_MS) };
}

await ensureLoopsideProperties(
  hubspotObjects(
    createHubSpotClient({
      fetch: portal.fetch,
      token: async () => 'bench-token',
      now,
      budget: createRateBudget(HUBSPOT_BUDGET, now),
      searchBudget: createRateBudget(HUBSPOT_BUDGET, now),
    }),
  ),
);
portal.log.length = 0;
const members = Array.from({ length: MEMBERS }, (_, i) => newMember(i));
const manager = members[0]!;
const pushedAt = new Map<string, number>();
const staleness: number[] = [];
const seen = new Set<string>();
const end = t + HOURS * 3_600_000;
let actionDebt = 0;
let n = 0;
while (t < end) {
  t += 1_000;
  actionDebt += ACTIONS_PER_SECOND;
  while (actionDebt >= 1) {
    actionDebt--;
    const rep = members[1 + (n % (MEMBERS - 1))]!;
    const event: LoopEvent = {
      id: `b-${n}`,
      loopId: `loop-${n % LOOPS}`,
      at: t,
      actor: `rep${rep.index}@acme.example`,
      type: 'touch_logged',
      channel: 'call',
      outcome: 'reached',
      note: '',
    };
    n++;
    const [outcome] = await rep.adapter.pushEvents([event]);
    if (outcome?.result === 'stored') pushedAt.set(event.id, t);
  }
  for (const m of members) {
    if (m.nextTick > t) continue;
    m.nextTick += TICK_MS;
    try {
      const page = await m.adapter.pull(m.cursor);
      m.cursor = page.cursor;
      if (m === manager) {
        for (const e of page.events) {
          if (seen.has(e.id)) continue;
          seen.add(e.id);
          const at = pushedAt.get(e.id);
          if (at !== undefined) staleness.push(t - at);
        }
      }
    } catch {
      // a 429 or a wait: the next tick tries again
    }
  }
}

const log = portal.log;
const windows = new Map<number, number>();
const seconds = new Map<number, number>();
const acceptedSeconds = new Map<number, number>();
for (const r of log) {
  const bump = (m: Map<number, number>, k: number) => m.set(k, (m.get(k) ?? 0) + 1);
  if (r.search) {
    bump(seconds, Math.floor(r.at / 1000));
    if (r.status !== 429) bump(acceptedSeconds, Math.floor(r.at / 1000));
  } else bump(windows, Math.floor(r.at / 10_000));
}
const sorted = [...staleness].sort((a, b) => a - b);
const p95 = sorted.length ? sorted[Math.floor(sorted.length * 0.95)]! : NaN;
const throttled = log.filter((r) => r.status === 429).length;
console.log(
  `hubspot bench: ${MEMBERS} members, ${LOOPS} loops, ${HOURS} h simulated, ${ACTIONS_PER_SECOND} actions/s portal-wide (${((performance.now() - started) / 1000) | 0} s real)`,
);
console.log(`  requests per 10 s (non-search, peak): ${Math.max(0, ...windows.values())} (limit ${portal.tenSecondMax})`);
console.log(
  `  searches per second (peak): ${Math.max(0, ...acceptedSeconds.values())} answered, ${Math.max(0, ...seconds.values())} attempted (limit ${portal.searchPerSecond})`,
);
console.log(`  429 answers: ${throttled} of ${log.length} requests (each one held that browser's budget, then retried)`);
console.log(`  p95 staleness rep → manager: ${(p95 / 60_000).toFixed(1)} min (${sorted.length} events seen of ${pushedAt.size})`);
console.log(`  per-member requests per hour: ${(log.length / MEMBERS / HOURS).toFixed(1)}`);
