import { describe, expect, it } from 'vitest';
import {
  afterPoll,
  cellStartAt,
  FRESH_HISTORY,
  nextSlotAt,
  planPolls,
  pullScope,
  SEARCH_GUARD_MS,
  SEARCH_PACE,
  SEARCH_WINDOW_MS,
  slotGate,
  slotOf,
  teamGrid,
  type Member,
} from '@/lib/sync/hubspot/poll-plan';
import { createRateBudget } from '@/lib/sync/rate-budget';

const MIN = 60_000;
const NOW = Date.UTC(2026, 11, 2, 9, 0, 0);

/** m0 the VP, m1 the CX lead, then teams of ten: a manager and nine reps. */
function portal(size: number, roles = true): Member[] {
  const managerOf = (i: number) => (i === 0 ? -1 : i < 3 || (i - 2) % 10 === 0 ? 0 : 2 + Math.floor((i - 2) / 10) * 10);
  const roleOf = (i: number): Member['role'] =>
    !roles ? 'rep' : i === 0 ? 'vp_cs' : i === 1 ? 'cx_lead' : (i - 2) % 10 === 0 ? 'manager' : 'rep';
  return Array.from({ length: size }, (_, i) => ({
    ownerId: String(5_000 + ((i * 7_919) % size)),
    email: `m${i}@acme.example`,
    role: roleOf(i),
    managerEmail: managerOf(i) < 0 ? '' : `m${managerOf(i)}@acme.example`,
  }));
}

/** Every member's poll times in [from, from + span), on its plan with the given backoff. */
function pollTimes(members: Member[], span: number, backoffOf: (ownerId: string) => number = () => 1) {
  const times: { at: number; who: string }[] = [];
  // What planPolls does for each member, with the grid worked out once.
  const grid = teamGrid(members);
  for (const m of members) {
    const slot = slotOf(grid, m.ownerId);
    const interval = slot.periodMs * backoffOf(m.ownerId);
    for (let at = nextSlotAt(NOW, interval, slot.offsetMs); at < NOW + span; at += interval) times.push({ at, who: m.ownerId });
  }
  return times.sort((a, b) => a.at - b.at);
}

