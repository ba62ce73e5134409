import type { LoopsideDb } from '@/lib/db/schema';
import type { SyncRunner } from './sync-runner';

export interface WorkerDeps {
  db: () => LoopsideDb;
  now: () => number;
  newId: () => string;
  log: (message: string) => void;
}

/** What the message handlers may use of the worker: its dependencies, the SLA scan and the sync runner. */
export interface WorkerServices {
  deps: WorkerDeps;
  /** one scan now, awaited */
  scan(now?: number, trigger?: string): Promise<void>;
  /** a scan soon, not awaited: after a write that may start or end an alert */
  scanSoon(why: string): void;
  sync: SyncRunner;
}
