import { browser, type Browser } from 'wxt/browser';
import { getDb } from '@/lib/db/schema';
import { readSettings } from '@/lib/db/settings';
import { pruneDaily } from '@/lib/db/prune';
import { bookkeepingDb, scanLoops, snooze, type ScanMeasure } from './scan';
import { notificationTarget, OPEN_RECORD_BUTTON, showAlerts, SNOOZE_BUTTON } from './show-alerts';
import { createSyncRunner } from './sync-runner';
import { createHttpAdapter } from '@/lib/sync/http-adapter';
import { openLoopRecord } from './open-record';
import { createRouter } from './router';
import type { WorkerDeps, WorkerServices } from './services';
import { alertHandlers } from './handlers/alerts';
import { importHandlers } from './handlers/imports';
import { loopHandlers } from './handlers/loops';
import { recordLoopHandlers } from './handlers/record-loops';
import { peopleHandlers } from './handlers/people';
import { settingsHandlers } from './handlers/settings';
import { syncHandlers } from './handlers/sync';
import { createHubSpotRuntime, teamHandlers } from './handlers/team';
import { salesforceHandlers } from './handlers/salesforce';
import { createSalesforceRuntime } from '@/lib/sync/salesforce/runtime';
import { sessionAuth } from './salesforce-session';

export type { WorkerDeps } from './services';

export const SCAN_ALARM = 'sla-scan';
export const NEXT_STAGE_ALARM = 'sla-next-stage';
const SCAN_PERIOD_MINUTES = 1;
/**
 * The last scan per trigger (`start`, `alarm`, …), for `npm run bench` (worker cold start → alarm
 * handled) and for support: start-up and alarm scans race on a cold start, so each keeps its own.
 */
export const lastScanKey = (trigger: string) => `scan/last/${trigger.split(' ')[0]}`;

export const defaultWorkerDeps: WorkerDeps = {
  db: getDb,
  now: () => Date.now(),
  newId: () => crypto.randomUUID(),
  log: (message) => console.warn(`[loopside] ${message}`),
};

/**
 * The background's behaviour, with listeners meant to be registered synchronously at the top of
 * the worker. Deadlines live in Dexie, never in memory, so a worker that was stopped and woken
 * by an alarm or a message picks up exactly where the store says it is.
 */
