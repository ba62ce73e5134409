/**
 * Seeds an extension profile's IndexedDB with the bench's loops (scripts/bench-engine.ts: 100,000 by
 * default), written straight into the `events` and `loops` stores from an extension page, as the
 * extension would have left them after importing them and running its SLA scan once:
 * - each row projected from its folded events (projectLoop), and each waiting loop's wake row as the
 *   scan keeps it (the loop's next alert moment after `now`, 0 when none is left; its alert subject);
 * - the settings the scan reads, and the fingerprint of its inputs (`scan/inputs`), so the first
 *   tick after seeding is an ordinary incremental one, not a full pass over every waiting loop.
 * Each chunk crosses to the page as one JSON string (Playwright serialises an object argument node by
 * node, which is what made 100,000 loops take minutes) and is written in one transaction.
 */
import type { Page } from 'playwright-core';
import { DEFAULT_POLICY, foldLoop } from '../lib/loop/index.ts';
import { projectLoop } from '../lib/db/loops.ts';
import { alertSubject, nextAlertAt } from '../lib/notify/index.ts';
import type { LoopRow, WakeRow } from '../lib/db/schema.ts';
import { defaultSettings } from '../lib/settings/schema.ts';
import { SCAN_INPUTS_KEY, scanInputsKey } from '../lib/worker/scan.ts';
import { buildLoops } from './bench-engine.ts';

const CHUNK = 10_000;

/** Writes one chunk (events, rows, kv rows as JSON) into the store of the extension page it runs in. */
const WRITE_CHUNK = `(json) => new Promise((resolve, reject) => {
  const { events, rows, wakes, kv } = JSON.parse(json);
  const open = indexedDB.open('loopside');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const tx = open.result.transaction(['events', 'loops', 'wakes', 'kv'], 'readwrite', { durability: 'relaxed' });
    const ev = tx.objectStore('events');
    const lp = tx.objectStore('loops');
    const wk = tx.objectStore('wakes');
    const store = tx.objectStore('kv');
    for (const e of events) ev.put(e);
    for (const r of rows) lp.put(r);
    for (const w of wakes) wk.put(w);
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
    const rows: LoopRow[] = [];
    const wakes: WakeRow[] = [];
    for (const l of chunk) {
      const state = foldLoop(l.events, { policy, calendar: l.calendar, now });
      const row = projectLoop(state, policy, now);
      rows.push(row);
      // As the scan leaves a waiting loop in one-person mode: look again at its next alert moment, never before.
      if (row.status === 'open' && row.firstTouchAt === 0)
        wakes.push({
          loopId: row.loopId,
          wakeAt: nextAlertAt(state, policy, now, null) ?? 0,
          ownerEmail: row.ownerEmail,
          attentionAt: row.attentionAt,
          subject: alertSubject(state, policy),
          heard: [],
        });
    }
    await write.evaluate(
      (fn, json) => (fn as unknown as (json: string) => Promise<void>)(json),
      JSON.stringify({ events, rows, wakes, kv: i === 0 ? kv : [] }),
    );
    onProgress?.(Math.min(i + CHUNK, loops.length));
  }
  await write.dispose();
}

/**
 * Makes `count` waiting loops due now (their wake row's `wakeAt` 1), as if their next stage had just
 * come and nothing else had changed: a tick's worth of work.
 */
export async function makeDue(page: Page, count: number): Promise<number> {
  return page.evaluate(
    (count) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('loopside');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('wakes', 'readwrite');
          const store = tx.objectStore('wakes');
          const get = store.getAll(null, count);
          let made = 0;
          get.onsuccess = () => {
            for (const row of get.result as { wakeAt: number }[]) {
              store.put({ ...row, wakeAt: 1 });
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
