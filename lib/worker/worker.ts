import { browser, type Browser } from 'wxt/browser';
import { getDb } from '@/lib/db/schema';
import { readSettings } from '@/lib/db/settings';
import { pruneDaily } from '@/lib/db/prune';
import { scanLoops, snooze, type ScanMeasure } from './scan';
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

  /**
   * One SLA scan: decide and record the alerts due for me, show them (a summary past the budget),
   * refresh the badge, and set a one-shot alarm for the next moment something falls due.
   */
  async function scan(now = deps.now(), trigger = 'message'): Promise<void> {
    const startedAt = Date.now();
    const db = deps.db();
    const measure: ScanMeasure = { folded: 0, phases: { readMs: 0, foldMs: 0, writeMs: 0, countMs: 0 } };
    const result = await scanLoops(db, now, { measure });
    await showAlerts(result.toShow, result.summary, now);
    await browser.action.setBadgeText({ text: result.attentionCount > 0 ? String(result.attentionCount) : '' });
    await browser.action.setBadgeBackgroundColor({ color: '#B3261E' });
    if (result.nextWakeAt !== undefined) {
      // Measured as a delay from the engine's "now", so a pinned test clock never yields an alarm in the past.
      await browser.alarms.create(NEXT_STAGE_ALARM, { when: Date.now() + Math.max(1000, result.nextWakeAt - now) });
    } else {
      await browser.alarms.clear(NEXT_STAGE_ALARM);
    }
    // Bookkeeping the store no longer needs (alerts of touched loops, old links, long-closed loops), once a day.
    await pruneDaily(db, now).catch((e) => deps.log(`pruning the store failed: ${String(e)}`));
    await db.kv.put({
      key: lastScanKey(trigger),
      value: {
        trigger,
        startedAt,
        finishedAt: Date.now(),
        workerStartedAt: Math.round(performance.timeOrigin),
        shown: result.toShow.length,
        ...measure,
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

  function onAlarm(alarm: { name: string }): void {
    if (sync.onAlarm(alarm.name)) return;
    if (alarm.name === SCAN_ALARM || alarm.name === NEXT_STAGE_ALARM) scanSoon(`alarm ${alarm.name}`);
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
    await ensureAlarms();
    await sync.reconcile();
    await scan(deps.now(), 'start');
  }

  return { onMessage, onAlarm, onNotificationClicked, onNotificationButtonClicked, reconcile, scan };
}

export type LoopsideWorker = ReturnType<typeof createWorker>;
export type { Browser };
