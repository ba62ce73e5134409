/**
 * When a member's browser polls HubSpot, and what it reads, so that a whole portal's members together
 * stay within its limits. Pure: the directory, the backoff and the clock come in, times come out.
 *
 * HubSpot's search is limited to 5 requests a second for the whole account, and every member's
 * browser searches on its own (no server of ours coordinates them). So every browser derives the same
 * grid from what all of them know alike — the team directory (HubSpot owner ids, roles) and the wall
 * clock — and searches only inside its own cells of it:
 *
 *   cell   = SLOT_MS of wall-clock time; searches may start in its first SEARCH_WINDOW_MS only
 *   round  = max(1 min, cells × SLOT_MS): every manager, CX lead and VP has one cell per round; in a
 *            large portal reps share cells, up to REP_ROUNDS reps to a cell, taking turns round by round
 *   pace   = one search in flight per browser, at most 4 a second
 *
 * Cells never overlap, and each cell's searches end at least SEARCH_GUARD_MS (a whole second) before
 * the next cell begins, so any 1,000 ms of the account holds the searches of one browser only: at most
 * 4 (SEARCH_PACE). The bound holds for any team size; what grows with the team is the round. Clocks
 * (or network delays) that differ by δ between neighbours leave a second at most 4·δ/1 s + 2
 * searches: still ≤ 5 for δ ≤ 750 ms.
 * A small team (≤ 24 members, one minute of cells) keeps its behaviour from before the grid: every
 * member every minute in its own slot, reading everything, and a tick outside the slot (Sync now)
 * still pulls. In a large portal, Sync now pushes at once and pulls in the member's next cell.
 * A 429 or a nearly used ten-second window doubles the backoff: the member then polls in every 2nd,
 * 4th or 8th of its own cells, whole cells skipped, never a time off the grid.
 *
 * In a large portal (more members than one minute's cells) each member also reads only its part of
 * the team's activities (`pullScope`): a rep its own team's (itself, its manager, its peers) and the
 * CX lead's and VP's; a manager its reports' (all levels down), its own manager's and the CX lead's
 * and VP's; a CX lead or VP everyone's. A small team keeps reading everything every minute, as before.
 */
import { SEARCH_REQUESTS_PER_SECOND } from '@/lib/crm/hubspot/api/constants';
import type { BudgetConfig, RateBudget } from '../rate-budget';

/** a small team keeps about one minute of staleness */
export const MIN_POLL_MS = 60_000;
/** one member's cell of the grid */
export const SLOT_MS = 2_500;
/** searches start only in this first part of a cell; the rest is the guard before the next member's */
export const SEARCH_WINDOW_MS = 1_500;
export const SEARCH_GUARD_MS = SLOT_MS - SEARCH_WINDOW_MS;
/** in a large portal, this many reps share one cell, taking turns round by round */
export const REP_ROUNDS = 4;
export const MAX_BACKOFF = 8;
/** HubSpot's search `IN` takes up to 100 values and a search up to 5 filter groups (changelog, Aug 2024) */
export const SCOPE_IN_MAX = 100;
export const SCOPE_GROUPS_MAX = 5;

/**
 * One browser's own pace for searches: at most one at once and 4 a second after it (80 % of the
 * account's 5), so any second of a cell holds at most 4 of them.
 */
export const SEARCH_PACE: BudgetConfig = { capacity: 1, refillPerSecond: SEARCH_REQUESTS_PER_SECOND * 0.8 };

/** One row of the team directory as the plan needs it. */
export interface Member {
  /** the HubSpot owner id */
  ownerId: string;
  email: string;
  role: 'rep' | 'manager' | 'cx_lead' | 'vp_cs';
  /** '' when the person reports to nobody */
  managerEmail: string;
}

const byOwnerId = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

/** FNV-1a: a stable place for a member the directory does not list (yet). */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** The grid all members derive alike from the directory (owners with an owner id, deduplicated). */
export interface Grid {
  /** cells per round */
  cells: number;
  roundMs: number;
  /** time between the starts of two neighbouring cells (≥ SLOT_MS) */
  spacingMs: number;
  /** reps per cell: 1 for a small team */
  repRounds: number;
  /** every member polls every round (a small team): no scoping either */
  small: boolean;
  leads: string[];
  reps: string[];
}

