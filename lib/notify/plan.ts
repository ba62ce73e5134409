import type { BusinessCalendar } from '@/lib/loop';
import { alertKey, compareAlerts, isStage, urgencyRank, type Alert, type AlertRecord } from './alert';
import { heldUntil, type QuietHours } from './quiet';

/** More than this many at once (a laptop waking, say) and the rest are folded into one summary. */
export const NOTIFICATION_BUDGET = 3;

export interface PlanInput {
  now: number;
  /** alerts whose moment has passed, for open untouched loops only (see dueAlerts) */
  due: readonly Alert[];
  /** what the store remembers of these loops' alerts, by key */
  notified: ReadonlyMap<string, AlertRecord>;
  quietHours: QuietHours;
  /** the recipient's working time, for quiet hours */
  calendarOf: (recipient: string) => BusinessCalendar;
  /** the next moment a new alert falls due (next stage, next ladder step), for the wake-up */
  nextDueAt?: number;
  budget?: number;
}

export interface PlannedAlert {
  alert: Alert;
  /** shown again after a snooze */
  reminder: boolean;
}

export interface AlertPlan {
  /** to show now, most urgent first; never more than the budget */
  show: PlannedAlert[];
  /** due as well but over the budget: recorded, and announced by one summary */
  summarized: PlannedAlert[];
  /** rows to write in the same transaction that read `notified`, so they never fire twice */
  record: AlertRecord[];
  /** when to look again: the next alert, the end of someone's quiet hours, a snooze ending */
  nextWakeAt?: number;
  /** per loop, the moment it must be looked at again for an alert held by quiet hours or snoozed */
  loopWakeAt: Map<string, number>;
}

const groupKey = (a: Alert) => `${a.loopId}\u0000${a.recipient}`;

const recordOf = (a: Alert, at: number): AlertRecord => ({
  key: alertKey(a),
  loopId: a.loopId,
  kind: a.kind,
  recipient: a.recipient,
  at,
  snoozedUntil: 0,
});

/**
 * One loop's alerts for one recipient → at most one to show now (a fresh alert before a
 * reminder), with the rows that retire the others.
 */
function pickForLoop(
  alerts: readonly Alert[],
  notified: ReadonlyMap<string, AlertRecord>,
  now: number,
): { candidate?: PlannedAlert; record: AlertRecord[] } {
  const record: AlertRecord[] = [];
  const recordedStageRanks = alerts.filter((a) => isStage(a.kind) && notified.has(alertKey(a))).map((a) => urgencyRank(a.kind));
  const supersededStage = (a: Alert) => isStage(a.kind) && recordedStageRanks.some((r) => r < urgencyRank(a.kind));

  const fresh = alerts.filter((a) => !notified.has(alertKey(a))).sort(compareAlerts);
  const showable = fresh.find((a) => !supersededStage(a));
  for (const a of fresh) if (a !== showable) record.push(recordOf(a, now));

  const reminders = alerts
    .filter((a) => {
      const until = notified.get(alertKey(a))?.snoozedUntil ?? 0;
      return until > 0 && until <= now;
    })
    .sort(compareAlerts);
  // A reminder is spent once it comes back, or once something newer about the loop says more.
  const reminder = showable === undefined ? reminders.find((a) => !supersededStage(a)) : undefined;
  for (const a of reminders) if (a !== reminder) record.push({ ...notified.get(alertKey(a))!, snoozedUntil: 0 });

  if (showable) return { candidate: { alert: showable, reminder: false }, record };
  if (reminder) return { candidate: { alert: reminder, reminder: true }, record };
  return { record };
}

/**
 * What to show now. Each (loop, kind, recipient) is shown once, ever: showing it and recording it
 * happen together. Per loop and recipient at most one notification per scan, the most urgent: the
 * others due with it are recorded unseen, and so is a warning once a later stage was recorded,
 * so no out-of-date warning arrives after a wake. A snoozed alert comes back once when its snooze
 * ends, if its loop is still waiting. Outside the recipient's working hours alerts are held, not
 * recorded, until working time starts (critical recovery loops excepted when so configured).
 * Beyond the budget, the least urgent are recorded and left to one summary.
 */
export function planAlerts(input: PlanInput): AlertPlan {
  const { now, notified } = input;
  const record: AlertRecord[] = [];
  const candidates: PlannedAlert[] = [];
  let nextWakeAt = input.nextDueAt !== undefined && input.nextDueAt > now ? input.nextDueAt : undefined;
  const loopWakeAt = new Map<string, number>();
  const wakeAt = (t: number, loopId: string) => {
    if (nextWakeAt === undefined || t < nextWakeAt) nextWakeAt = t;
    const known = loopWakeAt.get(loopId);
    if (known === undefined || t < known) loopWakeAt.set(loopId, t);
  };

  const groups = new Map<string, Alert[]>();
  for (const a of input.due) {
    const group = groups.get(groupKey(a));
    if (group) group.push(a);
    else groups.set(groupKey(a), [a]);
  }

  for (const alerts of groups.values()) {
    const { recipient } = alerts[0]!;
    for (const a of alerts) {
      const until = notified.get(alertKey(a))?.snoozedUntil ?? 0;
      if (until > now) wakeAt(until, a.loopId);
    }
    const held = heldUntil(now, alerts[0]!.critical, input.quietHours, input.calendarOf(recipient));
    if (held !== undefined) {
      wakeAt(held, alerts[0]!.loopId);
      continue;
    }
    const pick = pickForLoop(alerts, notified, now);
    record.push(...pick.record);
    if (pick.candidate) candidates.push(pick.candidate);
  }

  candidates.sort((x, y) => compareAlerts(x.alert, y.alert));
  const budget = input.budget ?? NOTIFICATION_BUDGET;
  for (const c of candidates) {
    const known = notified.get(alertKey(c.alert));
    record.push(c.reminder && known ? { ...known, snoozedUntil: 0 } : recordOf(c.alert, now));
  }
  const plan: AlertPlan = { show: candidates.slice(0, budget), summarized: candidates.slice(budget), record, loopWakeAt };
  if (nextWakeAt !== undefined) plan.nextWakeAt = nextWakeAt;
  return plan;
}
