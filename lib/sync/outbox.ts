import type { LoopsideDb, OutboxRow, ProjectionOutboxRow } from '@/lib/db/schema';
import type { LoopState } from '@/lib/loop';
import type { SyncAdapter } from './adapter';
import { DEFAULT_BACKOFF, retryDelay, type BackoffPolicy } from './backoff';
import { asSyncError, type SyncError } from './errors';
import { toProjection } from './projection';

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
  /** the target refused our credentials: the pass stopped with every row as it was */
  authError: SyncError | undefined;
  /** rows left in the outbox */
  pending: number;
  /** the earliest nextAttemptAt left (may be ≤ now when more is due); undefined when the outbox is empty */
  nextDueAt: number | undefined;
}

/**
 * Our own rate budget said "not yet" before any request went out: that is a wait, not an attempt.
 * A 429 from the target carries its status and counts like any other try.
 */
const wasTried = (error: SyncError) => !(error.kind === 'rate_limited' && error.status === undefined);

/**
 * One pass over the due outbox rows, oldest first, in batches of the adapter's size. A row leaves
 * the outbox only when the target acknowledged its event (stored, or already stored), or (a refusal
 * for good) in the same transaction that writes its dead letter, so an event is never in neither
 * place. Each event's outcome is handled on its own: one refused event is dead-lettered alone and
 * the rest of its batch is acknowledged. A worker stopped anywhere in here leaves the rows as they
 * were, and the next pass pushes them again under the same idempotency keys.
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
  let authError: SyncError | undefined;
  const batchSize = Math.max(1, adapter.maxBatch);

  for (let start = 0; start < due.length && !deferred && !authError; start += batchSize) {
    const rows = due.slice(start, start + batchSize);
    const found = await db.events.bulkGet(rows.map((r) => r.eventId));
    const missing = rows.filter((_, i) => found[i] === undefined);
    if (missing.length > 0) {
      // Events are append-only, so these are rows written by hand or by a bug: nothing to send.
      for (const row of missing) opts.log(`outbox row ${row.eventId} has no event; dropped`);
      await db.outbox.bulkDelete(missing.map((r) => r.eventId));
    }
    const events = found.filter((e) => e !== undefined);
    const live = rows.filter((_, i) => found[i] !== undefined);
    if (events.length === 0) continue;

    let outcomes;
    try {
      outcomes = await adapter.pushEvents(events);
    } catch (e) {
      // Nothing in the batch could be tried: the error is the first row's, as if it alone had failed.
      outcomes = [{ eventId: live[0]!.eventId, result: { error: asSyncError(e) } }];
    }
    const byId = new Map(live.map((r) => [r.eventId, r]));
    const acknowledged: string[] = [];
    let hold: { error: SyncError; row: OutboxRow } | undefined;
    for (const { eventId, result } of outcomes) {
      const row = byId.get(eventId);
      if (!row) continue; // an outcome for an event we did not send: ignore it
      byId.delete(eventId);
      if (result === 'stored' || result === 'already_stored') {
        acknowledged.push(eventId);
        continue;
      }
      const error = result.error;
      if (error.kind === 'refused') {
        const attempts = row.attempts + 1;
        await deadLetter(db, row, attempts, error.message, error.status, opts.now());
        opts.log(`dead-lettered ${row.eventId} after ${attempts} attempt(s): ${error.message}`);
        deadLettered++;
      } else if (error.kind === 'auth') {
        authError ??= error;
      } else {
        hold ??= { error, row };
      }
    }
    if (acknowledged.length > 0) {
      await db.outbox.bulkDelete(acknowledged);
      pushed += acknowledged.length;
    }
    if (authError) {
      opts.log(`sync paused: the target refused our credentials (${authError.message})`);
      break;
    }
    if (hold) {
      // The target is unwell (down, overloaded, asking us to wait), not this one event: the rest of
      // the pass, tried or not, waits behind it instead of hammering the target.
      const { error, row } = hold;
      const attempts = wasTried(error) ? row.attempts + 1 : row.attempts;
      const holdUntil = opts.now() + retryDelay(row.attempts, error.retryAfterMs, opts.random, backoff);
      const waiting = [...byId.keys(), ...due.slice(start + batchSize).map((r) => r.eventId)].filter((id) => id !== row.eventId);
      await defer(db.outbox, row.eventId, { attempts, error: error.message, holdUntil }, waiting);
      opts.log(`push of ${row.eventId} failed (attempt ${attempts}), next try in ${holdUntil - opts.now()} ms: ${error.message}`);
      deferred = true;
    }
  }

  const pending = await db.outbox.count();
  const first = await db.outbox.orderBy('nextAttemptAt').first();
  return { pushed, deadLettered, deferred, authError, pending, nextDueAt: first?.nextAttemptAt };
}

async function deadLetter(db: LoopsideDb, row: OutboxRow, attempts: number, error: string, status: number | undefined, at: number) {
  await db.transaction('rw', db.outbox, db.deadLetters, async () => {
    await db.outbox.delete(row.eventId);
    await db.deadLetters.put({
      eventId: row.eventId,
      loopId: row.loopId,
      at,
      attempts,
      error,
      ...(status === undefined ? {} : { status }),
    });
  });
}

/** The tried row records its attempt and error; every other waiting row is held at least as long. */
async function defer(
  table: LoopsideDb['outbox'] | LoopsideDb['projectionOutbox'],
  key: string,
  tried: { attempts: number; error: string; holdUntil: number },
  waiting: string[],
) {
  await table.db.transaction('rw', table, async () => {
    await table.update(key, { attempts: tried.attempts, nextAttemptAt: tried.holdUntil, lastError: tried.error });
    await table
      .where(':id')
      .anyOf(waiting)
      .and((r) => r.nextAttemptAt < tried.holdUntil)
      .modify({ nextAttemptAt: tried.holdUntil });
  });
}

