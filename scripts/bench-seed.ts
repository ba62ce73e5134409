/**
 * Seeds an extension profile's IndexedDB with the bench's loops (scripts/bench-engine.ts: 100,000 by
 * default), written straight into the `events` and `loops` stores from an extension page, as the
 * extension would have left them after importing them and running its SLA scan once:
 * - each row projected from its folded events (projectLoop), with the wake-up time the scan stores
 *   (the loop's next alert moment after `now`, 0 when none is left) and its `attentionAt`;
 * - the settings the scan reads, and the fingerprint of its inputs (`scan/inputs`), so the first
 *   tick after seeding is an ordinary incremental one, not a full pass over every waiting loop.
 * Each chunk crosses to the page as one JSON string (Playwright serialises an object argument node by
 * node, which is what made 100,000 loops take minutes) and is written in one transaction.
 */
import type { Page } from 'playwright-core';
import { DEFAULT_POLICY, foldLoop } from '../lib/loop/index.ts';
import { projectLoop } from '../lib/db/loops.ts';
import { nextAlertAt } from '../lib/notify/index.ts';
import { defaultSettings } from '../lib/settings/schema.ts';
import { SCAN_INPUTS_KEY, scanInputsKey } from '../lib/worker/scan.ts';
import { buildLoops } from './bench-engine.ts';

const CHUNK = 10_000;

/** Writes one chunk (events, rows, kv rows as JSON) into the store of the extension page it runs in. */
const WRITE_CHUNK = `(json) => new Promise((resolve, reject) => {
  const { events, rows, kv } = JSON.parse(json);
  const open = indexedDB.open('loopside');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const tx = open.result.transaction(['events', 'loops', 'kv'], 'readwrite', { durability: 'relaxed' });
    const ev = tx.objectStore('events');
    const lp = tx.objectStore('loops');
    const store = tx.objectStore('kv');
    for (const e of events) ev.put(e);
    for (const r of rows) lp.put(r);
    for (const k of kv) store.put(k);
    tx.oncomplete = () => { open.result.close(); resolve(); };
    tx.onerror = () => reject(tx.error);
  };
})`;

/**
 * Writes `count` loops responded to in the 14 days before `now`; the page must be an extension page
 * whose store exists at the current version. `onProgress` hears how many loops are written so far.
 */
export async function seedLoops(page: Page, count: number, now: number, onProgress?: (written: number) => void): Promise<void> {
  const loops = buildLoops(count, now);
  const policy = DEFAULT_POLICY;
  // The worker folds with the stored settings: store them, and the fingerprint the scan compares.
  const settings = defaultSettings(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  const kv = [
    { key: 'settings', value: settings },
    { key: SCAN_INPUTS_KEY, value: scanInputsKey({ policy, settings, people: [], revenueThreshold: null }) },
  ];
  const write = await page.evaluateHandle(WRITE_CHUNK);
  for (let i = 0; i < loops.length; i += CHUNK) {
    const chunk = loops.slice(i, i + CHUNK);
    const events = chunk.flatMap((l) => l.events);
    const rows = chunk.map((l) => {
      const state = foldLoop(l.events, { policy, calendar: l.calendar, now });
      // As the scan leaves a loop in one-person mode: look again at its next alert moment, never before.
      return { ...projectLoop(state, policy, now), nextWakeAt: nextAlertAt(state, policy, now, null) ?? 0 };
    });
    await write.evaluate(
      (fn, json) => (fn as unknown as (json: string) => Promise<void>)(json),
      JSON.stringify({ events, rows, kv: i === 0 ? kv : [] }),
    );
    onProgress?.(Math.min(i + CHUNK, loops.length));
  }
  await write.dispose();
}

/** Makes `count` waiting loops due now (nextWakeAt 1), as if their next stage had just come: a tick's worth of work. */
export async function makeDue(page: Page, count: number): Promise<number> {
  return page.evaluate(
    (count) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('loopside');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('loops', 'readwrite');
          const store = tx.objectStore('loops');
          const get = store.index('[status+firstTouchAt]').getAll(['open', 0], count);
          let made = 0;
          get.onsuccess = () => {
            for (const row of get.result as { nextWakeAt: number }[]) {
              store.put({ ...row, nextWakeAt: 1 });
              made++;
            }
          };
          tx.oncomplete = () => {
            open.result.close();
            resolve(made);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    count,
  );
}
