import type { BrowserContext, CDPSession, Page } from 'playwright-core';

interface VersionInfo {
  versionId: string;
  scriptURL: string;
  runningStatus: string;
}

export interface WorkerControl {
  /** stops the extension's worker now; false when it was not running */
  stop(): Promise<boolean>;
  running(): boolean;
  close(): Promise<void>;
}

/**
 * Stops the extension's service worker the moment it is asked to. The harness's stopWorker waits
 * to learn the worker's version first (hundreds of ms); a fault-injection trial needs the stop to
 * land at the moment it picked, so this keeps one CDP session open and the versions current.
 */
export async function workerControl(context: BrowserContext, extensionId: string): Promise<WorkerControl> {
  const page: Page = await context.newPage();
  const cdp: CDPSession = await context.newCDPSession(page);
  const versions = new Map<string, VersionInfo>();
  const ours = (v: VersionInfo) => v.scriptURL.startsWith(`chrome-extension://${extensionId}/`);
  const live = () => [...versions.values()].filter((v) => ours(v) && (v.runningStatus === 'running' || v.runningStatus === 'starting'));
  cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: VersionInfo[] }) => {
    for (const v of e.versions) versions.set(v.versionId, v);
  });
  await cdp.send('ServiceWorker.enable');

  return {
    async stop() {
      const targets = live();
      // A version that went away between the lookup and the stop is already what we wanted.
      await Promise.all(targets.map((v) => cdp.send('ServiceWorker.stopWorker', { versionId: v.versionId }).catch(() => {})));
      return targets.length > 0;
    },
    running: () => live().length > 0,
    async close() {
      await cdp.detach().catch(() => {});
      await page.close().catch(() => {});
    },
  };
}
