import type { NotificationStage } from '@/lib/loop';

/** Stages in the order they fire: a later one is more urgent. */
export const STAGE_ORDER: readonly NotificationStage[] = ['warn_75', 'warn_1h', 'breached'];

export interface LoopStages {
  loopId: string;
  /** stages whose moment has passed, per the engine; empty once touched or closed */
  reached: readonly NotificationStage[];
}

export interface PlannedNotification {
  loopId: string;
  stage: NotificationStage;
  /** stages passed over because a more urgent one fires now (e.g. after the laptop slept) */
  supersedes: NotificationStage[];
}

export const notifiedKey = (loopId: string, stage: NotificationStage, recipient = '') => `${loopId}|${stage}|${recipient}`;

/**
 * Which notification to show for each loop now: the most urgent reached stage that has not been
 * shown yet. Stages already shown are never repeated; older reached stages that were never shown
 * are marked as passed over so they cannot fire later, out of order.
 */
export function planNotifications(loops: readonly LoopStages[], alreadyNotified: ReadonlySet<string>): PlannedNotification[] {
  const plan: PlannedNotification[] = [];
  for (const { loopId, reached } of loops) {
    const fresh = STAGE_ORDER.filter((s) => reached.includes(s) && !alreadyNotified.has(notifiedKey(loopId, s)));
    const mostUrgent = fresh.at(-1);
    if (!mostUrgent) continue;
    const shownLaterStage = STAGE_ORDER.slice(STAGE_ORDER.indexOf(mostUrgent) + 1).some((s) =>
      alreadyNotified.has(notifiedKey(loopId, s)),
    );
    if (shownLaterStage) continue;
    plan.push({ loopId, stage: mostUrgent, supersedes: fresh.slice(0, -1) });
  }
  return plan;
}
