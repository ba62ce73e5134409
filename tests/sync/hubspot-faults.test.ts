import { describe, expect, it } from 'vitest';
import { runHubSpotTrial } from './hubspot-trials';

/** 1,000 of these run in `npm run soak`. */
const TRIALS = 60;

describe('HubSpot fault trials: worker stops, lost acknowledgements, 429 storms, search lag', () => {
  it(`${TRIALS} trials: every event in HubSpot exactly once`, async () => {
    const results = [];
    for (let seed = 1; seed <= TRIALS; seed++) results.push(await runHubSpotTrial(seed));
    const bad = results.filter((r) => r.lost > 0 || r.duplicated > 0);
    expect(bad).toEqual([]);
    expect(results.filter((r) => r.mode === 'search').length).toBeGreaterThan(10);
    expect(results.filter((r) => r.mode === 'upsert').length).toBeGreaterThan(10);
  }, 240_000);
});