export function createWorker(deps: WorkerDeps = defaultWorkerDeps) {
  // ms from the worker's start to here: the script's own evaluation, recorded with each scan.
  const scriptMs = Math.round(performance.now());
  const self = { id: browser.runtime.id, origin: browser.runtime.getURL('/') };
  const crmFetch: typeof fetch = (...a) => fetch(...a);
  const hubspot = createHubSpotRuntime({ ...deps, fetch: crmFetch });
  const salesforce = createSalesforceRuntime({
    db: deps.db,
    now: deps.now,
    fetch: crmFetch,
    log: deps.log,
    authFor: (origin) => sessionAuth({ db: deps.db, origin, fetch: crmFetch, log: deps.log }),
  });
  const sync = createSyncRunner({
    db: deps.db,
    now: deps.now,
    random: Math.random,
    fetch: (...a) => fetch(...a),
    log: deps.log,
    onPulled: () => scanSoon('pull'),
    // The local relay, or the CRM's own adapter: HubSpot's or Salesforce's (each answers null for the other's targets).
    adapterFor: (target, budget) =>
      target.kind === 'http'
        ? createHttpAdapter({ baseUrl: target.url, fetch: crmFetch, now: deps.now, budget })
        : target.kind === 'hubspot'
          ? hubspot.adapterFor(target, budget)
          : salesforce.adapterFor(target, budget),
    teamSourceFor: (target, budget) =>
      target.kind === 'hubspot' ? hubspot.teamSourceFor(target, budget) : salesforce.teamSourceFor(target, budget),
    pullPlannerFor: (target) => hubspot.pullPlannerFor(target),
  });

  async function ensureAlarms(): Promise<void> {
    const existing = await browser.alarms.get(SCAN_ALARM);
    if (!existing) await browser.alarms.create(SCAN_ALARM, { periodInMinutes: SCAN_PERIOD_MINUTES });
  }

  // What this worker last told the browser: a tick that changes neither makes no call (each is a
  // round trip to the browser). A new worker starts knowing nothing, so its first scan sets both.
  let badgeShown: string | undefined;
  let nextAlarmFor: number | null | undefined;
  /** The scan running now (its clock), so an alarm it already covers waits for it instead of scanning again. */
  let running: { now: number; done: Promise<ScanDone> } | null = null;
  interface ScanDone {
    /** ms from the worker's start to the scan's start */
    startedMs: number;
    /** ms from the scan's start to the end of each step */
    stepsMs: { scanned: number; shown: number; badge: number; alarm: number; pruned: number };
    finishedAt: number;
    shown: number;
    measure: ScanMeasure;
  }

  /**
   * One SLA scan: decide and record the alerts due for me, show them (a summary past the budget),
   * refresh the badge, and set a one-shot alarm for the next moment something falls due.
   */
  async function scan(now = deps.now(), trigger = 'message'): Promise<void> {
    const startedAt = Date.now();
    const done = scanAndShow(now);
    const mine = { now, done };
    running = mine;
    try {
      await record(trigger, startedAt, await done);
    } finally {
      if (running === mine) running = null;
    }
  }

  async function scanAndShow(now: number): Promise<ScanDone> {
    const startedMs = performance.now();
    const db = deps.db();
    const measure: ScanMeasure = { folded: 0, phases: { readMs: 0, foldMs: 0, writeMs: 0, countMs: 0 } };
    const step = () => Math.round(performance.now() - startedMs);
    const result = await scanLoops(db, now, { measure });
    const scanned = step();
    await showAlerts(result.toShow, result.summary, now);
    const shown = step();
    const badge = result.attentionCount > 0 ? String(result.attentionCount) : '';
    if (badge !== badgeShown) {
      await Promise.all([browser.action.setBadgeText({ text: badge }), browser.action.setBadgeBackgroundColor({ color: '#B3261E' })]);
      badgeShown = badge;
    }
    const badged = step();
    if (result.nextWakeAt !== undefined) {
      // Measured as a delay from the engine's "now", so a pinned test clock never yields an alarm in the past.
      const when = Date.now() + Math.max(1000, result.nextWakeAt - now);
      // The same moment again (within a second) is the alarm already set.
      if (nextAlarmFor == null || Math.abs(nextAlarmFor - result.nextWakeAt) > 1000 || when < Date.now() + 1000) {
        await browser.alarms.create(NEXT_STAGE_ALARM, { when });
        nextAlarmFor = result.nextWakeAt;
      }
    } else if (nextAlarmFor !== null) {
      await browser.alarms.clear(NEXT_STAGE_ALARM);
      nextAlarmFor = null;
    }
    const alarmed = step();
    // Bookkeeping the store no longer needs (alerts of touched loops, old links, long-closed loops), once a day.
    await pruneDaily(db, now).catch((e) => deps.log(`pruning the store failed: ${String(e)}`));
    const stepsMs = { scanned, shown, badge: badged, alarm: alarmed, pruned: step() };
    return { startedMs: Math.round(startedMs), stepsMs, finishedAt: Date.now(), shown: result.toShow.length, measure };
  }

  /** The scan's record, for `npm run bench` and support (its own bookkeeping: no flush to wait for). */
  async function record(trigger: string, startedAt: number, done: ScanDone): Promise<void> {
    await bookkeepingDb(deps.db()).kv.put({
      key: lastScanKey(trigger),
      value: {
        trigger,
        startedAt,
        finishedAt: done.finishedAt,
        workerStartedAt: Math.round(performance.timeOrigin),
        scriptMs,
        scanStartedMs: done.startedMs,
        stepsMs: done.stepsMs,
        shown: done.shown,
        ...done.measure,
      },
    });
  }

  const scanSoon = (why: string) => void scan(deps.now(), why).catch((e) => deps.log(`scan after ${why} failed: ${String(e)}`));

  // "Sync now" also opens Salesforce's poll gate: a person asking is worth the request.
  const services: WorkerServices = {
    deps,
    scan,
    scanSoon,
    sync: {
      ...sync,
      syncNow: () => {
        salesforce.forcePoll();
        return sync.syncNow();
      },
    },
  };
  /** `runtime.onMessage`: one handler per request type, grouped by concern in ./handlers. */
  const onMessage = createRouter(
    {
      ...loopHandlers(services),
      ...importHandlers(services),
      ...settingsHandlers(services),
      ...peopleHandlers(services),
      ...syncHandlers(services),
      ...alertHandlers(services),
      ...teamHandlers(services, { fetch: crmFetch }),
      ...recordLoopHandlers(services),
      ...salesforceHandlers(services, salesforce),
    },
    self,
    deps.log,
  );

  function onAlarm(alarm: { name: string; scheduledTime?: number }): void {
    if (sync.onAlarm(alarm.name)) return;
    if (alarm.name !== SCAN_ALARM && alarm.name !== NEXT_STAGE_ALARM) return;
    // A one-shot alarm that fired is gone: the next scan sets one again even for the same moment.
    if (alarm.name === NEXT_STAGE_ALARM) nextAlarmFor = undefined;
    const trigger = `alarm ${alarm.name}`;
    // The alarm that woke the worker finds its start-up scan running, on a clock already past the
    // alarm's time: that scan shows what the alarm is for, so the alarm waits for it.
    const covering = running;
    if (covering && alarm.scheduledTime !== undefined && covering.now >= alarm.scheduledTime) {
      const startedAt = Date.now();
      void covering.done.then((done) => record(trigger, startedAt, done)).catch(() => scanSoon(trigger));
      return;
    }
    scanSoon(trigger);
  }

  /** The queue in a tab, on the loops a summary counted: a lead's team, or my own. */
  async function openQueue(): Promise<void> {
    const settings = await readSettings(deps.db());
    const filter = settings.myEmail !== '' && settings.role !== 'rep' ? 'team' : 'mine';
    await browser.tabs.create({ url: browser.runtime.getURL(`/popup.html#${filter}`) });
  }

  /** A click on the notification itself: the record for an alert, the queue for the summary. */
  function onNotificationClicked(notificationId: string): void {
    const target = notificationTarget(notificationId);
    if (!target) return;
    const open = target.kind === 'summary' ? openQueue() : openLoopRecord(deps.db(), target.loopId);
    void open.then(() => browser.notifications.clear(notificationId)).catch((e) => deps.log(`notification click failed: ${String(e)}`));
  }

  /** "Open record" or "Snooze 1 h": a snooze brings the reminder back later; the SLA due time stays. */
  function onNotificationButtonClicked(notificationId: string, buttonIndex: number): void {
    const target = notificationTarget(notificationId);
    if (target?.kind !== 'alert') return;
    const work =
      buttonIndex === OPEN_RECORD_BUTTON
        ? openLoopRecord(deps.db(), target.loopId).then(() => undefined)
        : buttonIndex === SNOOZE_BUTTON
          ? snooze(deps.db(), target.key, deps.now()).then(() => scan(deps.now(), 'snooze'))
          : Promise.resolve();
    void work.then(() => browser.notifications.clear(notificationId)).catch((e) => deps.log(`notification button failed: ${String(e)}`));
  }

  /** Startup, install, update and every wake: alarms back in place, then one scan. */
  async function reconcile(): Promise<void> {
    // The scan first: on a cold start it is what the waking alarm waits for; the alarms and sync
    // set-up go on beside it.
    const scanned = scan(deps.now(), 'start');
    await Promise.all([ensureAlarms().then(() => sync.reconcile()), scanned]);
  }

  return { onMessage, onAlarm, onNotificationClicked, onNotificationButtonClicked, reconcile, scan };
}

export type LoopsideWorker = ReturnType<typeof createWorker>;
export type { Browser };