describe('the HubSpot poll plan: one grid for the whole portal', () => {
  it.each([
    // members, with roles → manager's interval, rep's interval (minutes)
    [1, true, 1, 1],
    [20, true, 1, 1],
    [24, true, 1, 1],
    [40, false, 2, 2],
    [100, true, 1.4, 5.7],
    [1_000, true, 13.6, 54.5],
    [1_000, false, 41.7, 41.7],
  ])('%i members (roles %s): a manager polls every %f min, a rep every %f min', (size, roles, manager, rep) => {
    const members = portal(size, roles);
    const lead = members.find((m) => m.role === 'manager') ?? members[0]!;
    const someRep = members.find((m) => m.role === 'rep') ?? members[0]!;
    const plan = (m: Member) => planPolls({ me: m.ownerId, members, history: FRESH_HISTORY, now: NOW }).intervalMs / MIN;
    expect(plan(lead)).toBeCloseTo(manager, 1);
    expect(plan(someRep)).toBeCloseTo(rep, 1);
  });

  it('no two members ever poll within one cell of each other, backed off or not, for any team size', () => {
    for (const size of [7, 24, 25, 99, 300, 1_000]) {
      for (const roles of [true, false]) {
        const members = portal(size, roles);
        const grid = teamGrid(members);
        expect(grid.spacingMs).toBeGreaterThanOrEqual(SEARCH_WINDOW_MS + SEARCH_GUARD_MS);
        // Two full cycles; every third member backed off by 2, every fifth by 8.
        const times = pollTimes(members, 2 * grid.roundMs * grid.repRounds * 8, (id) =>
          Number(id) % 5 === 0 ? 8 : Number(id) % 3 === 0 ? 2 : 1,
        );
        for (let i = 1; i < times.length; i++) expect(times[i]!.at - times[i - 1]!.at).toBeGreaterThanOrEqual(grid.spacingMs);
        // And each member's own times are spaced by its interval: nobody polls twice in a row.
        expect(new Set(times.map((t) => t.who)).size).toBe(size);
      }
    }
  });

  it('keeps every second of the account within 4 searches: a cell searches for 1.5 s at 4 a second, then a second of guard', () => {
    // One browser's pace: 4 a second, one at a time.
    const pace = createRateBudget(SEARCH_PACE, () => NOW);
    let took = 0;
    while (pace.take().ok) took++;
    expect(took).toBe(1);
    expect(SEARCH_PACE.refillPerSecond).toBe(4);
    // The guard is a whole second: a neighbour's searches never share a 1,000 ms window with mine.
    expect(SEARCH_GUARD_MS).toBeGreaterThanOrEqual(1_000);
  });

  it('a pull searches only inside my cell; outside it waits for the next one', () => {
    const members = portal(1_000);
    const me = members[3]!.ownerId;
    let t = NOW;
    const plan = planPolls({ me, members, history: FRESH_HISTORY, now: t });
    const gate = slotGate(
      createRateBudget(SEARCH_PACE, () => t),
      () => plan,
      () => t,
    );
    const early = gate.take();
    expect(early).toEqual({ ok: false, waitMs: plan.nextAt - t });
    t = plan.nextAt;
    expect(gate.take().ok).toBe(true);
    t += 250;
    expect(gate.take().ok).toBe(true);
    t = plan.nextAt + SEARCH_WINDOW_MS;
    expect(gate.take()).toEqual({ ok: false, waitMs: plan.intervalMs - SEARCH_WINDOW_MS });
    expect(cellStartAt(plan.nextAt + 10, plan.intervalMs, plan.offsetMs)).toBe(plan.nextAt);
    // What is left of a cell, in searches at the pace: six from its start, two a second in (one just
    // after a search, which holds the next for 250 ms), none after it.
    t = plan.nextAt;
    expect(
      slotGate(
        createRateBudget(SEARCH_PACE, () => t),
        () => plan,
        () => t,
      ).left(),
    ).toBe(6);
    t = plan.nextAt + 1_000;
    expect(gate.left()).toBe(2);
    expect(gate.take().ok).toBe(true);
    expect(gate.left()).toBe(1);
    t = plan.nextAt + SEARCH_WINDOW_MS;
    expect(gate.left()).toBe(0);
  });

  it('gives every owner its own place, the same in every browser, whatever order the directory came in', () => {
    const members = portal(1_000);
    const shuffled = [...members].reverse();
    const [grid, other] = [teamGrid(members), teamGrid(shuffled)];
    const slots = members.map((m) => slotOf(grid, m.ownerId));
    expect(members.map((m) => slotOf(other, m.ownerId))).toEqual(slots);
    expect(new Set(slots.map((s) => `${s.periodMs}/${s.offsetMs}`)).size).toBe(1_000);
    // Someone not (yet) in the directory still gets a stable place.
    const stranger = slotOf(teamGrid(members), 'new@acme.example');
    expect(stranger).toEqual(slotOf(teamGrid(shuffled), 'new@acme.example'));
    expect(nextSlotAt(NOW, stranger.periodMs, stranger.offsetMs)).toBeGreaterThan(NOW);
  });

  it('a 429 or a nearly used window skips whole cells (every 2nd, 4th, 8th), and clean polls come back', () => {
    let history = afterPoll(FRESH_HISTORY, { searches: 5, throttled: true });
    expect(history.backoff).toBe(2);
    history = afterPoll(history, { searches: 5, throttled: false, windowLeft: 0.1 });
    expect(history.backoff).toBe(4);
    history = afterPoll(afterPoll(history, { searches: 5, throttled: true }), { searches: 5, throttled: true });
    expect(history.backoff).toBe(8);
    for (let i = 0; i < 3; i++) history = afterPoll(history, { searches: 5, throttled: false, windowLeft: 0.9 });
    expect(history.backoff).toBe(1);
    // An old stored backoff (1.5, from before the grid) is read as a power of two.
    expect(afterPoll({ backoff: 3 }, { searches: 5, throttled: true }).backoff).toBe(8);
    const members = portal(1_000);
    const plain = planPolls({ me: members[5]!.ownerId, members, history: FRESH_HISTORY, now: NOW });
    const slow = planPolls({ me: members[5]!.ownerId, members, history: { backoff: 4 }, now: NOW });
    expect(slow.intervalMs).toBe(plain.intervalMs * 4);
    expect((slow.nextAt - plain.offsetMs) % plain.intervalMs).toBe(0);
  });
});

describe('what a member of a large portal reads', () => {
  const members = portal(1_000);
  const owner = (i: number) => members[i]!.ownerId;

  it('a rep: its own team (itself, its manager, its peers) and the CX lead and VP', () => {
    const scope = pullScope(owner(13), members)!;
    expect(scope).toHaveLength(10 + 2);
    expect(scope).toEqual(expect.arrayContaining([owner(13), owner(12), owner(14), owner(21), owner(0), owner(1)]));
    expect(scope).not.toContain(owner(23));
  });

  it('a manager: its reports, its own manager, the CX lead and VP; a CX lead or VP everyone', () => {
    const scope = pullScope(owner(12), members)!;
    expect(scope).toEqual(expect.arrayContaining([owner(12), owner(13), owner(21), owner(0), owner(1)]));
    expect(scope).not.toContain(owner(22));
    expect(pullScope(owner(1), members)).toBeNull();
    expect(pullScope(owner(0), members)).toBeNull();
    // Someone the directory does not list reads everything, and a small team reads everything as before.
    expect(pullScope('nobody', members)).toBeNull();
    expect(pullScope(portal(20)[5]!.ownerId, portal(20))).toBeNull();
  });
});
