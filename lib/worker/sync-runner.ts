import { backfillOpenLoops } from '@/lib/sync/backfill';
import { browser } from 'wxt/browser';
import { foldLoop } from '@/lib/loop';
import type { LoopsideDb } from '@/lib/db/schema';
import { loopEvents } from '@/lib/db/loops';
import { readSettings } from '@/lib/db/settings';
import { readClockContext } from '@/lib/db/engine-context';
import type { SyncTarget } from '@/lib/settings/schema';
import { createHttpAdapter } from '@/lib/sync/http-adapter';
import { flushOutbox, flushProjections } from '@/lib/sync/outbox';
import { pullEvents } from '@/lib/sync/pull';
import { retryDeadLetters } from '@/lib/sync/dead-letters';
import { asSyncError, type SyncError } from '@/lib/sync/errors';
import { clearPause, pauseSync, readPause, targetKey } from '@/lib/sync/pause';
import {
  createRateBudget,
  HTTP_BUDGET,
  HUBSPOT_BUDGET,
  SALESFORCE_BUDGET,
  type BudgetConfig,
  type RateBudget,
} from '@/lib/sync/rate-budget';
import type { SyncAdapter } from '@/lib/sync/adapter';
import type { TeamSource } from '@/lib/sync/team-source';
import { pollTeam } from './team-poll';

export const SYNC_RETRY_ALARM = 'sync-retry';
export const SYNC_PULL_ALARM = 'sync-pull';
const PULL_PERIOD_MINUTES = 1;
/** an alarm this close to the planned slot is left alone (browsers fire alarms a little late) */
const PLAN_TOLERANCE_MS = 2_000;
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
  /** the adapter for a target; tests and the next issue's CRM adapters plug in here. Default: http only. */
  adapterFor?: (target: SyncTarget, budget: RateBudget) => SyncAdapter | null;
  /**
   * A CRM target's people and survey responses (HubSpot owners and feedback submissions, Salesforce
   * Users and the org's survey object), polled with the event pull under the same rate budget.
   * Null for targets that are only an event log (http).
   */
  teamSourceFor?: (target: SyncTarget, budget: RateBudget) => TeamSource | null;
  /**
   * When a target's pulls are due, for CRMs whose limits a whole team shares (HubSpot's search: 5 a
   * second per account). Null or absent: a pull every minute.
   */
  pullPlannerFor?: (target: SyncTarget) => PullPlanner | null;
}

/** A target's pull schedule, worked out by its CRM's runtime from the team's size and the answers' limits. */
export interface PullPlanner {
  /** the pull alarm: its next time and its period */
  plan(): Promise<{ nextAt: number; periodMs: number }>;
  /** a pull tick starts: what it costs is measured from here */
  started(): void;
  /** the tick ended: its cost and the limits it saw feed the next plan */
  finished(): Promise<void>;
}

const realTimer = (fn: () => void, ms: number) => {
  const handle = setTimeout(fn, ms);
  return () => clearTimeout(handle);
};

export interface SyncNowResult {
  pushed: number;
  /** loop projections (CRM tasks) created or updated */
  upserted: number;
  pulled: number;
  deadLettered: number;
  pending: number;
  /** the target refused our credentials: sync waits for a reconnect */
  paused: boolean;
}

/**
 * Drives the outbox, the projection outbox and the pull cursor from the worker. Every entry point is
 * safe to call at any time and any number of times (single-flight); all state lives in Dexie and in
 * alarms, except the rate budget, which a restarted worker begins full.
 */
export interface SyncRunner {
  /** a user event or an import was just queued: push soon */
  kick(): void;
  /** returns true when the alarm was the runner's */
  onAlarm(name: string): boolean;
  /** worker start, install, update, settings saved: alarms back in place for what the outbox and settings say */
  reconcile(): Promise<void>;
  /** put one dead letter ('*': all) back in the outbox and push */
  retryDeadLetter(eventId: string): Promise<number>;
  /** push and pull now; a user asking for it also ends an auth pause (this is "reconnect") */
  syncNow(): Promise<SyncNowResult>;
}

interface FlushTotals {
  pushed: number;
  upserted: number;
  deadLettered: number;
  paused: boolean;
}

interface ActiveTarget {
  key: string;
  team: TeamSource | null;
  /** where the pull cursor is stored: the bare URL for http, as before targets had kinds */
  cursorKey: string;
  adapter: SyncAdapter;
  planner: PullPlanner | null;
}

const BUDGETS: Record<Exclude<SyncTarget['kind'], 'none'>, BudgetConfig> = {
  http: HTTP_BUDGET,
  hubspot: HUBSPOT_BUDGET,
  salesforce: SALESFORCE_BUDGET,
};

