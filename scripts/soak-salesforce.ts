/**
 * The Salesforce team-mode fault trials (tests/sync/salesforce-fault-trials.ts) SOAK_TRIALS times
 * (default 1,000) in node against the fake org. Prints `lost=N duplicated=M trials=T`; exits
 * non-zero unless both are 0.
 */
import { reportLine, runSalesforceTrials } from '../tests/sync/salesforce-fault-trials.ts';

const trials = Number(process.env.SOAK_TRIALS ?? 1000);
const seed = Number(process.env.SOAK_SEED ?? Date.now() % 2 ** 31);
console.log(`salesforce soak: ${trials} trials, seed ${seed}`);
// AbortSignal.timeout's timer does not hold node open: a hung request would end the process silently.
const keepAlive = setInterval(() => {}, 1000);
const report = await runSalesforceTrials(trials, seed);
clearInterval(keepAlive);
console.log(
  `events=${report.events} requests=${report.requests} faults=${JSON.stringify(report.faults)} loopTasksWrong=${report.loopTasksWrong}`,
);
console.log(reportLine(report));
process.exit(report.lost === 0 && report.duplicated === 0 && report.loopTasksWrong === 0 && report.trials === trials ? 0 : 1);
