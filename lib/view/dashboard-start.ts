/**
 * The dashboard's compute worker, created as the page starts: its script (Dexie, the engine, the
 * view model) then loads and opens the store while the page's own bundle (React, the charts) loads,
 * instead of after it. No React here, so the page's entry can import this first.
 */
let started: Worker | null = null;

const create = () => new Worker(new URL('./dashboard-worker.ts', import.meta.url), { type: 'module' });

export function startDashboardWorker(): void {
  started ??= create();
}

/** The worker started early, or a new one (the page mounted again): each is handed out once. */
export function takeDashboardWorker(): Worker {
  const w = started ?? create();
  started = null;
  return w;
}