const defaultAdapterFor =
  (deps: SyncRunnerDeps) =>
  (target: SyncTarget, budget: RateBudget): SyncAdapter | null =>
    target.kind === 'http' ? createHttpAdapter({ baseUrl: target.url, fetch: deps.fetch, now: deps.now, budget }) : null;

export function createSyncRunner(deps: SyncRunnerDeps): SyncRunner {
  let flushing: Promise<FlushTotals> | null = null;
  let flushAgain = false;
  let pulling: Promise<number> | null = null;
  const setTimer = deps.setTimer ?? realTimer;
  const adapterFor = deps.adapterFor ?? defaultAdapterFor(deps);
  let cancelTimer = () => {};
  /** one budget per target, shared by every push, upsert and pull to it */
  const budgets = new Map<string, RateBudget>();
  const warned = new Set<string>();

  /**
   * The configured target, or null when nothing may touch the network: local mode, or a CRM whose
   * adapter this version does not have yet (its events wait in the outbox).
   */
  async function target(): Promise<ActiveTarget | null> {
    const { sync } = await readSettings(deps.db());
    if (sync.kind === 'none') return null;
    const key = targetKey(sync);
    let budget = budgets.get(key);
    if (!budget) budgets.set(key, (budget = createRateBudget(BUDGETS[sync.kind], deps.now)));
    const adapter = adapterFor(sync, budget);
    if (!adapter) {
      if (!warned.has(key)) deps.log(`no sync adapter for ${sync.kind} yet: events wait in the outbox`);
      warned.add(key);
      return null;
    }
    return {
      key,
      cursorKey: sync.kind === 'http' ? sync.url : key,
      adapter,
      team: deps.teamSourceFor?.(sync, budget) ?? null,
      planner: deps.pullPlannerFor?.(sync) ?? null,
    };
  }

  /**
   * The pull alarm is periodic (so a stopped worker is woken for it). With a planner it starts at
   * this member's slot and repeats at the team's interval; `replan` checks an existing alarm against
   * the current plan (worker start, after each pull) and moves it when the plan changed.
   */
  async function setPullAlarm(on: boolean, t?: ActiveTarget | null, replan = false): Promise<void> {
    const existing = await browser.alarms.get(SYNC_PULL_ALARM);
    if (!on) {
      if (existing) await browser.alarms.clear(SYNC_PULL_ALARM);
      return;
    }
    if (!t?.planner) {
      if (!existing) await browser.alarms.create(SYNC_PULL_ALARM, { periodInMinutes: PULL_PERIOD_MINUTES });
      return;
    }
    if (existing && !replan) return;
    const { nextAt, periodMs } = await t.planner.plan();
    const periodInMinutes = periodMs / 60_000;
    const drift = existing
      ? Math.abs(((((existing.scheduledTime - nextAt) % periodMs) + periodMs + periodMs / 2) % periodMs) - periodMs / 2)
      : 0;
    if (existing && existing.periodInMinutes === periodInMinutes && drift < PLAN_TOLERANCE_MS) return;
    await browser.alarms.create(SYNC_PULL_ALARM, { when: nextAt, periodInMinutes });
  }

  /** The one-shot retry alarm follows the earliest due row of either outbox; empty outboxes have none. */
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

  async function earliestDue(db: LoopsideDb): Promise<number | undefined> {
    const [a, b] = await Promise.all([db.outbox.orderBy('nextAttemptAt').first(), db.projectionOutbox.orderBy('nextAttemptAt').first()]);
    const times = [a?.nextAttemptAt, b?.nextAttemptAt].filter((t) => t !== undefined);
    return times.length === 0 ? undefined : Math.min(...times);
  }

  /** 401/403: stop everything for this target until the user reconnects. */
  async function pause(t: ActiveTarget, error: SyncError): Promise<void> {
    await pauseSync(deps.db(), { reason: 'auth', target: t.key, message: error.message, at: deps.now() });
    await clearAll();
  }

  async function loadLoop(loopId: string) {
    const db = deps.db();
    const events = await loopEvents(db, loopId);
    if (!events.some((e) => e.type === 'received')) return undefined;
    const { policy, calendar, calendarOf } = await readClockContext(db);
    return foldLoop(events, { policy, calendar, calendarOf, now: deps.now() });
  }

  async function runFlush(): Promise<FlushTotals> {
    const totals: FlushTotals = { pushed: 0, upserted: 0, deadLettered: 0, paused: false };
    const t = await target();
    if (!t) {
      await clearAll();
      return totals;
    }
    if (await readPause(deps.db(), t.key)) {
      totals.paused = true;
      await clearAll();
      return totals;
    }
    await setPullAlarm(true, t);
    const opts = { now: deps.now, random: deps.random, log: deps.log };
    for (let passes = 1; ; passes++) {
      flushAgain = false;
      const db = deps.db();
      const events = await flushOutbox(db, t.adapter, opts);
      totals.pushed += events.pushed;
      totals.deadLettered += events.deadLettered;
      const loops = events.authError ? undefined : await flushProjections(db, t.adapter, { ...opts, loadLoop });
      totals.upserted += loops?.upserted ?? 0;
      const authError = events.authError ?? loops?.authError;
      if (authError) {
        totals.paused = true;
        await pause(t, authError);
        break;
      }
      const deferred = events.deferred || loops!.deferred;
      const nextDueAt = await earliestDue(db);
      const moreDue = nextDueAt !== undefined && nextDueAt <= deps.now() && !deferred;
      const spent = passes >= MAX_PASSES;
      if ((flushAgain || moreDue) && !spent) continue;
      await scheduleRetry(nextDueAt);
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
    if (await readPause(db, t.key)) return 0;
    t.planner?.started();
    try {
      return await pullAndPoll(t, db);
    } finally {
      if (t.planner) {
        await t.planner.finished();
        // The tick's cost and the limits it saw may move this member's slot: reconcile the alarm (unless paused).
        if (!(await readPause(db, t.key))) await setPullAlarm(true, t, true);
      }
    }
  }

  async function pullAndPoll(t: ActiveTarget, db: LoopsideDb): Promise<number> {
    let result;
    try {
      result = await pullEvents(db, t.adapter, {
        url: t.cursorKey,
        log: deps.log,
        context: async () => {
          const { policy, calendar, calendarOf } = await readClockContext(db);
          return { policy, calendar, calendarOf, now: deps.now() };
        },
      });
    } catch (e) {
      const error = asSyncError(e);
      if (error.kind === 'rate_limited') {
        // Over the target's budget (a push just got a 429, or we spent it): the next pull tick tries again.
        deps.log(`sync pull waits for the rate budget: ${error.message}`);
        return 0;
      }
      if (error.kind !== 'auth') throw error;
      deps.log(`sync paused: the target refused our credentials (${error.message})`);
      await pause(t, error);
      return 0;
    }
    let created = 0;
    if (t.team) {
      try {
        const polled = await pollTeam(db, t.team, { targetKey: t.key, now: deps.now, log: deps.log });
        created = polled.loopsCreated;
        // New loops' events and tasks wait in the outbox: send them with this tick.
        if (created > 0) kick();
      } catch (e) {
        const error = asSyncError(e);
        if (error.kind === 'auth') {
          deps.log(`sync paused: the CRM refused our credentials (${error.message})`);
          await pause(t, error);
        } else deps.log(`team poll waits: ${error.message}`);
      }
    }
    if (result.added + created > 0) deps.onPulled?.(result.added + created);
    return result.added + created;
  }

  function pull(): Promise<number> {
    pulling ??= runPull().finally(() => {
      pulling = null;
    });
    return pulling;
  }

  async function pausedNow(): Promise<boolean> {
    const { sync } = await readSettings(deps.db());
    return sync.kind !== 'none' && (await readPause(deps.db(), targetKey(sync))) !== undefined;
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
      const t = await target();
      if (!t || (await readPause(deps.db(), t.key))) {
        await clearAll();
        return;
      }
      await setPullAlarm(true, t, true);
      // Open loops from before team mode was turned on are queued once per target.
      const backfilled = await backfillOpenLoops(deps.db(), t.key, deps.now());
      if (backfilled > 0) deps.log(`queued ${backfilled} open loops from local mode for ${t.key.split(':')[0]}`);
      const first = await earliestDue(deps.db());
      // Something due now is pushed now (a worker stopped mid-push left its row behind); the rest waits for its alarm.
      if (first !== undefined && first <= deps.now()) kick();
      else await scheduleRetry(first);
    },

    async retryDeadLetter(eventId) {
      const retried = await retryDeadLetters(deps.db(), eventId, deps.now());
      if (retried > 0) kick();
      return retried;
    },

    async syncNow() {
      // The user asked: whatever paused us may be fixed (a new token, a granted permission). Try again.
      await clearPause(deps.db());
      const { pushed, upserted, deadLettered } = await flush();
      const pulled = (await pausedNow()) ? 0 : await pull();
      const db = deps.db();
      return { pushed, upserted, pulled, deadLettered, pending: await db.outbox.count(), paused: await pausedNow() };
    },
  };
}
