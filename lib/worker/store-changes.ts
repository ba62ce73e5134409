import Dexie from 'dexie';

/**
 * Tables whose writes can change what a sidebar shows: the events (loops are folded from them),
 * the team directory (owner names, calendars) and the key-value table (settings, policy, revenue
 * threshold). The loop rows are left out: beyond what the events already say, only the SLA scan's
 * bookkeeping writes them, every tick.
 */
const SHOWN_TABLES = ['events', 'people', 'kv'];

/** Whether a Dexie `storagemutated` report names a table a sidebar shows (its keys are `idb://<db>/<table>/…`). */
export function touchesShownTables(parts: Record<string, unknown>, dbName: string): boolean {
  return Object.keys(parts).some((part) => SHOWN_TABLES.some((table) => part.startsWith(`idb://${dbName}/${table}/`)));
}

/**
 * Sidebar frames read through the background and hold no store of their own (no IndexedDB, no
 * Dexie in each CRM tab), so the background tells them when to read again. Every write goes
 * through the worker, so its own Dexie sees each one. A burst (an import's batches, a pull) makes
 * one broadcast once it settles (at most a second apart while it lasts). Returns the unsubscribe.
 */
export function announceStoreChanges(dbName: string, broadcast: () => Promise<unknown>, settleMs = 100, maxWaitMs = 1000): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let firstAt = 0;
  const fire = () => {
    timer = null;
    // No page listening (no CRM tab open) rejects: nothing to tell then.
    broadcast().catch(() => {});
  };
  const onChange = (parts: Record<string, unknown>) => {
    if (!touchesShownTables(parts, dbName)) return;
    const now = Date.now();
    if (timer) clearTimeout(timer);
    else firstAt = now;
    // Waits for the burst to settle, but a long one (an import) still shows its progress every second.
    timer = setTimeout(fire, Math.max(0, Math.min(settleMs, firstAt + maxWaitMs - now)));
  };
  Dexie.on('storagemutated', onChange);
  return () => {
    Dexie.on('storagemutated').unsubscribe(onChange);
    if (timer) clearTimeout(timer);
  };
}
