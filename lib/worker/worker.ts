import { browser, type Browser } from 'wxt/browser';
import { foldLoop } from '@/lib/loop';
import { getDb, type LoopsideDb } from '@/lib/db/schema';
import { appendEvents, loopEvents } from '@/lib/db/loops';
import { eventFromAction } from './actions';
import { calendarFor } from '@/lib/db/engine-context';
import { readPolicy, readSettings, writePolicy, writeSettings } from '@/lib/db/settings';
import { policyFromChoice } from './policy-choice';
import { ALLOWED_PAGES, BackgroundRequestSchema, type BackgroundReply, type BackgroundRequest } from '@/lib/messaging/protocol';
import { classifySender, type SenderInfo } from '@/lib/messaging/sender';
import { importCsv, importDemo } from './import';
import { importDirectory, removePerson, savePerson } from './people';
import { scanLoops, snooze } from './scan';
import { notificationTarget, OPEN_RECORD_BUTTON, showAlerts, SNOOZE_BUTTON } from './show-alerts';
import { createSyncRunner } from './sync-runner';
import { openLoopRecord } from './open-record';

export const SCAN_ALARM = 'sla-scan';
export const NEXT_STAGE_ALARM = 'sla-next-stage';
const SCAN_PERIOD_MINUTES = 1;
/**
 * The last scan per trigger (`start`, `alarm`, …), for `npm run bench` (worker cold start → alarm
 * handled) and for support: start-up and alarm scans race on a cold start, so each keeps its own.
 */
export const lastScanKey = (trigger: string) => `scan/last/${trigger.split(' ')[0]}`;

