import { foldLoop, notificationStageTimes, reachedNotificationStages, type LoopState, type NotificationStage } from '@/lib/loop';
import { calendarFor } from '@/lib/db/engine-context';
import { loopEvents } from '@/lib/db/loops';
import { readPolicy, readSettings } from '@/lib/db/settings';
import type { LoopsideDb } from '@/lib/db/schema';
import type { Settings } from '@/lib/settings/schema';
import { notifiedKey, planNotifications, type PlannedNotification } from './plan-notifications';

export interface ScanResult {
  /** notifications to show now, already recorded as shown */
  toShow: { plan: PlannedNotification; state: LoopState }[];
  /** my untouched open loops that are near breach or breached: the badge */
  attentionCount: number;
  /** the next moment a stage fires, for a one-shot alarm; undefined when nothing is pending */
  nextStageAt?: number;
  settings: Settings;
}

const isMine = (ownerEmail: string, settings: Settings) => settings.myEmail === '' || ownerEmail === settings.myEmail;

/**
 * The SLA scan: folds every open, untouched loop of mine at `now`, decides which notification
 * stages are due, and records them as shown in the same transaction that reads what was shown,
 * so two overlapping scans (alarm + startup) cannot both fire one stage.
 */
export async function scanLoops(db: LoopsideDb, now: number): Promise<ScanResult> {
  const [policy, settings] = await Promise.all([readPolicy(db), readSettings(db)]);
  const ctx = { policy, now, calendar: calendarFor(policy, settings) };
  return db.transaction('rw', [db.loops, db.events, db.notified], async () => {
    const open = await db.loops.where('[status+firstTouchAt]').equals(['open', 0]).toArray();
    const mine = open.filter((row) => isMine(row.ownerEmail, settings));
    const states = new Map<string, LoopState>();
    const reached: { loopId: string; reached: NotificationStage[] }[] = [];
    let attentionCount = 0;
    let nextStageAt: number | undefined;
    for (const row of mine) {
      const state = foldLoop(await loopEvents(db, row.loopId), ctx);
      states.set(row.loopId, state);
      const stages = reachedNotificationStages(state, ctx);
      reached.push({ loopId: row.loopId, reached: stages });
      if (state.sla.state === 'near_breach' || state.sla.state === 'breached') attentionCount++;
      for (const at of Object.values(notificationStageTimes(state, ctx))) {
        if (at > now && (nextStageAt === undefined || at < nextStageAt)) nextStageAt = at;
      }
    }
    const keys = reached.flatMap((r) => r.reached.map((s) => notifiedKey(r.loopId, s)));
    const shown = await db.notified.bulkGet(keys);
    const already = new Set(shown.filter((r) => r !== undefined).map((r) => r.key));
    const plan = planNotifications(reached, already);
    await db.notified.bulkPut(
      plan.flatMap((p) =>
        [p.stage, ...p.supersedes].map((stage) => ({ key: notifiedKey(p.loopId, stage), loopId: p.loopId, kind: stage, recipient: '', at: now, snoozedUntil: 0 })),
      ),
    );
    const toShow = plan.map((p) => ({ plan: p, state: states.get(p.loopId)! }));
    return { toShow, attentionCount, nextStageAt, settings };
  });
}
