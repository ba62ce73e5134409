import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, isRetryableStatus, jitteredDelay, parseRetryAfter, retryDelay } from '@/lib/sync/backoff';
import { seeded, T0 } from './helpers';

describe('Retry-After', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('7', T0)).toBe(7_000);
    expect(parseRetryAfter(' 0 ', T0)).toBe(0);
  });

  it('reads an HTTP date relative to now, and a past date as "now"', () => {
    expect(parseRetryAfter(new Date(T0 + 7_000).toUTCString(), T0)).toBe(7_000);
    expect(parseRetryAfter(new Date(T0 - 60_000).toUTCString(), T0)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    for (const v of [null, undefined, '', '-5', '1.5', 'soon', '12:00']) expect(parseRetryAfter(v, T0)).toBeUndefined();
  });
});

describe('which failures are retried', () => {
  it('retries 408, 429 and every 5xx; no other 4xx', () => {
    for (const s of [408, 429, 500, 502, 503, 504]) expect(isRetryableStatus(s)).toBe(true);
    for (const s of [400, 401, 403, 404, 409, 410, 413, 422]) expect(isRetryableStatus(s)).toBe(false);
  });
});

describe('full jitter', () => {
  const { baseMs, capMs } = DEFAULT_BACKOFF;

  it('stays below min(cap, base × 2^attempt), from 0 up to that ceiling', () => {
    const random = seeded(1);
    for (let attempt = 0; attempt < 30; attempt++) {
      const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
      const delays = Array.from({ length: 400 }, () => jitteredDelay(attempt, random));
      expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...delays)).toBeLessThan(ceiling);
      // Full jitter uses the whole range, not "ceiling/2 + jitter": both ends are reached.
      expect(Math.min(...delays)).toBeLessThan(ceiling * 0.05);
      expect(Math.max(...delays)).toBeGreaterThan(ceiling * 0.95);
    }
  });

  it('never grows past the cap, even for absurd attempt counts', () => {
    expect(jitteredDelay(5_000, () => 0.999999)).toBeLessThan(capMs);
    expect(Number.isFinite(jitteredDelay(5_000, () => 0.5))).toBe(true);
  });

  it('Retry-After is a floor under the jitter, never cut by it', () => {
    expect(retryDelay(0, 7_000, () => 0)).toBe(7_000);
    expect(retryDelay(0, 7_000, () => 0.99)).toBe(7_000);
    // Once the jitter ceiling passes the server's floor, the larger of the two wins.
    expect(retryDelay(10, 7_000, () => 0.99)).toBe(Math.floor(0.99 * Math.min(capMs, baseMs * 2 ** 10)));
  });

  it('a bogus Retry-After far in the future is bounded', () => {
    expect(retryDelay(0, 10 * 365 * 86_400_000, () => 0)).toBe(DEFAULT_BACKOFF.maxRetryAfterMs);
  });
});