export interface WorkerDeps {
  db: () => LoopsideDb;
  now: () => number;
  newId: () => string;
  log: (message: string) => void;
}

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
  const sync = createSyncRunner({
    db: deps.db,
    now: deps.now,
    random: Math.random,
    fetch: (...a) => fetch(...a),
    log: deps.log,
    onPulled: () => scanSoon('pull'),
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
    const result = await scanLoops(db, now);
    await showAlerts(result.toShow, result.summary, now);
    await browser.action.setBadgeText({ text: result.attentionCount > 0 ? String(result.attentionCount) : '' });
    await browser.action.setBadgeBackgroundColor({ color: '#B3261E' });
    if (result.nextWakeAt !== undefined) {
      // Measured as a delay from the engine's "now", so a pinned test clock never yields an alarm in the past.
      await browser.alarms.create(NEXT_STAGE_ALARM, { when: Date.now() + Math.max(1000, result.nextWakeAt - now) });
    } else {
      await browser.alarms.clear(NEXT_STAGE_ALARM);
    }
    await db.kv.put({
      key: lastScanKey(trigger),
      value: { trigger, startedAt, finishedAt: Date.now(), workerStartedAt: Math.round(performance.timeOrigin), shown: result.toShow.length },
    });
  }

  const scanSoon = (why: string) => void scan(deps.now(), why).catch((e) => deps.log(`scan after ${why} failed: ${String(e)}`));

  /** One person action → one event, written with its outbox entry in one transaction. Replaying the same eventId is a no-op. */
  async function act(req: Extract<BackgroundRequest, { type: 'loop/act' }>): Promise<BackgroundReply> {
    const db = deps.db();
    const [policy, settings] = await Promise.all([readPolicy(db), readSettings(db)]);
    const now = deps.now();
    const ctx = { policy, calendar: calendarFor(policy, settings), now };
    const events = await loopEvents(db, req.loopId);
    if (!events.some((e) => e.type === 'received')) return { ok: false, error: `No loop ${req.loopId}` };
    // Already recorded (a retry after the worker stopped mid-request): confirm, change nothing.
    if (events.some((e) => e.id === req.eventId)) return { ok: true, data: { eventId: req.eventId } };
    const verdict = eventFromAction(req.action, {
      eventId: req.eventId,
      loopId: req.loopId,
      at: now,
      actor: settings.myEmail || 'me',
      state: foldLoop(events, ctx),
    });
    if (!verdict.ok) return verdict;
    await appendEvents(db, [verdict.event], ctx, { queueForSync: true });
    sync.kick();
    // The action may end a warning: refresh the badge now rather than at the next tick.
    scanSoon(req.action.kind);
    return { ok: true, data: { eventId: verdict.event.id } };
  }

  async function handle(req: BackgroundRequest, tabId: number | undefined): Promise<BackgroundReply> {
    const db = deps.db();
    switch (req.type) {
      case 'loop/act':
        return act(req);
      case 'import/csv': {
        const summary = await importCsv(db, req.text, deps.now());
        scanSoon('import');
        sync.kick();
        return { ok: true, data: summary };
      }
      case 'import/demo': {
        const summary = await importDemo(db, deps.now());
        scanSoon('import');
        sync.kick();
        return { ok: true, data: summary };
      }
      case 'settings/save': {
        const parsed = await writeSettings(db, req.settings).then(
          (settings) => ({ ok: true as const, data: settings }),
          (e: unknown) => ({ ok: false as const, error: e instanceof Error ? e.message : String(e) }),
        );
        if (parsed.ok) {
          // Who I am decides which alerts are mine; the sync target decides whether the outboxes move.
          scanSoon('settings');
          void sync.reconcile().catch((e) => deps.log(`sync reconcile failed: ${String(e)}`));
        }
        return parsed;
      }
      case 'policy/save': {
        const choice = { preset: req.preset, holidayRegion: req.holidayRegion.trim().toUpperCase() };
        const policy = policyFromChoice(choice, req.holidays, await readPolicy(db));
        await writePolicy(db, policy, choice);
        return { ok: true, data: { version: policy.version, holidays: policy.calendar.holidays.length } };
      }
      case 'tab/whoami':
        return { ok: true, data: { tabId } };
      case 'record/seen': {
        const now = deps.now();
        await db.recordLinks.bulkPut(req.keys.map((key) => ({ key, url: req.url, seenAt: now, ...(tabId !== undefined ? { tabId } : {}) })));
        return { ok: true };
      }
      case 'notifications/scan':
        await scan();
        return { ok: true };
      case 'people/import': {
        const summary = await importDirectory(db, req.text);
        scanSoon('directory');
        return { ok: true, data: summary };
      }
      case 'people/save': {
        const saved = await savePerson(db, req.person);
        if (saved.ok) scanSoon('directory');
        return saved;
      }
      case 'people/delete': {
        const removed = await removePerson(db, req.email);
        scanSoon('directory');
        return { ok: true, data: { removed } };
      }
      case 'record/open':
        return { ok: true, data: await openLoopRecord(db, req.loopId, { queueWhenUnknown: false }) };
      case 'deadletter/retry':
        return { ok: true, data: { retried: await sync.retryDeadLetter(req.eventId) } };
      case 'sync/now':
        return { ok: true, data: await sync.syncNow() };
    }
  }

  /** `runtime.onMessage`: returns a Promise only for requests it answers, so other pages' replies are not hijacked. */
  function onMessage(raw: unknown, sender: SenderInfo): Promise<BackgroundReply> | undefined {
    const type = typeof raw === 'object' && raw !== null && 'type' in raw ? String((raw as { type: unknown }).type) : '';
    // Broadcasts from content scripts to their sidebar pass by the worker too; they are not for it.
    if (type === 'page/record') return undefined;
    const verdict = classifySender(sender, self);
    const reject = (reason: string) => {
      deps.log(`rejected message ${JSON.stringify(type).slice(0, 60)}: ${reason}`);
      return Promise.resolve<BackgroundReply>({ ok: false, error: `rejected: ${reason}` });
    };
    if (verdict.kind === 'rejected') return reject(verdict.reason);
    if (verdict.kind !== 'extension-page') return reject('content scripts may not send requests to the background');
    const parsed = BackgroundRequestSchema.safeParse(raw);
    if (!parsed.success) return reject(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
    if (!ALLOWED_PAGES[parsed.data.type].includes(verdict.page)) {
      return reject(`${verdict.page} may not send ${parsed.data.type}`);
    }
    return handle(parsed.data, verdict.tabId).catch((e: unknown) => {
      deps.log(`${parsed.data.type} failed: ${String(e)}`);
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    });
  }

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
