/**
 * npm run soak: the fault-injection trials of tests/e2e/faults.e2e.ts, SOAK_TRIALS times (default
 * 1,000) in one browser, against the e2e build (npm run build:test; LOOPSIDE_OUT_DIR is honoured).
 * Prints `lost=N duplicated=M trials=T` and exits non-zero unless both are 0.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openBench, reportDetail, reportLine, runTrials } from '../tests/e2e/fault-trials.ts';

const trials = Number(process.env.SOAK_TRIALS ?? 1000);
const seed = Number(process.env.SOAK_SEED ?? Date.now() % 2 ** 31);
const build = resolve(process.env.LOOPSIDE_OUT_DIR ?? '.output-e2e', 'chrome-mv3-e2e', 'manifest.json');

if (!Number.isInteger(trials) || trials < 1) {
  console.error(`SOAK_TRIALS must be a positive whole number, not ${process.env.SOAK_TRIALS}`);
  process.exit(2);
}
if (!existsSync(build)) {
  console.error(`No e2e build at ${build}: run \`npm run build:test\` first.`);
  process.exit(2);
}

// The seed is printed first so a failing soak can be replayed exactly (SOAK_SEED=…).
console.log(`soak: ${trials} trials, seed ${seed}`);
const bench = await openBench();
let code = 1;
try {
  const report = await runTrials(bench, {
    count: trials,
    seed,
    onProgress: (done, r) => {
      if (done % 50 === 0 && done < trials) console.log(`  ${done}/${trials}: ${reportLine(r)}`);
    },
  });
  console.log(reportDetail(report));
  console.log(reportLine(report));
  code = report.lost === 0 && report.duplicated === 0 && report.trials === trials ? 0 : 1;
} finally {
  await bench.close();
}
process.exit(code);
