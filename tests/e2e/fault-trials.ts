import type { Frame, Page } from 'playwright-core';
import { askExtension, launchWithExtension, openOptions, sidebarFrame, type Launched } from './harness';
import { mixedCsv } from './fixtures';
import { workerControl, type WorkerControl } from './worker-control';
import { startFakeCrm, type FakeCrm } from '../fake-crm/server';
import { seeded } from '../sync/seeded';

/**
 * Fault injection for "nothing a rep logs is lost, nothing is recorded twice": log an outcome in
 * the sidebar, stop the worker (CDP) at a seeded moment before the fake CRM acknowledges it, let
 * everything recover on its own (the sidebar retries, a woken worker drains its outbox), then
 * count the copies of that outcome in Dexie and at the CRM. Shared by faults.e2e.ts and npm run soak.
 */

export const MARIA_RECORD = 'https://app.hubspot.com/contacts/24681357/record/0-1/51';
/** the latest moment after the click at which a "delay" trial stops the worker */
const MAX_STOP_DELAY_MS = 250;
/** how long one outcome may take to reach both stores before the trial counts it as lost */
const SETTLE_TIMEOUT_MS = 60_000;
/** the sidebar gets this long to wake the worker with its own retry before the test wakes it */
const WAKE_AFTER_MS = 400;

export interface Bench {
  app: Launched;
  crm: FakeCrm;
  /** an extension page kept open to message the worker and read IndexedDB without waking the worker */
  control: Page;
  workers: WorkerControl;
  close(): Promise<void>;
}

export interface RecordTab {
  page: Page;
  frame: Frame;
}

export interface TrialReport {
  trials: number;
  lost: number;
  duplicated: number;
  /** stops that found the worker running (the rest found it already stopped) */
  stopsHit: number;
  /** where the stops landed: before the outcome was in Dexie, in Dexie but not yet at the CRM, at the CRM unacknowledged */
  phases: { unstored: number; stored: number; inFlight: number };
  /** event ids the CRM received more than once: lost acknowledgements, re-pushed and deduped */
  rePushed: number;
  /** "Log outcome" clicked again after the sidebar gave up retrying */
  userRetries: number;
  /** times the test had to wake a stopped worker itself */
  wakes: number;
  durationMs: number;
}

export const reportLine = (r: Pick<TrialReport, 'lost' | 'duplicated' | 'trials'>) =>
  `lost=${r.lost} duplicated=${r.duplicated} trials=${r.trials}`;

export function reportDetail(r: TrialReport): string {
  return (
    `stops hitting a running worker=${r.stopsHit}; landed before the Dexie write=${r.phases.unstored}, ` +
    `after it but before the CRM received the push=${r.phases.stored}, with the push at the CRM unacknowledged=${r.phases.inFlight}; ` +
    `re-pushed after a lost ack=${r.rePushed} user re-clicks=${r.userRetries} test wakes=${r.wakes} ` +
    `duration=${(r.durationMs / 1000).toFixed(1)} s (${(r.durationMs / Math.max(1, r.trials)).toFixed(0)} ms/trial)`
  );
}

/** A browser with the e2e build, the fake CRM as sync target, and Maria's loop imported. */
export async function openBench(): Promise<Bench> {
  const crm = await startFakeCrm();
  const app = await launchWithExtension();
  const control = await openOptions(app.context, app.extensionId);
  await askExtension(control, { type: 'import/csv', text: mixedCsv() });
  await askExtension(control, { type: 'settings/save', settings: { timeZone: 'UTC', sync: { kind: 'http', url: crm.url } } });
  const workers = await workerControl(app.context, app.extensionId);
  return {
    app,
    crm,
    control,
    workers,
    async close() {
      await workers.close();
      await app.close();
      await crm.close();
    },
  };
}

export async function openRecordTab(bench: Bench, url = MARIA_RECORD): Promise<RecordTab> {
  const page = await bench.app.context.newPage();
  await page.goto(url);
  const frame = await sidebarFrame(page);
  await frame.getByRole('button', { name: 'Log outcome' }).waitFor({ timeout: 60_000 });
  return { page, frame };
}

/**
 * Picks "Reached" and types the note, until the form shows both: a sidebar that is still settling
 * its live query may re-render the form under the first click, as it would under a person's.
 */
