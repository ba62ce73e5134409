import type { BusinessCalendar } from '@/lib/loop';
import { calendarFor } from '@/lib/db/engine-context';
import { foldLoaded, loadLoops, type LoadedLoops } from '@/lib/db/loop-loader';
import { attentionFrom } from '@/lib/loop';
import type { LoopsideDb } from '@/lib/db/schema';
import { personCalendar, type Person } from '@/lib/people/schema';
import { isUnassigned } from '@/lib/people/team';
import { ROUTE_LABEL, SCALE_MAX } from '@/lib/labels';
import {
  alertKey,
  alertPresentation,
  alertText,
  directoryWithMe,
  dueAlerts,
  loopOwner,
  nextAlertAt,
  planAlerts,
  summaryText,
  type Alert,
  type AlertKind,
  type AlertRecord,
  type PlannedAlert,
} from '@/lib/notify';

export interface ShownAlert {
  /** the `notified` row's key: use it as the notification id, and for snooze */
  key: string;
  loopId: string;
  kind: AlertKind;
  /** shown again after a snooze */
  reminder: boolean;
  title: string;
  message: string;
  priority: 0 | 1 | 2;
  requireInteraction: boolean;
}

export interface ScanResult {
  /** notifications to show now, most urgent first, already recorded as shown */
  toShow: ShownAlert[];
  /** one notification for the alerts over the budget (recorded too); clicking it opens the queue */
  summary?: { title: string; message: string; count: number };
  /** my untouched open loops that are near breach or breached: the badge */
  attentionCount: number;
  /** when to scan again (next alert, end of quiet hours, snooze end), for a one-shot alarm */
  nextWakeAt?: number;
}

/** What a scan cost: the worker keeps it with the scan's record, for `npm run bench` and for support. */
export interface ScanMeasure {
  /** loops folded (the due ones, or every waiting one on a full pass) */
  folded: number;
  /** ms: read the due loops and their contacts' loops, fold + decide, write alerts and wake-up times, badge count */
  phases: { readMs: number; foldMs: number; writeMs: number; countMs: number };
}

const HOUR = 3_600_000;
export const SNOOZE_MS = HOUR;

/** What the scan's per-loop wake-up times were computed against (see scanInputsKey). */
export const SCAN_INPUTS_KEY = 'scan/inputs';

/** FNV-1a over a string: a short, stable fingerprint. */
function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36) + ':' + text.length.toString(36);
}

/**
 * Everything besides a loop's own events that decides which alerts reach me and when: who I am,
 * quiet hours, the policy, the team directory (recipients, calendars), the top-revenue threshold.
 * When it changes, every stored wake-up time may be wrong, so the next scan is a full one.
 */
export const scanInputsKey = (loaded: Pick<LoadedLoops, 'policy' | 'settings' | 'people' | 'revenueThreshold'>) =>
  fingerprint(JSON.stringify([loaded.settings, loaded.policy, loaded.people, loaded.revenueThreshold]));

export interface ScanOptions {
  /**
   * Fold every waiting loop instead of only the ones whose wake-up time has come (what the scan
   * did before it was incremental; the incremental scan does it by itself when its inputs change).
   */
  full?: boolean;
  /** filled in with what the scan cost */
  measure?: ScanMeasure;
}

/**
 * The SLA scan. Each loop row keeps when the scan must look at it next (`nextWakeAt`: its next
 * alert stage or ladder step, the end of quiet hours holding one of its alerts, a snooze ending;
 * appendEvents sets it when the loop's events change). A tick reads, through that index, only the
 * loops whose time has come, folds them, works out which alerts are due for me (all loops' stages
 * in one-person mode; my loops, my team's and the escalations that reach my role in team mode),
 * records what it shows and stores each loop's next wake-up time, all in the transaction that
 * read what was shown, so two overlapping scans (alarm + startup) cannot both fire one alert.
 * The badge is a count over the `[ownerEmail+attentionAt]` index, not a fold.
 */
