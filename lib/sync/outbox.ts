import type { LoopsideDb, OutboxRow } from '@/lib/db/schema';
import type { SyncAdapter } from './adapter';
import { DEFAULT_BACKOFF, retryDelay, type BackoffPolicy } from './backoff';
import { asSyncError } from './errors';

export interface FlushOptions {
  now: () => number;
  random: () => number;
  log: (message: string) => void;
  backoff?: BackoffPolicy;
  /** rows pushed per pass at most; the rest stay due and the caller runs another pass */
  maxPerPass?: number;
}

export interface FlushResult {
  pushed: number;
  deadLettered: number;
  /** a retryable failure ended the pass */
  deferred: boolean;
  /** rows left in the outbox */
  pending: number;
  /** the earliest nextAttemptAt left (may be ≤ now when more is due); undefined when the outbox is empty */
  nextDueAt: number | undefined;
}

/**
 * One pass over the due outbox rows, oldest first. A row leaves the outbox only when the target
 * acknowledged its event, or (a refusal for good) in the same transaction that writes its dead
 * letter, so an event is never in neither place. A worker stopped anywhere in here leaves the row
 * as it was, and the next pass pushes it again under the same idempotency key.
 */
export async function flushOutbox(db: LoopsideDb, adapter: SyncAdapter, opts: FlushOptions): Promise<FlushResult> {
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  const startedAt = opts.now();
  const due = (await db.outbox.orderBy('queuedAt').toArray())
    .filter((row) => row.nextAttemptAt <= startedAt)
    .slice(0, opts.maxPerPass ?? 200);
  let pushed = 0;
  let deadLettered = 0;
  let deferred = false;

  for (const [index, row] of due.entries()) {
    const event = await db.events.get(row.eventId);
    if (!event) {
      // Events are append-only, so this is a row written by hand or by a bug: nothing to send.
      opts.log(`outbox row ${row.eventId} has no event; dropped`);
      await db.outbox.delete(row.eventId);
      continue;
    }
    try {
      await adapter.push(event, event.id);
      await db.outbox.delete(row.eventId);
      pushed++;
    } catch (e) {
      const error = asSyncError(e);
      const attempts = row.attempts + 1;
      if (!error.retryable) {
        await deadLetter(db, row, attempts, error.message, error.status, opts.now());
        opts.log(`dead-lettered ${row.eventId} after ${attempts} attempt(s): ${error.message}`);
        deadLettered++;
        continue;
      }
      const holdUntil = opts.now() + retryDelay(row.attempts, error.retryAfterMs, opts.random, backoff);
      await defer(db, row, attempts, error.message, holdUntil, due.slice(index + 1));
      opts.log(`push of ${row.eventId} failed (attempt ${attempts}), next try in ${holdUntil - opts.now()} ms: ${error.message}`);
      deferred = true;
      break;
    }
  }

  const pending = await db.outbox.count();
  const first = await db.outbox.orderBy('nextAttemptAt').first();
  return { pushed, deadLettered, deferred, pending, nextDueAt: first?.nextAttemptAt };
}

async function deadLetter(db: LoopsideDb, row: OutboxRow, attempts: number, error: string, status: number | undefined, at: number) {
  await db.transaction('rw', db.outbox, db.deadLetters, async () => {
    await db.outbox.delete(row.eventId);
    await db.deadLetters.put({ eventId: row.eventId, loopId: row.loopId, at, attempts, error, ...(status === undefined ? {} : { status }) });
  });
}

/**
 * A retryable failure says the target is unwell (down, overloaded, or asking us to wait), not that
 * this one event is bad: the rest of this pass waits behind it instead of hammering the target.
 * Only the row that was tried counts an attempt.
 */
async function defer(db: LoopsideDb, row: OutboxRow, attempts: number, error: string, holdUntil: number, untried: OutboxRow[]) {
  await db.transaction('rw', db.outbox, async () => {
    await db.outbox.update(row.eventId, { attempts, nextAttemptAt: holdUntil, lastError: error });
    const ids = untried.map((r) => r.eventId);
    await db.outbox
      .where('eventId')
      .anyOf(ids)
      .and((r) => r.nextAttemptAt < holdUntil)
      .modify({ nextAttemptAt: holdUntil });
  });
}
