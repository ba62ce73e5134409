import type { LoopsideDb } from '@/lib/db/schema';

export const SYNC_RETRY_ALARM = 'sync-retry';
export const SYNC_PULL_ALARM = 'sync-pull';

export interface SyncRunnerDeps {
  db: () => LoopsideDb;
  now: () => number;
  random: () => number;
  fetch: typeof fetch;
  log: (message: string) => void;
}

/**
 * Drives the outbox and the pull cursor from the worker. Every entry point is safe to call at any
 * time and any number of times (single-flight); all state lives in Dexie and in alarms.
 */
export interface SyncRunner {
  /** a user event was just queued: push soon */
  kick(): void;
  /** returns true when the alarm was the runner's */
  onAlarm(name: string): boolean;
  /** worker start, install, update: alarms back in place for what the outbox and settings say */
  reconcile(): Promise<void>;
  /** put one dead letter ('*': all) back in the outbox and push */
  retryDeadLetter(eventId: string): Promise<number>;
  /** push and pull now */
  syncNow(): Promise<{ pushed: number; pulled: number; deadLettered: number; pending: number }>;
}

export function createSyncRunner(_deps: SyncRunnerDeps): SyncRunner {
  // Filled in by the sync work (lib/sync); until then nothing is pushed and the outbox keeps every event.
  return {
    kick() {},
    onAlarm: () => false,
    reconcile: async () => {},
    retryDeadLetter: async () => 0,
    syncNow: async () => ({ pushed: 0, pulled: 0, deadLettered: 0, pending: 0 }),
  };
}
