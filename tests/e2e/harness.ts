import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Frame, type Page, type Worker } from 'playwright-core';
import { chromiumArgs, findChromium } from '../../scripts/chromium.ts';
import { startReplicaServer, type ReplicaServer } from '../replicas/server.ts';

export interface Launched {
  context: BrowserContext;
  extensionId: string;
  server: ReplicaServer;
  userDataDir: string;
  /** the extension's service worker, woken if it was stopped */
  worker(): Promise<Worker>;
  /** stops the service worker the way Chromium does when it idles (CDP ServiceWorker.stopWorker) */
  stopWorker(): Promise<void>;
  /** closes the browser and starts it again on the same profile */
  relaunch(): Promise<Launched>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  extensionDir?: string;
  userDataDir?: string;
  withExtension?: boolean;
  server?: ReplicaServer;
  headless?: boolean;
  /**
   * Keep Playwright's own --disable-features list (third-party storage partitioning off): what a
   * managed Chrome that blocks third-party cookies does, where the sidebar frame is refused IndexedDB.
   */
  storagePartitioningOff?: boolean;
}

// LOOPSIDE_OUT_DIR lets parallel runs build and test their own copy (npm run build:test honours it too).
interface WorkerVersion {
  versionId: string;
  scriptURL: string;
  runningStatus: 'stopped' | 'starting' | 'running' | 'stopping';
}

/**
 * Waits for a condition, polling. Ceilings are generous on purpose: on a loaded 2-core machine a
 * browser or a worker can take many seconds to answer, and a test must not fail only for that.
 */
async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The ceiling for anything the browser does by itself (start, wake, stop a worker, load a frame). */
export const SLOW_MACHINE_MS = 60_000;

const DEFAULT_EXTENSION_DIR = resolve(process.env.LOOPSIDE_OUT_DIR ?? '.output-e2e', 'chrome-mv3-e2e');