async function fillOutcome(tab: RecordTab, note: string): Promise<void> {
  const radio = tab.frame.getByRole('radio', { name: 'Reached' });
  const box = tab.frame.getByRole('textbox', { name: 'Note' });
  for (let tries = 0; ; tries++) {
    await radio.click();
    await box.fill(note);
    if ((await radio.isChecked()) && (await box.inputValue()) === note) return;
    if (tries >= 20) throw new Error(`the outcome form would not take "${note}"`);
    await sleep(50);
  }
}

interface LocalState {
  /** notes of the touches stored in the extension's IndexedDB */
  notes: string[];
  outbox: number;
}

/**
 * Reads the extension's IndexedDB from the control page (same origin), not through the worker.
 * No named functions inside: tsx (esbuild keepNames) would wrap them in a helper the page lacks.
 */
async function readLocal(control: Page): Promise<LocalState> {
  return control.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('loopside');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    try {
      const tx = db.transaction(['events', 'outbox'], 'readonly');
      const events = tx.objectStore('events').getAll();
      const outbox = tx.objectStore('outbox').count();
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
      return {
        notes: (events.result as { type: string; note?: string }[]).filter((e) => e.type === 'touch_logged').map((e) => e.note ?? ''),
        outbox: outbox.result,
      };
    } finally {
      db.close();
    }
  });
}

const remoteNotes = (crm: FakeCrm) =>
  crm.events().map((e) => (typeof e === 'object' && e !== null && 'note' in e ? String((e as { note: unknown }).note) : ''));
const countOf = (notes: string[], note: string) => notes.filter((n) => n === note).length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface SettleCounters {
  userRetries: number;
  wakes: number;
}

/**
 * Waits until every note is in Dexie and at the CRM, the outbox is empty and each form has let go
 * of its note. Recovery is the product's: the test only does what a person would (click again
 * after the sidebar gives up) and wakes a worker nobody else wakes (Chromium would, on the next event).
 */
async function settle(
  bench: Bench,
  tabs: { tab: RecordTab; note: string }[],
  counters: SettleCounters,
  stoppedAt: number,
): Promise<boolean> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let lastWake = stoppedAt;
  while (Date.now() < deadline) {
    const local = await readLocal(bench.control);
    const remote = remoteNotes(bench.crm);
    let formsIdle = true;
    for (const { tab, note } of tabs) {
      const box = tab.frame.getByRole('textbox', { name: 'Note' });
      if ((await box.inputValue()) !== note) continue;
      formsIdle = false;
      const button = tab.frame.getByRole('button', { name: 'Log outcome' });
      if ((await tab.frame.locator('.outcome__status .error').count()) > 0 && (await button.isEnabled())) {
        await button.click();
        counters.userRetries++;
      }
    }
    const stored = tabs.every(({ note }) => countOf(local.notes, note) >= 1 && countOf(remote, note) >= 1);
    if (stored && local.outbox === 0 && formsIdle) return true;
    if (!bench.workers.running() && Date.now() - lastWake > WAKE_AFTER_MS) {
      lastWake = Date.now();
      counters.wakes++;
      // Any message wakes the worker; its start-up reconcile is what must drain the outbox.
      await askExtension(bench.control, { type: 'notifications/scan' }).catch(() => {});
    }
    await sleep(40);
  }
  return false;
}

