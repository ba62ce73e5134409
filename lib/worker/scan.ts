import type { BusinessCalendar } from '@/lib/loop';
import { calendarFor } from '@/lib/db/engine-context';
import { foldLoaded, loadLoops } from '@/lib/db/loop-loader';
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

const HOUR = 3_600_000;
export const SNOOZE_MS = HOUR;

/**
 * The SLA scan: folds every open, untouched loop at `now`, works out which alerts are due for me
 * (all loops' stages in one-person mode; my loops, my team's and the escalations that reach my
 * role in team mode), and records what it shows in the same transaction that reads what was
 * shown, so two overlapping scans (alarm + startup) cannot both fire one alert.
 */
export async function scanLoops(db: LoopsideDb, now: number): Promise<ScanResult> {
  return db.transaction('rw', [db.loops, db.events, db.notified, db.people, db.kv], async () => {
    const loaded = await loadLoops(db, { kind: 'waiting' });
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

    const states = foldLoaded(loaded, now);
    const byId = new Map(states.map((s) => [s.loopId, s]));
    const due: Alert[] = [];
    let attentionCount = 0;
    let nextDueAt: number | undefined;
    for (const state of states) {
      due.push(...dueAlerts(state, directory, now).filter((a) => a.recipient === me));
      if ((me === '' || loopOwner(state) === me) && (state.sla.state === 'near_breach' || state.sla.state === 'breached')) attentionCount++;
      const next = nextAlertAt(state, policy, now, directory);
      if (next !== undefined && (nextDueAt === undefined || next < nextDueAt)) nextDueAt = next;
    }

    const loopIds = [...new Set(due.map((a) => a.loopId))];
    const rowsNotified = loopIds.length > 0 ? await db.notified.where('loopId').anyOf(loopIds).toArray() : [];
    const notified = new Map<string, AlertRecord>(rowsNotified.filter((r) => r.recipient === me).map((r) => [r.key, r]));
    const plan = planAlerts({
      now,
      due,
      notified,
      quietHours: settings.quietHours,
      calendarOf,
      ...(nextDueAt !== undefined ? { nextDueAt } : {}),
    });
    await db.notified.bulkPut(plan.record);

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
    if (plan.summarized.length > 0) result.summary = { ...summaryText(plan.summarized.length), count: plan.summarized.length };
    if (plan.nextWakeAt !== undefined) result.nextWakeAt = plan.nextWakeAt;
    return result;
  });
}

/**
 * "Snooze 1 h": the alert comes back once, an hour from now, if its loop is still waiting then.
 * Only the reminder moves; the loop's SLA and its next stages keep their times. False when the
 * key names no alert that was shown.
 */
export async function snooze(db: LoopsideDb, notificationKey: string, now: number): Promise<boolean> {
  return db.transaction('rw', db.notified, async () => {
    const row = await db.notified.get(notificationKey);
    if (!row) return false;
    await db.notified.put({ ...row, snoozedUntil: now + SNOOZE_MS });
    return true;
  });
}
