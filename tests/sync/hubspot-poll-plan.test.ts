import { describe, expect, it } from 'vitest';
import {
  afterPoll,
  FRESH_HISTORY,
  memberRank,
  nextSlotAt,
  planPolls,
  pollIntervalMs,
  slotOffsetMs,
  SEARCH_PACE,
} from '@/lib/sync/hubspot/poll-plan';

const MIN = 60_000;

describe('the HubSpot poll plan', () => {
  it.each([
    // members, searches per poll, backoff → interval (minutes)
    [1, 5, 1, 1],
    [20, 5, 1, 1],
    [48, 5, 1, 1],
    [49, 5, 1, 2],
    [100, 5, 1, 3],
    [250, 5, 1, 6],
    [1_000, 5, 1, 25],
    [1_000, 12, 1, 50],
    [20, 5, 8, 4],
    [5_000, 40, 8, 360],
  ])('%i members at %i searches a poll, backoff %i: every %i min', (members, searches, backoff, minutes) => {
    expect(pollIntervalMs({ members, searchesPerPoll: searches, backoff })).toBe(minutes * MIN);
  });

  it('keeps the whole team within 4 of the account’s 5 searches a second', () => {
    for (const members of [1, 7, 20, 99, 300, 1_000, 2_500]) {
      for (const searches of [5, 9, 17]) {
        const interval = pollIntervalMs({ members, searchesPerPoll: searches, backoff: 1 });
        expect((members * searches) / (interval / 1000)).toBeLessThanOrEqual(4);
      }
    }
    // …and one browser's own searches fit its slot: a poll of five takes (5 − 1) ÷ 4/s = 1 s of the 1.5 s slot.
    const slot = pollIntervalMs({ members: 1_000, searchesPerPoll: 5, backoff: 1 }) / 1_000;
    expect((5 - SEARCH_PACE.capacity) / SEARCH_PACE.refillPerSecond).toBeLessThanOrEqual(slot / 1000);
  });

  it('gives every owner its own slot, the same in every browser, whatever order the directory came in', () => {
    const owners = Array.from({ length: 1_000 }, (_, i) => String(5_000 + ((i * 7_919) % 1_000)));
    const shuffled = [...owners].reverse();
    const ranks = owners.map((id) => memberRank(id, owners).rank);
    expect(new Set(ranks).size).toBe(1_000);
    expect(owners.map((id) => memberRank(id, shuffled).rank)).toEqual(ranks);
    // Numeric ids sort as numbers: 999 before 1000.
    expect(memberRank('999', ['1000', '999']).rank).toBe(0);
    // Someone not (yet) in the directory still gets a stable place.
    const stranger = memberRank('new@acme.example', owners);
    expect(stranger).toEqual(memberRank('new@acme.example', shuffled));
    expect(stranger.rank).toBeLessThan(1_000);
  });

  it('spreads the slots over the interval and finds the next one after now', () => {
    const interval = 25 * MIN;
    expect(slotOffsetMs(interval, 0, 1_000)).toBe(0);
    expect(slotOffsetMs(interval, 500, 1_000)).toBe(interval / 2);
    const offset = slotOffsetMs(interval, 3, 1_000);
    const now = Date.UTC(2026, 11, 2, 9, 0, 0);
    const next = nextSlotAt(now, interval, offset);
    expect(next).toBeGreaterThan(now);
    expect(next - now).toBeLessThanOrEqual(interval);
    expect((next - offset) % interval).toBe(0);
    expect(nextSlotAt(next, interval, offset)).toBe(next + interval);
  });

  it('stretches after a 429 or a nearly used window, and comes back down after clean polls', () => {
    let history = afterPoll(FRESH_HISTORY, { searches: 5, throttled: true });
    expect(history.backoff).toBe(2);
    history = afterPoll(history, { searches: 5, throttled: false, windowLeft: 0.1 });
    expect(history.backoff).toBe(3);
    for (let i = 0; i < 5; i++) history = afterPoll(history, { searches: 5, throttled: false, windowLeft: 0.9 });
    expect(history.backoff).toBe(1);
    // A busy poll (more pages) counts at once; a quiet one lowers the estimate slowly.
    history = afterPoll(history, { searches: 13, throttled: false });
    expect(history.searchesPerPoll).toBe(13);
    history = afterPoll(history, { searches: 5, throttled: false });
    expect(history.searchesPerPoll).toBeCloseTo(10.6);
  });

  it('a 20-person team polls every minute, a 1,000-person portal about every 25 minutes', () => {
    const now = Date.UTC(2026, 11, 2, 9, 0, 0);
    const small = Array.from({ length: 20 }, (_, i) => String(100 + i));
    const large = Array.from({ length: 1_000 }, (_, i) => String(100 + i));
    expect(planPolls({ me: '105', ownerIds: small, history: FRESH_HISTORY, now }).intervalMs).toBe(MIN);
    const plan = planPolls({ me: '105', ownerIds: large, history: FRESH_HISTORY, now });
    expect(plan.intervalMs).toBe(25 * MIN);
    expect(plan.offsetMs).toBe(Math.floor((25 * MIN * 5) / 1_000));
  });
});
