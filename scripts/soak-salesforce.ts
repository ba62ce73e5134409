/**
 * The Salesforce team-mode fault trials (tests/sync/salesforce-fault-trials.ts) SOAK_TRIALS times
 * (default 1,000) in node against the fake org. Trials run in rounds of SOAK_CHUNK (default 100),
 * each round a fresh org and two fresh browsers, so the run stays linear in the number of trials
 * (one org holding every trial's Tasks makes each query slower than the last). Prints
 * `lost=N duplicated=M trials=T`; exits non-zero unless both are 0.
 */
import { reportLine, runSalesforceTrials, type TrialReport } from '../tests/sync/salesforce-fault-trials.ts';

const trials = Number(process.env.SOAK_TRIALS ?? 1000);
const chunk = Math.max(1, Number(process.env.SOAK_CHUNK ?? 100));
const seed = Number(process.env.SOAK_SEED ?? Date.now() % 2 ** 31);
console.log(`salesforce soak: ${trials} trials in rounds of ${chunk}, seed ${seed}`);
// AbortSignal.timeout's timer does not hold node open: a hung request would end the process silently.
const keepAlive = setInterval(() => {}, 1000);
const startedAt = performance.now();
const total: TrialReport = { trials: 0, events: 0, lost: 0, duplicated: 0, loopTasksWrong: 0, faults: {}, requests: 0 };
for (let round = 0; total.trials < trials; round++) {
  const r = await runSalesforceTrials(Math.min(chunk, trials - total.trials), seed + round);
  total.trials += r.trials;
  total.events += r.events;
  total.lost += r.lost;
  total.duplicated += r.duplicated;
  total.loopTasksWrong += r.loopTasksWrong;
  total.requests += r.requests;
  for (const [k, v] of Object.entries(r.faults)) total.faults[k] = (total.faults[k] ?? 0) + v;
  console.log(`  round ${round + 1} (seed ${seed + round}): ${reportLine(r)} (${Math.round((performance.now() - startedAt) / 1000)} s)`);
}
clearInterval(keepAlive);
console.log(
  `events=${total.events} requests=${total.requests} faults=${JSON.stringify(total.faults)} loopTasksWrong=${total.loopTasksWrong} ` +
    `seconds=${Math.round((performance.now() - startedAt) / 1000)}`,
);
console.log(reportLine(total));
process.exit(total.lost === 0 && total.duplicated === 0 && total.loopTasksWrong === 0 && total.trials === trials ? 0 : 1);
