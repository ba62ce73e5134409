/**
 * Worker cold start → alarm handled, in the production build: the worker is stopped (as Chromium
 * does when it idles), a one-shot alarm wakes it, and the scan it runs records when the worker
 * started and when the scan finished (`scan/last/alarm` in the extension's IndexedDB).
 */
import type { Page } from 'playwright-core';
import { launchWithExtension, openOptions } from '../tests/e2e/harness.ts';

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

export async function benchWorkerColdStart(extensionDir: string, runs: number): Promise<ColdStartRun[]> {
  const app = await launchWithExtension({ extensionDir });
  const results: ColdStartRun[] = [];
  try {
    const options = await openOptions(app.context, app.extensionId);
    await options.getByRole('button', { name: 'Load demo data' }).click();
    await options.getByTestId('import-summary').waitFor();
    for (let i = 0; i < runs; i++) {
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