export function teamGrid(members: readonly Member[]): Grid {
  const seen = new Map<string, Member>();
  for (const m of members) if (m.ownerId && !seen.has(m.ownerId)) seen.set(m.ownerId, m);
  const all = [...seen.values()];
  const count = Math.max(1, all.length);
  const small = count * SLOT_MS <= MIN_POLL_MS;
  const leads = small ? [] : all.filter((m) => m.role !== 'rep').map((m) => m.ownerId);
  const reps = (small ? all : all.filter((m) => m.role === 'rep')).map((m) => m.ownerId);
  leads.sort(byOwnerId);
  reps.sort(byOwnerId);
  // Reps share cells only as far as needed to keep the round at one minute, and at most REP_ROUNDS to a cell.
  const fits = (k: number) => (leads.length + Math.ceil(reps.length / k)) * SLOT_MS <= MIN_POLL_MS;
  const repRounds = small ? 1 : ([2, 3].find(fits) ?? REP_ROUNDS);
  const cells = Math.max(1, leads.length + Math.ceil(reps.length / repRounds));
  const roundMs = Math.max(MIN_POLL_MS, Math.ceil((cells * SLOT_MS) / 1000) * 1000);
  const spacingMs = Math.floor(roundMs / cells / 100) * 100;
  return { cells, roundMs, spacingMs, repRounds, small, leads, reps };
}

/** My cells: every `periodMs` from `offsetMs` (counted from the epoch), before any backoff. */
export interface Slot {
  periodMs: number;
  offsetMs: number;
}

/**
 * Leads take the first cells of the round in owner-id order; reps the rest, `repRounds` to a cell,
 * each in its own round of the cycle. A member the directory does not list (yet) gets a hashed rep place.
 */
export function slotOf(grid: Grid, me: string | undefined): Slot {
  const lead = me === undefined ? -1 : grid.leads.indexOf(me);
  if (lead >= 0) return { periodMs: grid.roundMs, offsetMs: lead * grid.spacingMs };
  const repCells = Math.max(1, grid.cells - grid.leads.length);
  const known = me === undefined ? -1 : grid.reps.indexOf(me);
  const rep = known >= 0 ? known : hash(me ?? '') % (repCells * grid.repRounds);
  const cell = grid.leads.length + (Math.floor(rep / grid.repRounds) % repCells);
  const turn = rep % grid.repRounds;
  return { periodMs: grid.roundMs * grid.repRounds, offsetMs: turn * grid.roundMs + cell * grid.spacingMs };
}

/** The first of my cells strictly after `now`: times ≡ offset (mod period), counted from the epoch. */
export function nextSlotAt(now: number, periodMs: number, offsetMs: number): number {
  const k = Math.floor((now - offsetMs) / periodMs) + 1;
  return k * periodMs + offsetMs;
}

/** The start of my cell that `now` falls in, if it does (its search window, or the whole cell). */
export function cellStartAt(now: number, periodMs: number, offsetMs: number, lengthMs = SEARCH_WINDOW_MS): number | undefined {
  const start = Math.floor((now - offsetMs) / periodMs) * periodMs + offsetMs;
  return now - start < lengthMs ? start : undefined;
}

/** What this browser learned from its own polls, kept between polls (and worker stops). */
export interface PollHistory {
  /** 1, 2, 4 or 8: poll in every n-th of my cells */
  backoff: number;
}

export const FRESH_HISTORY: PollHistory = { backoff: 1 };

export interface PollOutcome {
  /** searches this poll made (all pages) */
  searches: number;
  /** HubSpot answered 429 to any request of this poll */
  throttled: boolean;
  /** the lowest `Remaining ÷ Max` of the ten-second window seen in this poll, if any answer carried it */
  windowLeft?: number;
}

/** A power of two in 1…MAX_BACKOFF, so a backed-off member still polls only in its own cells. */
const normalBackoff = (b: number) => {
  const n = Number.isFinite(b) && b > 1 ? 2 ** Math.round(Math.log2(b)) : 1;
  return Math.min(MAX_BACKOFF, Math.max(1, n));
};

/**
 * After a poll: a 429 or a ten-second window nearly used (≤ 20 % left) doubles the backoff; a clean
 * poll halves it. The cost of a poll no longer moves the plan (one browser's measurement would put it
 * off the grid the others keep): a poll that needs more searches than its cell allows continues in
 * the next cell.
 */