export async function launchWithExtension(opts: LaunchOptions = {}): Promise<Launched> {
  const extensionDir = opts.extensionDir ?? DEFAULT_EXTENSION_DIR;
  const withExtension = opts.withExtension ?? true;
  const server = opts.server ?? (await startReplicaServer());
  const ownsServer = !opts.server;
  const userDataDir = opts.userDataDir ?? mkdtempSync(join(tmpdir(), 'loopside-profile-'));
  const ownsProfile = !opts.userDataDir;
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless: opts.headless ?? true,
    ignoreHTTPSErrors: true,
    viewport: { width: 1400, height: 900 },
    args: chromiumArgs(withExtension ? extensionDir : null, server.hostRules).filter(
      (arg) => !(opts.storagePartitioningOff && arg.startsWith('--disable-features=')),
    ),
  });

  let extensionId = '';
  const isOurs = (w: Worker) => w.url().startsWith(`chrome-extension://${extensionId}/`);
  if (withExtension) {
    const first = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: SLOW_MACHINE_MS }));
    extensionId = new URL(first.url()).host;
  }

  // Playwright keeps a stopped worker's handle (its evaluate waits until the worker runs again)
  // and reports no new worker on restart, so the worker's real state is read from CDP instead.
  const prefix = `chrome-extension://${extensionId}/`;
  let control: { cdp: CDPSession; versions: Map<string, WorkerVersion> } | null = null;
  async function serviceWorkerControl() {
    if (control) return control;
    const page = context.pages().find((p) => !p.isClosed()) ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    const versions = new Map<string, WorkerVersion>();
    cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: WorkerVersion[] }) => {
      for (const v of e.versions) versions.set(v.versionId, v);
    });
    page.on('close', () => {
      control = null;
    });
    await cdp.send('ServiceWorker.enable');
    await until(() => ours(versions).length > 0, SLOW_MACHINE_MS);
    control = { cdp, versions };
    return control;
  }
  const ours = (versions: Map<string, WorkerVersion>) => [...versions.values()].filter((v) => v.scriptURL.startsWith(prefix));
  const running = (versions: Map<string, WorkerVersion>) => ours(versions).some((v) => v.runningStatus === 'running');

  async function worker(): Promise<Worker> {
    const { versions } = await serviceWorkerControl();
    if (!running(versions)) {
      // Opening an extension page does not start the worker; a runtime message does. This one is
      // rejected (unknown type, logged) and changes nothing.
      const page = await context.newPage();
      await page.goto(`${prefix}popup.html`);
      await page.evaluate(() =>
        (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime
          .sendMessage({ type: 'test/wake' })
          .catch(() => {}),
      );
      await until(() => running(versions), SLOW_MACHINE_MS);
      await page.close();
    }
    return (
      context.serviceWorkers().find(isOurs) ??
      (await context.waitForEvent('serviceworker', { predicate: isOurs, timeout: SLOW_MACHINE_MS }))
    );
  }

  async function stopWorker(): Promise<void> {
    const { cdp, versions } = await serviceWorkerControl();
    const live = ours(versions).filter((v) => v.runningStatus !== 'stopped');
    await Promise.all(live.map((v) => cdp.send('ServiceWorker.stopWorker', { versionId: v.versionId }).catch(() => {})));
    await until(() => ours(versions).every((v) => v.runningStatus === 'stopped'), SLOW_MACHINE_MS);
  }

  async function close(): Promise<void> {
    await context.close();
    if (ownsServer) await server.close();
    if (ownsProfile) rmSync(userDataDir, { recursive: true, force: true });
  }

  async function relaunch(): Promise<Launched> {
    await context.close();
    const again = await launchWithExtension({ ...opts, userDataDir, server });
    const innerClose = again.close;
    return {
      ...again,
      close: async () => {
        await innerClose();
        if (ownsServer) await server.close();
        if (ownsProfile) rmSync(userDataDir, { recursive: true, force: true });
      },
    };
  }

  return { context, extensionId, server, userDataDir, worker, stopWorker, relaunch, close };
}

/** The Loopside sidebar frame on a CRM page (an extension page inside the iframe the content script adds). */
export async function sidebarFrame(page: Page, timeoutMs = SLOW_MACHINE_MS): Promise<Frame> {
  await page.locator('iframe#loopside-sidebar').waitFor({ state: 'attached', timeout: timeoutMs });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = page.frames().find((f) => f.url().startsWith('chrome-extension://') && f.url().includes('/sidebar.html'));
    if (frame) {
      await frame.waitForLoadState('domcontentloaded');
      return frame;
    }
    if (Date.now() > deadline) throw new Error('The Loopside sidebar frame did not load');
    await page.waitForTimeout(25);
  }
}

/**
 * Sends a request from an extension page, as that page's own code does (same sender checks, same
 * schema); throws the background's refusal in words.
 */
export async function askExtension(page: Page, message: unknown): Promise<unknown> {
  const reply = await page.evaluate(
    (m) =>
      (
        globalThis as unknown as {
          chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean; data?: unknown; error?: string }> } };
        }
      ).chrome.runtime.sendMessage(m),
    message,
  );
  if (!reply?.ok) throw new Error(`${JSON.stringify(message).slice(0, 80)} → ${reply?.error ?? 'no answer'}`);
  return reply.data;
}

export async function openOptions(context: BrowserContext, extensionId: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  return page;
}

/**
 * Imports a survey-response CSV the way a person does (the options page's file input) and waits
 * for the import summary; `summary` tells a new summary from one an earlier import left on the page.
 */
export async function uploadResponses(options: Page, csv: string, summary?: RegExp, name = 'responses.csv'): Promise<void> {
  await options.getByLabel('Import survey responses (CSV)').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  const shown = options.getByTestId('import-summary');
  await (summary ? shown.filter({ hasText: summary }) : shown).waitFor();
}
