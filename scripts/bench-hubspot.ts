/**
 * npm run bench (HubSpot part): portals of 20 and of 1,000 members (MEMBERS="20,1000") on the fake
 * HubSpot, the large one holding LOOPS tasks (default 100,000), under a simulated clock (no real
 * sleeping: an event queue advances time to the next thing that happens). Every member's browser
 * polls on the plan the extension uses (lib/sync/hubspot/poll-plan.ts: interval from the owners
 * directory and measured cost, a slot per owner rank, searches paced with SEARCH_PACE, backoff after
 * 429s and nearly used windows), reps log ACTIONS_PER_MEMBER_HOUR touches each, and the manager
 * (member 0) pulls like everyone else. Prints requests per 10 s (peak), searches per second (peak),
 * 429s, p95 staleness (a rep's push → the event in the manager's store) and per-member requests per hour.
 */
import { createHubSpotClient, type RequestRecord } from '../lib/crm/hubspot/api/client.ts';
import { hubspotObjects } from '../lib/crm/hubspot/api/objects.ts';
import type { LoopEvent } from '../lib/loop/index.ts';
import { createHubSpotAdapter } from '../lib/sync/hubspot/adapter.ts';
import { memoryMemo } from '../lib/sync/hubspot/memo.ts';
import {
  afterPoll,
  FRESH_HISTORY,
  planPolls,
  pullScope,
  SEARCH_PACE,
  slotGate,
  type Member,
  type PollHistory,
  type PollOutcome,
  type PollPlan,
} from '../lib/sync/hubspot/poll-plan.ts';
import { ensureLoopsideProperties } from '../lib/sync/hubspot/setup.ts';
import { createHubSpotTeamSource } from '../lib/sync/hubspot/team-source.ts';
import { createRateBudget, HUBSPOT_BUDGET } from '../lib/sync/rate-budget.ts';
import { FakeHubSpotPortal } from '../tests/fake-hubspot/portal.ts';

const SIZES = (process.env.MEMBERS ?? '20,1000').split(',').map(Number);
const LOOPS = Number(process.env.LOOPS ?? 100_000);
const HOURS = Number(process.env.HOURS ?? 2);
/** touches per member per hour: 0.5 a second portal-wide at 1,000 members, as before */
const ACTIONS_PER_MEMBER_HOUR = Number(process.env.ACTIONS_PER_MEMBER_HOUR ?? 1.8);
/** polls a member makes per tick at most (lib/sync/pull.ts) */
const MAX_PAGES = 20;
/** a manager and nine reps */
const TEAM = 10;

