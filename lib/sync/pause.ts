import type { LoopsideDb } from '@/lib/db/schema';
import type { SyncTarget } from '@/lib/settings/schema';

const PAUSE_KEY = 'syncPause';

/**
 * Sync stopped because the target refused our credentials (401/403): nothing is pushed or pulled
 * until the user reconnects (options → Reconnect, or saving a different target). Stored in Dexie so
 * a restarted worker stays paused and the options page can show it.
 */
export interface SyncPause {
  reason: 'auth';
  /** the target it concerns: a pause for an old target never holds a new one */
  target: string;
  message: string;
  at: number;
}

/** One string per target, e.g. `http:https://relay.example`, `hubspot:24681357`; '' in local mode. */
export function targetKey(target: SyncTarget): string {
  switch (target.kind) {
    case 'none':
      return '';
    case 'http':
      return `http:${target.url.replace(/\/+$/, '')}`;
    case 'hubspot':
      return `hubspot:${target.portalId ?? ''}`;
    case 'salesforce':
      return `salesforce:${target.instanceUrl ?? ''}`;
  }
}

/** The pause for this target, if any. */
export async function readPause(db: LoopsideDb, target: string): Promise<SyncPause | undefined> {
  const value = (await db.kv.get(PAUSE_KEY))?.value as Partial<SyncPause> | undefined;
  if (value?.reason !== 'auth' || value.target !== target) return undefined;
  return value as SyncPause;
}

export async function pauseSync(db: LoopsideDb, pause: SyncPause): Promise<void> {
  await db.kv.put({ key: PAUSE_KEY, value: pause });
}

export async function clearPause(db: LoopsideDb): Promise<void> {
  await db.kv.delete(PAUSE_KEY);
}