export async function scanLoops(db: LoopsideDb, now: number, opts: ScanOptions = {}): Promise<ScanResult> {
  return db.transaction('rw', [db.loops, db.events, db.notified, db.people, db.kv], async () => {
    const t0 = performance.now();
    let loaded = await loadLoops(db, opts.full ? { kind: 'waiting' } : { kind: 'due', now });
    const key = scanInputsKey(loaded);
    if ((await db.kv.get(SCAN_INPUTS_KEY))?.value !== key) {
      // Who I am, the directory or the policy changed since the wake-up times were stored: look at every waiting loop once.
      await db.kv.put({ key: SCAN_INPUTS_KEY, value: key });
      if (!opts.full) loaded = await loadLoops(db, { kind: 'waiting' });
    }
    const { policy, settings, people } = loaded;
    const myCalendar = calendarFor(policy, settings);
    const me = settings.myEmail.toLowerCase();
    const directory: Map<string, Person> | null =
      me === ''
        ? null
        : directoryWithMe(new Map(people.map((p) => [p.email, p])), { email: me, role: settings.role, calendar: myCalendar });
    const calendarOf = (recipient: string): BusinessCalendar => {
      const person = directory?.get(recipient);
      return person ? personCalendar(person, policy) : myCalendar;
    };

    const t1 = performance.now();
    const states = foldLoaded(loaded, now);
    const byId = new Map(states.map((s) => [s.loopId, s]));
    const due: Alert[] = [];
    const nextAlert = new Map<string, number | undefined>();
    let nextDueAt: number | undefined;
    for (const state of states) {
      due.push(...dueAlerts(state, directory, now).filter((a) => a.recipient === me));
      const next = nextAlertAt(state, policy, now, directory);
      nextAlert.set(state.loopId, next);
      if (next !== undefined && (nextDueAt === undefined || next < nextDueAt)) nextDueAt = next;
    }

    const loopIds = [...new Set(due.map((a) => a.loopId))];
    // One indexed read per loop, all in flight at once: `anyOf` would walk a cursor, a round trip per key.
    const rowsNotified = (await Promise.all(loopIds.map((id) => db.notified.where('loopId').equals(id).toArray()))).flat();
    const notified = new Map<string, AlertRecord>(rowsNotified.filter((r) => r.recipient === me).map((r) => [r.key, r]));
    const plan = planAlerts({
      now,
      due,
      notified,
      quietHours: settings.quietHours,
      calendarOf,
      ...(nextDueAt !== undefined ? { nextDueAt } : {}),
    });
    const t2 = performance.now();
    await db.notified.bulkPut(plan.record);
    // Each loop looked at: when to look again (0: never, until its events change).
    const wakes = states.map((state) => {
      const candidates = [nextAlert.get(state.loopId), plan.loopWakeAt.get(state.loopId)].filter((t): t is number => t !== undefined);
      return {
        key: state.loopId,
        changes: { nextWakeAt: candidates.length > 0 ? Math.max(now + 1, Math.min(...candidates)) : 0, attentionAt: attentionFrom(state) },
      };
    });
    if (wakes.length > 0) await db.loops.bulkUpdate(wakes);
    const t3 = performance.now();
    const attentionCount = await countAttention(db, me, now);
    const nextWake = await db.loops.where('nextWakeAt').above(now).first();
    const t4 = performance.now();

    const textOf = ({ alert, reminder }: PlannedAlert): ShownAlert => {
      const state = byId.get(alert.loopId)!;
      const owner = loopOwner(state);
      const text = alertText({
        kind: alert.kind,
        reminder,
        ...(alert.cause ? { cause: alert.cause } : {}),
        contactName: state.response.name ?? '',
        showContactName: settings.showContactNameInNotifications,
        ...(directory && owner !== me
          ? { owner: { name: directory.get(owner)?.name || owner, unassigned: isUnassigned(owner, directory) } }
          : {}),
        routeLabel: ROUTE_LABEL[state.route],
        score: state.response.score,
        scaleMax: SCALE_MAX[state.response.scale],
        dueAt: state.firstTouchDueAt,
        now,
        timeZone: state.timeZone,
      });
      return { key: alertKey(alert), loopId: alert.loopId, kind: alert.kind, reminder, ...text, ...alertPresentation(alert.kind) };
    };
    const result: ScanResult = { toShow: plan.show.map(textOf), attentionCount };
    if (opts.measure) {
      opts.measure.folded = states.length;
      opts.measure.phases = { readMs: t1 - t0, foldMs: t2 - t1, writeMs: t3 - t2, countMs: t4 - t3 };
    }
    if (plan.summarized.length > 0) result.summary = { ...summaryText(plan.summarized.length), count: plan.summarized.length };
    if (nextWake) result.nextWakeAt = nextWake.nextWakeAt;
    return result;
  });
}

/**
 * My untouched open loops near breach or breached (every such loop in one-person mode), counted
 * through the index: a loop counts from its first notification stage until it is touched or closed.
 */
function countAttention(db: LoopsideDb, me: string, now: number): Promise<number> {
  return me === ''
    ? db.loops.where('attentionAt').between(1, now, true, true).count()
    : db.loops.where('[ownerEmail+attentionAt]').between([me, 1], [me, now], true, true).count();
}

/**
 * "Snooze 1 h": the alert comes back once, an hour from now, if its loop is still waiting then.
 * Only the reminder moves; the loop's SLA and its next stages keep their times. False when the
 * key names no alert that was shown.
 */
export async function snooze(db: LoopsideDb, notificationKey: string, now: number): Promise<boolean> {
  return db.transaction('rw', [db.notified, db.loops], async () => {
    const row = await db.notified.get(notificationKey);
    if (!row) return false;
    const until = now + SNOOZE_MS;
    await db.notified.put({ ...row, snoozedUntil: until });
    // The scan must look at the loop when the snooze ends (it may not be due for anything else).
    await db.loops
      .where('loopId')
      .equals(row.loopId)
      .modify((loop) => {
        if (loop.status === 'open' && loop.firstTouchAt === 0 && (loop.nextWakeAt === 0 || loop.nextWakeAt > until))
          loop.nextWakeAt = until;
      });
    return true;
  });
}
