/**
 * Worker cold start → alarm handled, in the production build: the worker is stopped (as Chromium
 * does when it idles), a one-shot alarm wakes it, and the scan it runs records when the worker
 * started and when the scan finished (`scan/last/alarm` in the extension's IndexedDB). The store
 * holds `loops` seeded loops (100,000 by default) of which 1,000 are due when the alarm fires.
 *
 * And the SLA tick alone, in the e2e build (its test hook runs one scan in the worker): the same
 * store, 1,000 loops due per tick.
 */
import type { Page } from 'playwright-core';
import { launchWithExtension, openOptions } from '../tests/e2e/harness.ts';
import { makeDue, seedLoops } from './bench-seed.ts';

/** Loops in the seeded store, and how many are due per tick (the goal: ≤ 1,000 of 100,000). */
export const SEEDED_LOOPS = Number(process.env.BENCH_LOOPS ?? 100_000);
export const DUE_PER_TICK = Number(process.env.BENCH_DUE ?? 1_000);

interface ScanRecord {
  trigger: string;
  startedAt: number;
  finishedAt: number;
  workerStartedAt: number;
}

export interface ColdStartRun {
  /** alarm due → worker script running (the browser's part) */
  wakeMs: number;
  /** worker script running → scan done and alerts shown (ours: module load, Dexie open, fold, notify) */
  handleMs: number;
  totalMs: number;
}

/** Reads one kv row straight from IndexedDB in an extension page, without waking the worker. */
async function readKv(page: Page, key: string): Promise<ScanRecord | undefined> {
  return page.evaluate(
    `new Promise((resolve, reject) => {
      const open = indexedDB.open('loopside');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const get = open.result.transaction('kv').objectStore('kv').get(${JSON.stringify(key)});
        get.onsuccess = () => { open.result.close(); resolve(get.result?.value); };
        get.onerror = () => reject(get.error);
      };
    })`,
  ) as Promise<ScanRecord | undefined>;
}

declare const chrome: { alarms: { create(name: string, info: { when: number }): Promise<void> } };

/** A browser whose store holds the seeded loops, after one scan has stored every loop's wake-up time. */
async function seededBrowser(extensionDir: string) {
  const app = await launchWithExtension({ extensionDir });
  const options = await openOptions(app.context, app.extensionId);
  // The options page opens the store (creating it at the current version); then the page moves to a
  // plain extension resource (same origin, no live queries re-reading the store after every chunk).
  await options.getByRole('heading').first().waitFor();
  await options.goto(`chrome-extension://${app.extensionId}/manifest.json`);
  const started = Date.now();
  await seedLoops(options, SEEDED_LOOPS, Date.now());
  console.log(`  seeded ${SEEDED_LOOPS.toLocaleString('en')} loops in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { app, options };
}

/** Runs the first scan after seeding (every loop whose moment passed is due once) and waits for it. */
async function settle(app: Awaited<ReturnType<typeof launchWithExtension>>, options: Page): Promise<void> {
  const before = (await readKv(options, 'scan/last/alarm'))?.finishedAt ?? 0;
  const worker = await app.worker();
  await worker.evaluate(async () => chrome.alarms.create('sla-next-stage', { when: Date.now() + 100 }));
  const deadline = Date.now() + 300_000;
  while (((await readKv(options, 'scan/last/alarm'))?.finishedAt ?? 0) <= before) {
    if (Date.now() > deadline) throw new Error('the first scan after seeding did not finish in 5 min');
    await new Promise((r) => setTimeout(r, 200));
  }
  console.log('  first scan after seeding done');
}

export async function benchWorkerColdStart(extensionDir: string, runs: number): Promise<ColdStartRun[]> {
  const { app, options } = await seededBrowser(extensionDir);
  const results: ColdStartRun[] = [];
  try {
    await settle(app, options);
    for (let i = 0; i < runs; i++) {
      await makeDue(options, DUE_PER_TICK);
      const before = (await readKv(options, 'scan/last/alarm'))?.finishedAt ?? 0;
      const worker = await app.worker();
      const dueAt = await worker.evaluate(async () => {
        const when = Date.now() + 1500;
        await chrome.alarms.create('sla-next-stage', { when });
        return when;
      });
      await app.stopWorker();
      const deadline = Date.now() + 20_000;
      let record: ScanRecord | undefined;
      while (Date.now() < deadline) {
        record = await readKv(options, 'scan/last/alarm');
        if (record && record.finishedAt > before) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      if (!record || record.finishedAt <= before) throw new Error('the alarm did not wake the worker within 20 s');
      if (record.workerStartedAt < dueAt - 50) throw new Error('the worker was not cold: it started before the alarm was due');
      results.push({
        wakeMs: record.workerStartedAt - dueAt,
        handleMs: record.finishedAt - record.workerStartedAt,
        totalMs: record.finishedAt - dueAt,
      });
    }
  } finally {
    await app.close();
  }
  return results;
}

declare const __loopsideTest: { scan(now?: number): Promise<void> };

/** One SLA tick in the worker (fold the due loops, decide, record, notify, badge, alarm), ms per tick. */
export async function benchScanTicks(e2eExtensionDir: string, runs: number): Promise<number[]> {
  const { app, options } = await seededBrowser(e2eExtensionDir);
  try {
    await settle(app, options);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      await makeDue(options, DUE_PER_TICK);
      const worker = await app.worker();
      times.push(
        await worker.evaluate(async () => {
          const start = performance.now();
          await __loopsideTest.scan();
          return performance.now() - start;
        }),
      );
    }
    return times;
  } finally {
    await app.close();
  }
}

const median = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Both figures for `npm run bench` (and standalone: `npx tsx scripts/bench-worker.ts` after both builds). */
export async function printWorkerBench(productionDir: string, e2eDir: string): Promise<void> {
  const ticks = await benchScanTicks(e2eDir, Number(process.env.BENCH_TICKS ?? 9));
  console.log(
    `\nSLA tick in the worker, ${SEEDED_LOOPS.toLocaleString('en')} loops stored, ${DUE_PER_TICK.toLocaleString('en')} due (e2e build): median ${median(ticks).toFixed(1)} ms over ${ticks.length} ticks (min ${Math.min(...ticks).toFixed(1)}, max ${Math.max(...ticks).toFixed(1)})`,
  );
  const cold = await benchWorkerColdStart(productionDir, Number(process.env.BENCH_COLD_STARTS ?? 7));
  console.log(
    `Worker cold start → alarm handled, ${SEEDED_LOOPS.toLocaleString('en')} loops stored, ${DUE_PER_TICK.toLocaleString('en')} due (production build; median of ${cold.length} runs)`,
  );
  console.table({
    'alarm due → worker running (browser)': { median: `${median(cold.map((r) => r.wakeMs)).toFixed(0)} ms` },
    'worker running → scan done (Loopside)': { median: `${median(cold.map((r) => r.handleMs)).toFixed(0)} ms` },
    total: { median: `${median(cold.map((r) => r.totalMs)).toFixed(0)} ms` },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { resolve } = await import('node:path');
  await printWorkerBench(resolve('.output/chrome-mv3'), resolve(process.env.LOOPSIDE_OUT_DIR ?? '.output-e2e', 'chrome-mv3-e2e'));
}
