import { browser } from 'wxt/browser';
import type { LoopsideDb } from '@/lib/db/schema';
import { readPolicy, readSettings } from '@/lib/db/settings';
import { calendarFor } from '@/lib/db/engine-context';
import { createHttpAdapter } from '@/lib/sync/http-adapter';
import { flushOutbox } from '@/lib/sync/outbox';
import { pullEvents } from '@/lib/sync/pull';
import { retryDeadLetters } from '@/lib/sync/dead-letters';
import type { SyncAdapter } from '@/lib/sync/adapter';

export const SYNC_RETRY_ALARM = 'sync-retry';
export const SYNC_PULL_ALARM = 'sync-pull';
const PULL_PERIOD_MINUTES = 1;
/** a retry that is due "now" but made no progress waits at least this long, so a failing target is never spun on */
const MIN_RETRY_DELAY_MS = 1_000;
/** below this, a timer in the live worker fires the retry too: packed extensions clamp alarms to 30 s */
const TIMER_WINDOW_MS = 30_000;
/** passes in a row per flush, so a queue that keeps growing cannot hold the flush forever */
const MAX_PASSES = 50;

export interface SyncRunnerDeps {
  db: () => LoopsideDb;
  now: () => number;
  random: () => number;
  fetch: typeof fetch;
  log: (message: string) => void;
  /** the in-worker timer for short retries; tests pass their own so no real timer outlives them */
  setTimer?: (fn: () => void, ms: number) => () => void;
  /** teammates' events arrived: what is due, and for whom, may have changed */
  onPulled?: (added: number) => void;
}

const realTimer = (fn: () => void, ms: number) => {
  const handle = setTimeout(fn, ms);
  return () => clearTimeout(handle);
};

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

interface FlushTotals {
  pushed: number;
  deadLettered: number;
}

export function createSyncRunner(deps: SyncRunnerDeps): SyncRunner {
  let flushing: Promise<FlushTotals> | null = null;
  let flushAgain = false;
  let pulling: Promise<number> | null = null;
  const setTimer = deps.setTimer ?? realTimer;
  let cancelTimer = () => {};

  /** The configured target, or null in local mode ('' syncUrl): then nothing touches the network. */
  async function target(): Promise<{ url: string; adapter: SyncAdapter } | null> {
    const { syncUrl } = await readSettings(deps.db());
    if (!syncUrl) return null;
    return { url: syncUrl, adapter: createHttpAdapter({ baseUrl: syncUrl, fetch: deps.fetch, now: deps.now }) };
  }

  async function setPullAlarm(on: boolean): Promise<void> {
    const existing = await browser.alarms.get(SYNC_PULL_ALARM);
    if (on && !existing) await browser.alarms.create(SYNC_PULL_ALARM, { periodInMinutes: PULL_PERIOD_MINUTES });
    if (!on && existing) await browser.alarms.clear(SYNC_PULL_ALARM);
  }

  /** The one-shot retry alarm follows the earliest due row; an empty outbox has none. */
  async function scheduleRetry(nextDueAt: number | undefined): Promise<void> {
    cancelTimer();
    if (nextDueAt === undefined) {
      await browser.alarms.clear(SYNC_RETRY_ALARM);
      return;
    }
    const now = deps.now();
    const at = Math.max(nextDueAt, now + MIN_RETRY_DELAY_MS);
    await browser.alarms.create(SYNC_RETRY_ALARM, { when: at });
    if (at - now < TIMER_WINDOW_MS) cancelTimer = setTimer(kick, at - now);
  }

  async function clearAll(): Promise<void> {
    cancelTimer();
    await browser.alarms.clear(SYNC_RETRY_ALARM);
    await setPullAlarm(false);
  }

  async function runFlush(): Promise<FlushTotals> {
    const totals: FlushTotals = { pushed: 0, deadLettered: 0 };
    const t = await target();
    if (!t) {
      await clearAll();
      return totals;
    }
    await setPullAlarm(true);
    for (let passes = 1; ; passes++) {
      flushAgain = false;
      const result = await flushOutbox(deps.db(), t.adapter, { now: deps.now, random: deps.random, log: deps.log });
      totals.pushed += result.pushed;
      totals.deadLettered += result.deadLettered;
      const moreDue = result.nextDueAt !== undefined && result.nextDueAt <= deps.now() && !result.deferred;
      const spent = passes >= MAX_PASSES;
      if ((flushAgain || moreDue) && !spent) continue;
      await scheduleRetry(result.nextDueAt);
      // A kick that landed while the alarm was being set still gets its pass.
      if (!flushAgain || spent) break;
    }
    return totals;
  }

  /** Single flight: a caller arriving mid-flush joins it, and the flush runs one more pass for it. */
  function flush(): Promise<FlushTotals> {
    if (flushing) {
      flushAgain = true;
      return flushing;
    }
    flushing = runFlush().finally(() => {
      flushing = null;
    });
    return flushing;
  }

  function kick(): void {
    flush().catch((e: unknown) => deps.log(`sync flush failed: ${String(e)}`));
  }

  async function runPull(): Promise<number> {
    const t = await target();
    if (!t) return 0;
    const db = deps.db();
    const result = await pullEvents(db, t.adapter, {
      url: t.url,
      log: deps.log,
      context: async () => {
        const [policy, settings] = await Promise.all([readPolicy(db), readSettings(db)]);
        return { policy, calendar: calendarFor(policy, settings), now: deps.now() };
      },
    });
    if (result.added > 0) deps.onPulled?.(result.added);
    return result.added;
  }

  function pull(): Promise<number> {
    pulling ??= runPull().finally(() => {
      pulling = null;
    });
    return pulling;
  }

  return {
    kick,

    onAlarm(name) {
      if (name === SYNC_RETRY_ALARM) {
        kick();
        return true;
      }
      if (name === SYNC_PULL_ALARM) {
        pull().catch((e: unknown) => deps.log(`sync pull failed: ${e instanceof Error ? e.message : String(e)}`));
        // A pull tick also catches up on rows whose retry alarm was lost (e.g. cleared by hand).
        kick();
        return true;
      }
      return false;
    },

    async reconcile() {
      const { syncUrl } = await readSettings(deps.db());
      if (!syncUrl) {
        await clearAll();
        return;
      }
      await setPullAlarm(true);
      const first = await deps.db().outbox.orderBy('nextAttemptAt').first();
      // Something due now is pushed now (a worker stopped mid-push left its row behind); the rest waits for its alarm.
      if (first !== undefined && first.nextAttemptAt <= deps.now()) kick();
      else await scheduleRetry(first?.nextAttemptAt);
    },

    async retryDeadLetter(eventId) {
      const retried = await retryDeadLetters(deps.db(), eventId, deps.now());
      if (retried > 0) kick();
      return retried;
    },

    async syncNow() {
      const { pushed, deadLettered } = await flush();
      const pulled = await pull();
      return { pushed, pulled, deadLettered, pending: await deps.db().outbox.count() };
    },
  };
}
