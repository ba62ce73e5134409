/**
 * When a member's browser polls HubSpot, so that a whole portal's members together stay within its
 * limits. Pure: team size, measured cost and the clock come in, times come out.
 *
 * HubSpot's search is limited to 5 requests a second for the whole account, and every member's
 * browser searches on its own (no server of ours coordinates them). So each browser derives the
 * same plan from what all of them know alike — the owners directory — and takes its own slot in it:
 *
 *   interval = max(1 min, members × searches per poll ÷ (5/s × POLL_SEARCH_SHARE)), on a fixed ladder
 *   slot     = interval × (my rank among the owners ÷ members), aligned to the epoch
 *
 * so the team's polls follow one another instead of bursting together, and a poll's searches are
 * paced (PACE) to fit inside its slot. A small team polls every minute; 1,000 members poll every
 * half hour or so. 429s and nearly used windows (`X-HubSpot-RateLimit-Remaining`) stretch it further.
 */
import { SEARCH_REQUESTS_PER_SECOND } from '@/lib/crm/hubspot/api/constants';
import type { BudgetConfig } from '../rate-budget';

/** The share of the account's search limit the team's polls may use; the rest is for pushes (search mode) and other apps. */
export const POLL_SEARCH_SHARE = 0.8;
/** a small team keeps about one minute of staleness */
export const MIN_POLL_MS = 60_000;
/** however large the portal, a member still hears from the team a few times a day */
export const MAX_POLL_MS = 6 * 60 * 60_000;
/** a caught-up poll: one search per engagement kind (notes, calls, e-mails, meetings) and one for feedback submissions */
export const BASE_SEARCHES_PER_POLL = 5;
const MAX_BACKOFF = 8;

/**
 * Intervals are rounded up to one of these (minutes), so members whose estimates differ slightly
 * (a teammate counted one more page last time) still share one plan and their slots do not collide.
 */
const LADDER_MINUTES = [1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 75, 90, 120, 180, 240, 360];

/**
 * One browser's own pace for searches: at most one at once and 4 a second after it, so a poll of
 * five searches fits its slot (5 ÷ 4/s = 1.25 s per member) and two neighbours never meet in one second.
 */
export const SEARCH_PACE: BudgetConfig = { capacity: 1, refillPerSecond: SEARCH_REQUESTS_PER_SECOND * POLL_SEARCH_SHARE };

export interface PollLoad {
  /** the portal's people who may run Loopside: HubSpot owners (at least 1) */
  members: number;
  /** what one poll cost lately (searches), at least BASE_SEARCHES_PER_POLL */
  searchesPerPoll: number;
  /** ≥ 1: HubSpot said "slow down" lately */
  backoff: number;
}

export function pollIntervalMs(load: PollLoad): number {
  const members = Math.max(1, Math.floor(load.members));
  const searches = Math.max(BASE_SEARCHES_PER_POLL, load.searchesPerPoll);
  const teamRate = SEARCH_REQUESTS_PER_SECOND * POLL_SEARCH_SHARE;
  const needed = ((members * searches) / teamRate) * 1000 * Math.max(1, Math.min(MAX_BACKOFF, load.backoff));
  const wanted = Math.max(MIN_POLL_MS, needed);
  const rung = LADDER_MINUTES.find((m) => m * 60_000 >= wanted);
  return rung === undefined ? MAX_POLL_MS : rung * 60_000;
}

/** FNV-1a: a stable rank for a member the directory does not list (yet). */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * My place in the team's round: my owner id's position among all owner ids (every member sorts the
 * same directory, so no two members share a place); a hash of who I am when I am not in it.
 */
export function memberRank(me: string | undefined, ownerIds: readonly string[]): { rank: number; members: number } {
  const sorted = [...new Set(ownerIds)].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  const members = Math.max(1, sorted.length);
  const at = me === undefined ? -1 : sorted.indexOf(me);
  return { rank: at >= 0 ? at : hash(me ?? '') % members, members };
}

/** Where in each interval my poll starts: ranks spread evenly over the interval. */
export function slotOffsetMs(intervalMs: number, rank: number, members: number): number {
  return Math.floor((intervalMs * (((rank % members) + members) % members)) / Math.max(1, members));
}

/** The first slot of mine strictly after `now`: times ≡ offset (mod interval), counted from the epoch. */
export function nextSlotAt(now: number, intervalMs: number, offsetMs: number): number {
  const k = Math.floor((now - offsetMs) / intervalMs) + 1;
  return k * intervalMs + offsetMs;
}

/** What this browser learned from its own polls, kept between polls (and worker stops). */
export interface PollHistory {
  /** searches per poll, smoothed */
  searchesPerPoll: number;
  backoff: number;
}

export const FRESH_HISTORY: PollHistory = { searchesPerPoll: BASE_SEARCHES_PER_POLL, backoff: 1 };

export interface PollOutcome {
  /** searches this poll made (all pages) */
  searches: number;
  /** HubSpot answered 429 to any request of this poll */
  throttled: boolean;
  /** the lowest `Remaining ÷ Max` of the ten-second window seen in this poll, if any answer carried it */
  windowLeft?: number;
}

/**
 * After a poll: the cost is smoothed (a busy hour needs more pages, so the whole team stretches its
 * interval alike); a 429 doubles the backoff, a window nearly used (≤ 20 % left) adds half, and a
 * clean poll takes it back down step by step.
 */
export function afterPoll(history: PollHistory, outcome: PollOutcome): PollHistory {
  const measured = Math.max(BASE_SEARCHES_PER_POLL, outcome.searches);
  // Rising cost is taken at once (so the team does not overrun the limit); falling cost slowly.
  const searchesPerPoll = measured >= history.searchesPerPoll ? measured : history.searchesPerPoll * 0.7 + measured * 0.3;
  let backoff = history.backoff;
  if (outcome.throttled) backoff *= 2;
  else if (outcome.windowLeft !== undefined && outcome.windowLeft <= 0.2) backoff *= 1.5;
  else backoff /= 1.5;
  return { searchesPerPoll, backoff: Math.min(MAX_BACKOFF, Math.max(1, backoff)) };
}

export interface PollPlan {
  intervalMs: number;
  offsetMs: number;
  /** when my next poll is due */
  nextAt: number;
}

/** Everything together: my interval, my slot in it and the next time it comes round. */
export function planPolls(input: { me: string | undefined; ownerIds: readonly string[]; history: PollHistory; now: number }): PollPlan {
  const { rank, members } = memberRank(input.me, input.ownerIds);
  const intervalMs = pollIntervalMs({ members, searchesPerPoll: input.history.searchesPerPoll, backoff: input.history.backoff });
  const offsetMs = slotOffsetMs(intervalMs, rank, members);
  return { intervalMs, offsetMs, nextAt: nextSlotAt(input.now, intervalMs, offsetMs) };
}
