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
import { ROUTE_LABEL, SCALE_MAX } from '@/lib/labels';
import { importCsv, importDemo } from './import';
import { scanLoops } from './scan';
import { notificationText } from './notification-text';
import { recordLinkKeys } from './record-links';
import { createSyncRunner } from './sync-runner';

export const SCAN_ALARM = 'sla-scan';
export const NEXT_STAGE_ALARM = 'sla-next-stage';
const SCAN_PERIOD_MINUTES = 1;
const NOTIFICATION_PREFIX = 'loop|';

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
  const sync = createSyncRunner({ db: deps.db, now: deps.now, random: Math.random, fetch: (...a) => fetch(...a), log: deps.log });

  async function ensureAlarms(): Promise<void> {
    const existing = await browser.alarms.get(SCAN_ALARM);
    if (!existing) await browser.alarms.create(SCAN_ALARM, { periodInMinutes: SCAN_PERIOD_MINUTES });
  }

  async function scan(now = deps.now()): Promise<void> {
    const db = deps.db();
    const result = await scanLoops(db, now);
    for (const { plan, state } of result.toShow) {
      const text = notificationText({
        stage: plan.stage,
        contactName: state.response.name ?? '',
        routeLabel: ROUTE_LABEL[state.route],
        score: state.response.score,
        scaleMax: SCALE_MAX[state.response.scale],
        dueAt: state.firstTouchDueAt,
        now,
        timeZone: result.settings.timeZone,
        showContactName: result.settings.showContactNameInNotifications,
      });
      await browser.notifications.create(`${NOTIFICATION_PREFIX}${state.loopId}|${plan.stage}`, {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title: text.title,
        message: text.message,
        priority: plan.stage === 'breached' ? 2 : 1,
        requireInteraction: plan.stage === 'breached',
      });
    }
    await browser.action.setBadgeText({ text: result.attentionCount > 0 ? String(result.attentionCount) : '' });
    await browser.action.setBadgeBackgroundColor({ color: '#B3261E' });
    if (result.nextStageAt !== undefined) {
      // A one-shot alarm at the next stage keeps warnings on time between periodic scans.
      await browser.alarms.create(NEXT_STAGE_ALARM, { when: Math.max(result.nextStageAt, deps.now() + 1000) });
    }
  }

  async function openRecordFor(loopId: string): Promise<void> {
    const db = deps.db();
    const loop = await db.loops.get(loopId);
    const links = loop ? await db.recordLinks.bulkGet(recordLinkKeys(loop)) : [];
    const url = links.find((l) => l !== undefined)?.url ?? browser.runtime.getURL(`/options.html#loop=${encodeURIComponent(loopId)}`);
    await browser.tabs.create({ url });
  }

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
    void scan(now).catch((e) => deps.log(`scan after ${req.action.kind} failed: ${String(e)}`));
    return { ok: true, data: { eventId: verdict.event.id } };
  }

  async function handle(req: BackgroundRequest, tabId: number | undefined): Promise<BackgroundReply> {
    const db = deps.db();
    switch (req.type) {
      case 'loop/act':
        return act(req);
      case 'import/csv': {
        const summary = await importCsv(db, req.text, deps.now());
        void scan().catch((e) => deps.log(`scan after import failed: ${String(e)}`));
        return { ok: true, data: summary };
      }
      case 'import/demo': {
        const summary = await importDemo(db, deps.now());
        void scan().catch((e) => deps.log(`scan after import failed: ${String(e)}`));
        return { ok: true, data: summary };
      }
      case 'settings/save': {
        const parsed = await writeSettings(db, req.settings).then(
          (settings) => ({ ok: true as const, data: settings }),
          (e: unknown) => ({ ok: false as const, error: e instanceof Error ? e.message : String(e) }),
        );
        if (parsed.ok) void scan().catch(() => {});
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
        await db.recordLinks.bulkPut(req.keys.map((key) => ({ key, url: req.url, seenAt: now })));
        return { ok: true };
      }
      case 'notifications/scan':
        await scan();
        return { ok: true };
      case 'people/import':
      case 'people/save':
      case 'people/delete':
      case 'record/open':
        return { ok: false, error: `${req.type} is being built` };
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
    if (alarm.name === SCAN_ALARM || alarm.name === NEXT_STAGE_ALARM) {
      void scan().catch((e) => deps.log(`scan failed: ${String(e)}`));
    }
  }

  function onNotificationClicked(notificationId: string): void {
    if (!notificationId.startsWith(NOTIFICATION_PREFIX)) return;
    const loopId = notificationId.slice(NOTIFICATION_PREFIX.length).split('|')[0] ?? '';
    void openRecordFor(loopId)
      .then(() => browser.notifications.clear(notificationId))
      .catch((e) => deps.log(`open record failed: ${String(e)}`));
  }

  /** Startup, install, update and every wake: alarms back in place, then one scan. */
  async function reconcile(): Promise<void> {
    await ensureAlarms();
    await sync.reconcile();
    await scan();
  }

  return { onMessage, onAlarm, onNotificationClicked, reconcile, scan };
}

export type LoopsideWorker = ReturnType<typeof createWorker>;
export type { Browser };
