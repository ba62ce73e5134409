import { fromWall, toWall } from './tz';
import type { Policy } from './policy';

/** Start of the calendar quarter containing `ms`, and of the next one, in `timeZone`. */
function quarterBounds(ms: number, timeZone: string): { start: number; next: number } {
  const d = new Date(toWall(ms, timeZone));
  const firstMonth = Math.floor(d.getUTCMonth() / 3) * 3;
  return {
    start: fromWall(Date.UTC(d.getUTCFullYear(), firstMonth, 1), timeZone),
    next: fromWall(Date.UTC(d.getUTCFullYear(), firstMonth + 3, 1), timeZone),
  };
}

export interface AdvocacyWindow {
  /** the first moment an ask is allowed */
  allowedFrom: number;
  /** why it is not earlier */
  reason: 'cool_off' | 'quarter_cap';
}

/**
 * When a promoter may be asked for a review or referral: no earlier than the cool-off after the
 * score, and at most `maxAsksPerQuarter` asks per contact per calendar quarter (in the owner's zone).
 */
export function advocacyWindow(respondedAt: number, asks: readonly number[], policy: Policy, timeZone: string): AdvocacyWindow {
  let allowedFrom = respondedAt + policy.advocacy.earliestAfterMs;
  let reason: AdvocacyWindow['reason'] = 'cool_off';
  for (let guard = 0; guard < 400; guard++) {
    const q = quarterBounds(allowedFrom, timeZone);
    const inQuarter = asks.filter((a) => a >= q.start && a < q.next).length;
    if (inQuarter < policy.advocacy.maxAsksPerQuarter) break;
    allowedFrom = q.next;
    reason = 'quarter_cap';
  }
  return { allowedFrom, reason };
}

/** The re-survey window after a recovery loop was resolved. */
export function resurveyWindow(resolvedAt: number, policy: Policy): { from: number; to: number } {
  const DAY = 86_400_000;
  return { from: resolvedAt + policy.resurvey.minDays * DAY, to: resolvedAt + policy.resurvey.maxDays * DAY };
}
