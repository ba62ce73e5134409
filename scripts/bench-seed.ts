/**
 * Seeds an extension profile's IndexedDB with the bench's loops (scripts/bench-engine.ts: 100,000 by
 * default), written straight into the `events` and `loops` stores from an extension page, as
 * appendEvents would have left them (rows projected with their wake-up times), in chunks.
 */
import type { Page } from 'playwright-core';
import { DEFAULT_POLICY, foldLoop } from '../lib/loop/index.ts';
import { projectLoop } from '../lib/db/loops.ts';
import { buildLoops } from './bench-engine.ts';

const CHUNK = 4000;

/** Writes `count` loops responded to in the 14 days before `now`; the page must be an extension page whose store is open. */
export async function seedLoops(page: Page, count: number, now: number): Promise<void> {
  const loops = buildLoops(count, now);
  for (let i = 0; i < loops.length; i += CHUNK) {
    const chunk = loops.slice(i, i + CHUNK);
    const events = chunk.flatMap((l) => l.events);
    const rows = chunk.map((l) =>
      projectLoop(foldLoop(l.events, { policy: DEFAULT_POLICY, calendar: l.calendar, now }), DEFAULT_POLICY, now),
    );
    await page.evaluate(
      ([events, rows]) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('loopside');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction(['events', 'loops'], 'readwrite');
            const ev = tx.objectStore('events');
            const lp = tx.objectStore('loops');
            for (const e of events) ev.put(e);
            for (const r of rows) lp.put(r);
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      [events, rows] as const,
    );
  }
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