export interface ProjectionFlushOptions extends FlushOptions {
  /** the loop folded now, or undefined when it has no `received` event here */
  loadLoop: (loopId: string) => Promise<LoopState | undefined>;
}

export interface ProjectionFlushResult {
  upserted: number;
  /** upserts the target refused for good: logged and dropped (the loop's next change queues it again) */
  refused: number;
  deferred: boolean;
  authError: SyncError | undefined;
  pending: number;
  nextDueAt: number | undefined;
}

/**
 * One pass over the due projection rows: each loop is upserted as it is now, so a loop that changed
 * three times while offline is sent once. A row is deleted only if it was not re-queued meanwhile
 * (its queuedAt is unchanged), so a change made during the upsert is never lost.
 */
export async function flushProjections(db: LoopsideDb, adapter: SyncAdapter, opts: ProjectionFlushOptions): Promise<ProjectionFlushResult> {
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  const startedAt = opts.now();
  const due = (await db.projectionOutbox.orderBy('queuedAt').toArray())
    .filter((row) => row.nextAttemptAt <= startedAt)
    .slice(0, opts.maxPerPass ?? 200);
  let upserted = 0;
  let refused = 0;
  let deferred = false;
  let authError: SyncError | undefined;

  const settle = (row: ProjectionOutboxRow) =>
    db.transaction('rw', db.projectionOutbox, async () => {
      const now = await db.projectionOutbox.get(row.loopId);
      if (now?.queuedAt === row.queuedAt) await db.projectionOutbox.delete(row.loopId);
    });

  for (const [index, row] of due.entries()) {
    const state = await opts.loadLoop(row.loopId);
    if (!state) {
      opts.log(`projection row ${row.loopId} has no loop; dropped`);
      await settle(row);
      continue;
    }
    try {
      await adapter.upsertLoop(toProjection(state));
      await settle(row);
      upserted++;
    } catch (e) {
      const error = asSyncError(e);
      if (error.kind === 'refused') {
        opts.log(`upsert of loop ${row.loopId} refused, dropped until the loop changes again: ${error.message}`);
        await settle(row);
        refused++;
        continue;
      }
      if (error.kind === 'auth') {
        authError = error;
        opts.log(`sync paused: the target refused our credentials (${error.message})`);
        break;
      }
      const attempts = wasTried(error) ? row.attempts + 1 : row.attempts;
      const holdUntil = opts.now() + retryDelay(row.attempts, error.retryAfterMs, opts.random, backoff);
      await defer(
        db.projectionOutbox,
        row.loopId,
        { attempts, error: error.message, holdUntil },
        due.slice(index + 1).map((r) => r.loopId),
      );
      opts.log(`upsert of loop ${row.loopId} failed (attempt ${attempts}), next try in ${holdUntil - opts.now()} ms: ${error.message}`);
      deferred = true;
      break;
    }
  }

  const pending = await db.projectionOutbox.count();
  const first = await db.projectionOutbox.orderBy('nextAttemptAt').first();
  return { upserted, refused, deferred, authError, pending, nextDueAt: first?.nextAttemptAt };
}
