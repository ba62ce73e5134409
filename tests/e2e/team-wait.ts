import { expect } from 'vitest';
import type { Frame } from 'playwright-core';

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