async function simulate(MEMBERS: number) {
  const started = performance.now();
  let t = Date.UTC(2026, 10, 23, 8);
  const now = () => t;

  // The simulated clock: sleepers and due work wait in a queue ordered by time.
  const queue: { at: number; run: () => void }[] = [];
  const schedule = (at: number, run: () => void) => {
    let i = queue.length;
    while (i > 0 && queue[i - 1]!.at > at) i--;
    queue.splice(i, 0, { at, run });
  };
  let running = 0;
  let sleeping = 0;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      sleeping++;
      schedule(t + Math.max(1, ms), () => {
        sleeping--;
        resolve();
      });
    });
  const spawn = (task: () => Promise<void>) => {
    running++;
    void task().finally(() => running--);
  };
  /** lets every started task run until it sleeps or ends */
  const settle = async () => {
    do await new Promise((r) => setImmediate(r));
    while (running > sleeping);
  };

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
  const loops = MEMBERS >= 1000 ? LOOPS : Math.round((LOOPS * MEMBERS) / 1000);
  for (let i = 0; i < loops; i++) portal.seed('tasks', { hs_task_subject: `NPS ${i % 11}`, hs_task_status: 'NOT_STARTED' });
  const ownerIds = Array.from({ length: MEMBERS }, (_, i) => portal.addOwner(`m${i}@acme.example`, 'M', String(i)));
  // The directory every browser holds alike: m0 the VP, m1 the CX lead, then teams of ten (a manager, nine reps).
  const managerOf = (i: number) => (i === 0 ? -1 : i < 3 ? 0 : (i - 2) % TEAM === 0 ? 0 : 2 + Math.floor((i - 2) / TEAM) * TEAM);
  const roleOf = (i: number): Member['role'] => (i === 0 ? 'vp_cs' : i === 1 ? 'cx_lead' : (i - 2) % TEAM === 0 ? 'manager' : 'rep');
  const directory: Member[] = ownerIds.map((ownerId, i) => ({
    ownerId,
    email: `m${i}@acme.example`,
    role: roleOf(i),
    managerEmail: managerOf(i) < 0 ? '' : `m${managerOf(i)}@acme.example`,
  }));

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

  const members = ownerIds.map((ownerId, index) => {
    let measuring: PollOutcome | null = null;
    let plan: PollPlan | null = null;
    const pace = createRateBudget(SEARCH_PACE, now);
    const onRequest = (r: RequestRecord) => {
      if (!measuring) return;
      if (r.search) measuring.searches++;
      if (r.status === 429) measuring.throttled = true;
      if (r.limits.max && r.limits.remaining !== undefined)
        measuring.windowLeft = Math.min(measuring.windowLeft ?? 1, r.limits.remaining / r.limits.max);
    };
    const budget = createRateBudget(HUBSPOT_BUDGET, now);
    const clientWith = (searchBudget: ReturnType<typeof createRateBudget>) =>
      hubspotObjects(
        createHubSpotClient({ fetch: portal.fetch, token: async () => 'bench-token', now, sleep, budget, searchBudget, onRequest }),
      );
    // As lib/worker/handlers/team.ts: pushes pace their searches; pulls keep to the member's cells in a large portal.
    const objects = clientWith(pace);
    const gate = slotGate(pace, () => (plan && !plan.grid.small ? plan : null), now);
    const pullObjects = clientWith(gate);
    const scope = pullScope(ownerId, directory);
    const adapter = createHubSpotAdapter({
      objects,
      pullObjects,
      pullScope: async () => scope,
      readOn: () => gate.left() >= 2,
      now,
      memo: memoryMemo(),
      mode: async () => 'upsert',
      contactOf: async () => contact.id,
      ownerIdOf: async () => ownerId,
    });
    return {
      index,
      ownerId,
      adapter,
      team: createHubSpotTeamSource({ objects: pullObjects }),
      scope,
      setPlan: (p: PollPlan) => (plan = p),
      history: FRESH_HISTORY as PollHistory,
      cursor: null as string | null,
      responses: null as string | null,
      begin: () => (measuring = { searches: 0, throttled: false }),
      end: () => {
        const m = measuring;
        measuring = null;
        return m!;
      },
    };
  });
  const pushedAt = new Map<string, number>();
  const staleness = new Map<string, number>();
  const end = t + HOURS * 3_600_000;
  const intervals = new Map<number, number>();
  /** polls of the members who read everyone's activities, and how many of them reached the feedback submissions */
  let everyoneTicks = 0;
  let feedbackRead = 0;

  /** One pull tick as the runner does it: the event log until caught up (≤ MAX_PAGES), then the feedback submissions. */
  async function tick(m: (typeof members)[number]) {
    m.begin();
    if (m.scope === null) everyoneTicks++;
    try {
      for (let page = 0; page < MAX_PAGES; page++) {
        const result = await m.adapter.pull(m.cursor);
        for (const e of result.events) {
          const at = pushedAt.get(e.id);
          // Staleness: the rep's action reaching the rep's own manager's store.
          if (at !== undefined && !staleness.has(e.id) && managerOf(actorOf(e.actor)) === m.index) staleness.set(e.id, t - at);
        }
        const moved = result.cursor !== m.cursor;
        m.cursor = result.cursor;
        if (!moved || result.events.length === 0 || result.more === false) break;
      }
      m.responses = (await m.team.pullResponses(m.responses)).cursor;
      if (m.scope === null) feedbackRead++;
    } catch {
      // a 429 or a budget wait: the runner logs it and the next tick tries again
    }
    m.history = afterPoll(m.history, m.end());
    const plan = m.setPlan(planPolls({ me: m.ownerId, members: directory, history: m.history, now: t }));
    if (roleOf(m.index) === 'manager' || MEMBERS * 2_500 <= 60_000)
      intervals.set(plan.intervalMs, (intervals.get(plan.intervalMs) ?? 0) + 1);
    schedule(plan.nextAt, () => spawn(() => tick(m)));
  }

  for (const m of members) {
    const plan = m.setPlan(planPolls({ me: m.ownerId, members: directory, history: m.history, now: t }));
    schedule(plan.nextAt, () => spawn(() => tick(m)));
  }
  const actorOf = (email: string) => Number(/^m(\d+)@/.exec(email)?.[1] ?? -1);
  // Reps' touches arrive as a steady stream spread over the portal's reps.
  const reps = members.filter((m) => roleOf(m.index) === 'rep');
  const actionGapMs = 3_600_000 / (ACTIONS_PER_MEMBER_HOUR * MEMBERS);
  let n = 0;
  const act = () => {
    const rep = reps[n % reps.length]!;
    const event: LoopEvent = {
      id: `b-${n}`,
      loopId: `loop-${n % loops}`,
      at: t,
      actor: `m${rep.index}@acme.example`,
      type: 'touch_logged',
      channel: 'call',
      outcome: 'reached',
      note: '',
    };
    n++;
    spawn(async () => {
      const [outcome] = await rep.adapter.pushEvents([event]).catch(() => [undefined]);
      if (outcome?.result === 'stored') pushedAt.set(event.id, event.at);
    });
    schedule(t + actionGapMs, act);
  };
  schedule(t + actionGapMs, act);

  while (queue.length > 0 && queue[0]!.at <= end) {
    const next = queue.shift()!;
    t = next.at;
    next.run();
    await settle();
  }

  const log = portal.log;
  const windows = new Map<number, number>();
  const seconds = new Map<number, number>();
  const bump = (m: Map<number, number>, k: number) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const r of log) {
    if (r.search) bump(seconds, Math.floor(r.at / 1000));
    else bump(windows, Math.floor(r.at / 10_000));
  }
  // Also the sliding 1-second window HubSpot counts in (any 1,000 ms, not only whole seconds).
  const searchTimes = log.filter((r) => r.search).map((r) => r.at);
  let slidingPeak = 0;
  for (let i = 0, j = 0; i < searchTimes.length; i++) {
    while (searchTimes[i]! - searchTimes[j]! >= 1000) j++;
    slidingPeak = Math.max(slidingPeak, i - j + 1);
  }
  const throttled = log.filter((r) => r.status === 429).length;
  const usual = [...intervals].sort((a, b) => b[1] - a[1])[0]?.[0] ?? NaN;
  // Staleness of the events pushed early enough that a whole round came after them (later ones are
  // still waiting for the manager's slot when the run ends); one never seen counts as "until the end".
  const eligible = [...pushedAt].filter(([, at]) => at <= end - usual - 60_000);
  const sorted = eligible.map(([id, at]) => staleness.get(id) ?? end - at).sort((a, b) => a - b);
  const unseen = eligible.filter(([id]) => !staleness.has(id)).length;
  const p95 = sorted.length ? sorted[Math.floor(sorted.length * 0.95)]! : NaN;
  console.log(
    `hubspot bench: ${MEMBERS} members, ${loops} loops, ${HOURS} h simulated, ${ACTIONS_PER_MEMBER_HOUR} touches/member/h (${((ACTIONS_PER_MEMBER_HOUR * MEMBERS) / 3600).toFixed(2)}/s portal-wide) (${((performance.now() - started) / 1000).toFixed(0)} s real)`,
  );
  const scoped = members.filter((m) => m.scope !== null);
  const repPlan = planPolls({ me: reps[0]!.ownerId, members: directory, history: FRESH_HISTORY, now: t });
  console.log(
    `  poll interval (managers, most often): ${(usual / 60_000).toFixed(1)} min, a rep's ${(repPlan.intervalMs / 60_000).toFixed(1)} min (a manager's action reaches the rep within that); ${scoped.length} of ${MEMBERS} members read only their part (≤ ${Math.max(0, ...scoped.map((m) => m.scope!.length))} owners each)`,
  );
  console.log(`  requests per 10 s (non-search, peak): ${Math.max(0, ...windows.values())} (limit ${portal.tenSecondMax})`);
  console.log(
    `  searches per second (peak): ${Math.max(0, ...seconds.values())} per clock second, ${slidingPeak} in any 1,000 ms (limit ${portal.searchPerSecond})`,
  );
  console.log(`  429 answers: ${throttled} of ${log.length} requests`);
  console.log(
    `  p95 staleness rep → the rep's manager: ${(p95 / 60_000).toFixed(1)} min (over ${sorted.length} events pushed at least one interval before the end; ${unseen} of them not seen)`,
  );
  console.log(`  members reading everything: ${feedbackRead} of ${everyoneTicks} polls also read the feedback submissions`);
  console.log(`  per-member requests per hour: ${(log.length / MEMBERS / HOURS).toFixed(1)}`);
}

for (const size of SIZES) await simulate(size);