export function afterPoll(history: PollHistory, outcome: PollOutcome): PollHistory {
  let backoff = normalBackoff(history.backoff);
  if (outcome.throttled || (outcome.windowLeft !== undefined && outcome.windowLeft <= 0.2)) backoff *= 2;
  else backoff /= 2;
  return { backoff: normalBackoff(backoff) };
}

export interface PollPlan {
  /** time between my polls (my period × backoff) */
  intervalMs: number;
  offsetMs: number;
  /** when my next poll is due */
  nextAt: number;
  grid: Grid;
}

/** Everything together: my cells, my backoff over them, and the next one after now. */
export function planPolls(input: { me: string | undefined; members: readonly Member[]; history: PollHistory; now: number }): PollPlan {
  const grid = teamGrid(input.members);
  const slot = slotOf(grid, input.me);
  const intervalMs = slot.periodMs * normalBackoff(input.history.backoff);
  return { intervalMs, offsetMs: slot.offsetMs, nextAt: nextSlotAt(input.now, intervalMs, slot.offsetMs), grid };
}

/**
 * Whose Loopside activities I read (HubSpot owner ids), or null for everyone's: a small team and
 * the CX lead and VP read everything; see the header for the rest. A member not in the directory
 * reads everything too (it cannot know its team).
 */
export function pullScope(me: string | undefined, members: readonly Member[]): string[] | null {
  if (teamGrid(members).small) return null;
  const mine = members.find((m) => m.ownerId === me);
  if (!mine || mine.role === 'cx_lead' || mine.role === 'vp_cs') return null;
  const byEmail = new Map(members.map((m) => [m.email, m]));
  const ids = new Set<string>([mine.ownerId]);
  for (const m of members) if (m.role === 'cx_lead' || m.role === 'vp_cs') ids.add(m.ownerId);
  const boss = mine.managerEmail ? byEmail.get(mine.managerEmail) : undefined;
  if (boss) ids.add(boss.ownerId);
  if (mine.role === 'rep') {
    for (const m of members) if (mine.managerEmail && m.managerEmail === mine.managerEmail) ids.add(m.ownerId);
  } else {
    // A manager's reports, all levels down.
    const below = [mine.email];
    const seen = new Set(below);
    while (below.length > 0) {
      const email = below.pop()!;
      for (const m of members)
        if (m.managerEmail === email && !seen.has(m.email)) {
          seen.add(m.email);
          below.push(m.email);
          ids.add(m.ownerId);
        }
    }
  }
  // HubSpot takes at most 5 groups of 100 values: a bigger part reads everything.
  return ids.size > SCOPE_IN_MAX * SCOPE_GROUPS_MAX ? null : [...ids].sort(byOwnerId);
}

/**
 * The search budget of a member's pulls: a search goes out only inside the search window of one of
 * my cells (on the current plan), paced by `pace`. Outside, it waits for the next cell: a wait longer
 * than the client's pacing wait fails the search as rate-limited, and the pull carries on in the next
 * cell from its cursor. Without a plan yet it is the pace alone.
 */
export interface SlotGate extends RateBudget {
  /** searches that can still start in the cell `now` is in, at the pace (0 outside my cells; unbounded without a plan) */
  left(): number;
}

export function slotGate(pace: RateBudget, plan: () => PollPlan | null, now: () => number): SlotGate {
  return {
    left() {
      const p = plan();
      if (!p) return Number.POSITIVE_INFINITY;
      const t = now();
      const start = cellStartAt(t, p.intervalMs, p.offsetMs);
      if (start === undefined) return 0;
      // The next search starts when the pace has a token again, not necessarily now.
      const state = pace.snapshot();
      const tokens = Math.min(SEARCH_PACE.capacity, state.tokens + (Math.max(0, t - state.at) / 1000) * SEARCH_PACE.refillPerSecond);
      const ready = Math.max(t, state.heldUntil, tokens >= 1 ? t : t + ((1 - tokens) / SEARCH_PACE.refillPerSecond) * 1000);
      return Math.max(0, Math.ceil((start + SEARCH_WINDOW_MS - ready) / (1000 / SEARCH_PACE.refillPerSecond)));
    },
    take(cost) {
      const p = plan();
      if (p) {
        const t = now();
        if (cellStartAt(t, p.intervalMs, p.offsetMs) === undefined)
          return { ok: false, waitMs: nextSlotAt(t, p.intervalMs, p.offsetMs) - t };
      }
      return pace.take(cost);
    },
    hold: (ms) => pace.hold(ms),
    snapshot: () => pace.snapshot(),
  };
}
