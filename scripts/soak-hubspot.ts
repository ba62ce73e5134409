/**
 * npm run soak (HubSpot part): the node fault trials of tests/sync/hubspot-faults.test.ts, SOAK_TRIALS
 * times (default 1,000) against the fake portal. Prints `lost=N duplicated=M trials=T` per strategy
 * and exits non-zero unless both are 0.
 */
import { runHubSpotTrial } from '../tests/sync/hubspot-trials.ts';

const trials = Number(process.env.SOAK_TRIALS ?? 1000);
const first = Number(process.env.SOAK_SEED ?? 1);
const totals = { upsert: { trials: 0, lost: 0, duplicated: 0, requests: 0 }, search: { trials: 0, lost: 0, duplicated: 0, requests: 0 } };
for (let seed = first; seed < first + trials; seed++) {
  const r = await runHubSpotTrial(seed);
  const t = totals[r.mode];
  t.trials++;
  t.lost += r.lost;
  t.duplicated += r.duplicated;
  t.requests += r.requests;
  if (r.lost || r.duplicated) console.log(`seed ${seed} (${r.mode}): lost=${r.lost} duplicated=${r.duplicated}`);
}
for (const [mode, t] of Object.entries(totals)) {
  console.log(
    `hubspot ${mode}: lost=${t.lost} duplicated=${t.duplicated} trials=${t.trials} requests/trial=${(t.requests / Math.max(1, t.trials)).toFixed(1)}`,
  );
}
process.exit(totals.upsert.lost + totals.upsert.duplicated + totals.search.lost + totals.search.duplicated === 0 ? 0 : 1);
