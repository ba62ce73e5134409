/**
 * The dashboard's compute worker, created as the page starts: its script (Dexie, the engine, the
 * view model) then loads and opens the store while the page's own bundle (React, the charts) loads,
 * instead of after it. No React here, so the page's entry can import this first.
 */
import { FILL_WORKER, type FromWorker } from './dashboard-protocol';

let started: Worker | null = null;

// One place names the worker's URL: the page, its fill worker and the background's keeper run the
// same bundle, whose name is the build the stored facts were folded by.
const create = (name = '') => new Worker(new URL('./dashboard-worker.ts', import.meta.url), { type: 'module', name });

export function startDashboardWorker(): void {
  started ??= create();
}

/** The worker started early, or a new one (the page mounted again): each is handed out once. */
export function takeDashboardWorker(): Worker {
  const w = started ?? create();
  started = null;
  return w;
}

/** A second instance that brings every stored fact up to date (`keepUp`) and ends. */
export const createFillWorker = () => create(FILL_WORKER);

/** Runs the fill worker and calls `done` once it has ended (or failed: the next check starts it again). */
export function runKeeper(done: () => void): Worker {
  const w = createFillWorker();
  w.onmessage = (e: MessageEvent<FromWorker>) => {
    if (e.data.kind === 'error') console.warn("Loopside: the dashboard's stored numbers could not be brought up to date:", e.data.message);
    if (e.data.kind === 'filled' || e.data.kind === 'error') done();
  };
  w.onerror = () => done();
  return w;
}
