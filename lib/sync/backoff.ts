/**
 * When to try a failed push again. Pure: the caller passes the clock and the random source.
 *
 * Full jitter (delay = random × min(cap, base × 2^attempt)) spreads the retries of many browsers
 * that failed together, so a recovering server is not hit by them all at once; a server's
 * Retry-After is a floor under that delay, never shortened by the jitter.
 */

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
  /** a Retry-After beyond this is treated as this: a bogus date must not park the outbox for years */
  maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 5 * 60_000, maxRetryAfterMs: 24 * 3_600_000 };

/**
 * 408 (timeout) and 429 (slow down) are the only 4xx worth repeating; every 5xx may be transient.
 * (401/403 are not retried either: they pause the outbox until the user reconnects, see errors.ts.)
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * `Retry-After` as delay-seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable.
 * A date in the past means "now" (0), not "ignore".
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only accept something that looks like an HTTP date: Date.parse takes many odd strings.
  if (!/[A-Za-z]{3}/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** The jittered delay after the failed attempt number `attempt` (0 = the first try failed). */
export function jitteredDelay(attempt: number, random: () => number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  // 2^attempt overflows to Infinity long after it passes any cap; min() keeps it finite.
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

/** The delay before the next try: the jittered delay, but never sooner than the server asked. */
export function retryDelay(
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  const jittered = jitteredDelay(attempt, random, policy);
  if (retryAfterMs === undefined) return jittered;
  return Math.max(jittered, Math.min(retryAfterMs, policy.maxRetryAfterMs));
}
