import { describe, expect, it } from 'vitest';
import { createPollGate, POLL_SHARE_OF_BUDGET } from '@/lib/sync/salesforce/poll-gate';
import { MAX_POLL_MS } from '@/lib/crm/salesforce/api/limits';

const T0 = Date.UTC(2026, 11, 2, 9);
const HOUR = 3_600_000;

describe('the Salesforce poll gate keeps the team inside its share of the org’s allocation', () => {
  // 1,100,000 requests a day, 5 % for Loopside, 1,000 members: 55 a day for each browser.
  const gate = () => createPollGate({ share: () => 0.05, members: () => 1000 });

  it('gives each browser its part of the share', () => {
    const g = gate();
    g.noteUsage({ used: 0, max: 1_100_000, at: T0 });
    expect(g.plan().perBrowserDaily).toBeCloseTo(55);
  });

  it('stops background polls once this browser spent its polling part in the last 24 h, leaving headroom for pushes', () => {
    const g = gate();
    const budget = 55 * POLL_SHARE_OF_BUDGET;
    // Spent over the morning (pushes and polls alike count).
    for (let i = 0; i < Math.ceil(budget); i++) g.noteUsage({ used: i, max: 1_100_000, at: T0 + i * 60_000 });
    const later = T0 + MAX_POLL_MS + HOUR;
    expect(g.open('events', later)).toBe(false);
    expect(g.open('responses', later)).toBe(false);
    // A day after those requests, the window has room again.
    expect(g.open('events', T0 + 24 * HOUR + Math.ceil(budget) * 60_000)).toBe(true);
  });

  it('still polls below the polling part', () => {
    const g = gate();
    for (let i = 0; i < Math.floor(55 * POLL_SHARE_OF_BUDGET) - 1; i++) g.noteUsage({ used: i, max: 1_100_000, at: T0 + i * 60_000 });
    expect(g.open('events', T0 + MAX_POLL_MS + HOUR)).toBe(true);
  });
});