/** Logs `count` outcomes on one record, each with the worker stopped at a seeded moment before the CRM's acknowledgement. */
export async function runTrials(
  bench: Bench,
  opts: { count: number; seed: number; tab?: RecordTab; onProgress?: (done: number, report: TrialReport) => void },
): Promise<TrialReport> {
  const started = Date.now();
  const random = seeded(opts.seed);
  const tab = opts.tab ?? (await openRecordTab(bench));
  const counters: SettleCounters = { userRetries: 0, wakes: 0 };
  const notes: string[] = [];
  let stopsHit = 0;
  const phases = { unstored: 0, stored: 0, inFlight: 0 };

  for (let i = 0; i < opts.count; i++) {
    const note = `trial ${i + 1} (seed ${opts.seed})`;
    notes.push(note);
    const atPush = random() < 0.3;
    // Skewed early: the click-to-push path takes tens of ms, and most of its phases sit in there.
    const delayMs = Math.floor(random() ** 3 * MAX_STOP_DELAY_MS);
    // Some pushes take a while to arrive, as over a real network: a stop may land while one is on its way.
    bench.crm.setIntakeDelay(Math.floor(random() * 40));

    let stopIssued = () => {};
    const stopGate = new Promise<void>((resolve) => (stopIssued = resolve));
    let pushed = () => {};
    let pushArrived = false;
    const pushSeen = new Promise<void>((resolve) => (pushed = resolve));
    // The CRM holds its answer to this outcome until the stop is issued: every stop lands before the acknowledgement.
    const held = new Set<string>();
    bench.crm.setLatency(({ method, eventId }) => (method === 'POST' && eventId !== null && held.has(eventId) ? stopGate : 0));
    const unlisten = bench.crm.onPush((eventId, body) => {
      if ((body as { note?: unknown }).note !== note) return;
      held.add(eventId);
      pushArrived = true;
      pushed();
    });

    await fillOutcome(tab, note);
    // The delay runs from the moment the click is sent, so a short one lands before the sidebar's message does.
    const click = tab.frame.getByRole('button', { name: 'Log outcome' }).click();
    await (atPush ? Promise.race([pushSeen, sleep(3_000)]) : sleep(delayMs));
    const reachedCrm = pushArrived;
    if (await bench.workers.stop()) stopsHit++;
    const stoppedAt = Date.now();
    if (reachedCrm) phases.inFlight++;
    else if (countOf((await readLocal(bench.control)).notes, note) > 0) phases.stored++;
    else phases.unstored++;
    stopIssued();
    unlisten();
    await click;

    const ok = await settle(bench, [{ tab, note }], counters, stoppedAt);
    bench.crm.setLatency(0);
    bench.crm.setIntakeDelay(0);
    if (!ok) console.warn(`[faults] ${note} did not settle within ${SETTLE_TIMEOUT_MS} ms`);
    opts.onProgress?.(i + 1, await tally(bench, notes, { stopsHit, phases, ...counters, started }));
  }
  return tally(bench, notes, { stopsHit, phases, ...counters, started });
}

/** Copies of each note in Dexie and at the CRM, plus event ids the CRM stored more than once. */
export async function tally(
  bench: Bench,
  notes: string[],
  extra: { stopsHit: number; phases: TrialReport['phases']; userRetries: number; wakes: number; started: number },
): Promise<TrialReport> {
  const local = await readLocal(bench.control);
  const remote = remoteNotes(bench.crm);
  let lost = 0;
  let duplicated = 0;
  for (const note of notes) {
    const here = countOf(local.notes, note);
    const there = countOf(remote, note);
    if (here === 0 || there === 0) lost++;
    else if (here > 1 || there > 1) duplicated++;
  }
  const ids = new Set(bench.crm.events().map((e) => (e as { id?: string }).id ?? ''));
  const rePushed = [...ids].filter((id) => bench.crm.received(id) > 1).length;
  return {
    trials: notes.length,
    lost,
    duplicated,
    stopsHit: extra.stopsHit,
    phases: { ...extra.phases },
    rePushed,
    userRetries: extra.userRetries,
    wakes: extra.wakes,
    durationMs: Date.now() - extra.started,
  };
}

/** Several tabs on the same record log an outcome at the same moment. */
export async function logAtOnce(
  bench: Bench,
  tabs: RecordTab[],
  tag: string,
  opts: { stopWorkerAfterMs?: number } = {},
): Promise<{ notes: string[]; settled: boolean }> {
  const notes = tabs.map((_, i) => `tab ${i + 1} (${tag})`);
  for (const [i, tab] of tabs.entries()) {
    // Chromium throttles frames of background tabs, and Playwright's actions wait on frames.
    await tab.page.bringToFront();
    await fillOutcome(tab, notes[i]!);
  }
  // Dispatched, not clicked: a Playwright click waits for its tab's next frame, which would space the five apart.
  const clicks = Promise.all(tabs.map((tab) => tab.frame.getByRole('button', { name: 'Log outcome' }).dispatchEvent('click')));
  if (opts.stopWorkerAfterMs !== undefined) {
    await sleep(opts.stopWorkerAfterMs);
    await bench.workers.stop();
  }
  await clicks;
  const settled = await settle(
    bench,
    tabs.map((tab, i) => ({ tab, note: notes[i]! })),
    { userRetries: 0, wakes: 0 },
    Date.now(),
  );
  return { notes, settled };
}

export async function localNotes(bench: Bench): Promise<string[]> {
  return (await readLocal(bench.control)).notes;
}

export { remoteNotes };
