/**
 * The org's daily API allocation, as every REST answer reports it (`Sforce-Limit-Info:
 * api-usage=18/5000`, sometimes followed by `; api-bursts=…`), and how often one Loopside browser
 * may poll so the whole team stays inside its configured share of it. Pure: the clock is passed in.
 */

export interface ApiUsage {
  used: number;
  max: number;
  /** when we read it */
  at: number;
}

/** `api-usage=N/M` out of the header; null when absent or unreadable. */
export function parseLimitInfo(header: string | null | undefined, at: number): ApiUsage | null {
  if (!header) return null;
  const m = /(?:^|[;,\s])api-usage=(\d+)\/(\d+)/.exec(header);
  if (!m) return null;
  const used = Number(m[1]);
  const max = Number(m[2]);
  if (!Number.isSafeInteger(used) || !Number.isSafeInteger(max) || max <= 0) return null;
  return { used, max, at };
}

export const DAY_MS = 24 * 3_600_000;
/** Loopside's share of the org's daily allocation unless an admin sets another */
export const DEFAULT_ALLOCATION_SHARE = 0.05;
/** never poll more often than the worker's alarm can fire */
export const MIN_POLL_MS = 60_000;
/** never let a teammate's call wait longer than this, however small the share */
export const MAX_POLL_MS = 4 * 3_600_000;
/** requests one poll makes: the events query, the responses query, and the composite for new responses' contacts */
export const REQUESTS_PER_POLL = 3;
/** before anything is measured: of each browser's daily share, what polls may use (the rest for pushes) */
const POLL_FRACTION = 0.7;

export interface PollPlan {
  /** requests per day this browser may spend */
  perBrowserDaily: number;
  intervalMs: number;
  /** why, in words, for the options status */
  reason: string;
}

/**
 * How often this browser polls: the team's share of the org's allocation, split between the team's
 * members, mostly spent on polls. When the org as a whole is near its allocation (other integrations
 * use it too) Loopside steps back further: it must never be what pushes an org over.
 */
export function planPolling(
  usage: ApiUsage | null,
  opts: { share: number; members: number; /** requests spent per poll cycle (polls and pushes), as measured */ requestsPerCycle?: number },
): PollPlan {
  if (!usage) return { perBrowserDaily: 0, intervalMs: MIN_POLL_MS * 5, reason: 'allocation not known yet' };
  const members = Math.max(1, opts.members);
  const perBrowserDaily = (usage.max * opts.share) / members;
  const perCycle = opts.requestsPerCycle ?? REQUESTS_PER_POLL / POLL_FRACTION;
  let intervalMs = (DAY_MS * perCycle) / Math.max(1e-9, perBrowserDaily);
  let reason = `${Math.round(opts.share * 1000) / 10}% of ${usage.max.toLocaleString('en-US')} requests a day, shared by ${members}`;
  const load = usage.used / usage.max;
  if (load >= 0.95) {
    intervalMs = MAX_POLL_MS;
    reason = `the org has used ${Math.round(load * 100)}% of its daily requests`;
  } else if (load >= 0.8) {
    intervalMs *= 4;
    reason += `; the org is at ${Math.round(load * 100)}% of its allocation, so Loopside polls less`;
  }
  return { perBrowserDaily, intervalMs: Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, Math.round(intervalMs))), reason };
}
