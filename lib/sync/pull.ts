import type { LoopEvent } from '@/lib/loop';
import type { LoopsideDb } from '@/lib/db/schema';
import { appendEvents, type FoldContext } from '@/lib/db/loops';
import type { SyncAdapter } from './adapter';

const CURSOR_KEY = 'syncCursor';

interface StoredCursor {
  url: string;
  cursor: string;
}

/** A cursor belongs to one target: pointing the sync at another URL starts from the beginning there. */
export async function readCursor(db: LoopsideDb, url: string): Promise<string | null> {
  const value = (await db.kv.get(CURSOR_KEY))?.value as Partial<StoredCursor> | undefined;
  return value?.url === url && typeof value.cursor === 'string' ? value.cursor : null;
}

async function writeCursor(db: LoopsideDb, url: string, cursor: string): Promise<void> {
  await db.kv.put({ key: CURSOR_KEY, value: { url, cursor } satisfies StoredCursor });
}

export interface PullOptions {
  /** the target's URL, which the cursor is stored under */
  url: string;
  context: () => Promise<FoldContext>;
  log: (message: string) => void;
  /** pages per call at most, so one call stays short; the next alarm continues */
  maxPages?: number;
}

/**
 * Brings in what others logged since the stored cursor. Merging is appendEvents' set union, so a
 * page seen twice (the worker stopped before the cursor was saved) changes nothing. Events that do
 * not validate, or that cannot be folded, are logged and skipped: one bad remote event must not stop
 * every later one from arriving. Errors of the adapter itself (network, malformed page) are thrown.
 */
export async function pullEvents(db: LoopsideDb, adapter: SyncAdapter, opts: PullOptions): Promise<{ added: number; skipped: number }> {
  let cursor = await readCursor(db, opts.url);
  let added = 0;
  let skipped = 0;
  for (let page = 0; page < (opts.maxPages ?? 20); page++) {
    const result = await adapter.pull(cursor);
    for (const r of result.rejected) opts.log(`pulled event ${r.id} is invalid, skipped: ${r.reason}`);
    skipped += result.rejected.length;
    if (result.events.length > 0) {
      const merged = await mergeEvents(db, result.events, await opts.context(), opts.log);
      added += merged.added;
      skipped += merged.skipped;
    }
    const moved = result.cursor !== cursor;
    await writeCursor(db, opts.url, result.cursor);
    if (!moved || result.events.length + result.rejected.length === 0 || result.more === false) break;
    cursor = result.cursor;
  }
  return { added, skipped };
}

async function mergeEvents(db: LoopsideDb, events: LoopEvent[], ctx: FoldContext, log: (m: string) => void) {
  try {
    return { added: (await appendEvents(db, events, ctx)).added.length, skipped: 0 };
  } catch {
    // One event spoiled the batch: take them one by one to keep all the others.
    let added = 0;
    let skipped = 0;
    for (const event of events) {
      try {
        added += (await appendEvents(db, [event], ctx)).added.length;
      } catch (e) {
        skipped++;
        log(`pulled event ${event.id} could not be merged, skipped: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return { added, skipped };
  }
}
