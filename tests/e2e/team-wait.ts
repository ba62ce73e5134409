import { expect } from 'vitest';
import type { Frame } from 'playwright-core';
import type { Launched } from './harness';

/**
 * Team mode e2e: waits until a browser's sidebar shows `score` for the record, asking that browser to
 * sync whenever it shows none yet, the way a person would press "Sync now" rather than wait for the
 * next poll. Either CRM's fake decides when the loop exists; this only watches what a person sees.
 */
export async function waitForScoreSyncing(frame: Frame, syncNow: () => Promise<unknown>, score: string, timeout: number): Promise<void> {
  await expect
    .poll(
      async () => {
        if ((await frame.getByTestId('score').count()) === 0) await syncNow();
        return (
          await frame
            .getByTestId('score')
            .first()
            .textContent()
            .catch(() => '')
        )?.trim();
      },
      { timeout, interval: 2_000 },
    )
    .toBe(score);
}

declare const chrome: { notifications: { getAll(): Promise<Record<string, boolean>> } };
type TestHooks = { __loopsideTest: { scan(now?: number): Promise<void> } };

/**
 * Three days past the first-touch due time, each browser's SLA scan runs and none of them shows a
 * breach alert: the loop was touched in one browser, and that is what every browser knows.
 */
export async function expectNoBreachAlertDaysLater(apps: readonly Launched[]): Promise<void> {
  const later = Date.now() + 3 * 24 * 3_600_000;
  for (const app of apps) {
    const worker = await app.worker();
    await worker.evaluate((at) => (globalThis as unknown as TestHooks).__loopsideTest.scan(at), later);
    const shown = await worker.evaluate(async () => Object.keys(await chrome.notifications.getAll()));
    expect(shown.filter((id) => id.startsWith('alert|') && id.includes('|breached|'))).toEqual([]);
  }
}
