import type { LoopState } from './fold';
import type { Policy } from './policy';

/** A loop the SLA scan still watches: open and never touched (alerts stop for good after either). */
export const isWaitingForFirstTouch = (state: Pick<LoopState, 'status' | 'firstTouchAt'>) =>
  state.status === 'open' && state.firstTouchAt === undefined;

/**
 * Every moment an alert about this loop can fall due: its notification stages, and for recovery
 * loops the response itself (immediate escalations: churn risk, top revenue, a second low score)
 * and each step of the escalation ladder, plus escalations already recorded. Empty once the loop
 * no longer waits. A superset on purpose: looking at a loop once too often costs one fold, missing
 * a moment costs an alert.
 */
export function alertMoments(state: LoopState, policy: Pick<Policy, 'escalation'>): number[] {
  if (!isWaitingForFirstTouch(state)) return [];
  const out = [state.stageTimes.near_breach_1, state.stageTimes.near_breach_2, state.stageTimes.breached];
  if (state.route === 'recovery') {
    out.push(state.receivedAt);
    for (const step of policy.escalation.ladder) out.push(state.receivedAt + step.afterMs);
  }
  for (const e of state.escalations) out.push(e.at);
  return out;
}

/**
 * When the scan must look at a loop whose events just changed: at once (the earliest moment
 * already passed: the scan decides what of it was already announced) when any alert moment has
 * passed, else at the next one; 0 when the loop no longer waits or no moment is left. Never
 * below 1, so 0 keeps meaning "never".
 */
export function wakeAfterChange(state: LoopState, policy: Pick<Policy, 'escalation'>, now: number): number {
  const moments = alertMoments(state, policy);
  if (moments.length === 0) return 0;
  let passed = Infinity;
  let next = Infinity;
  for (const t of moments) {
    if (t <= now) passed = Math.min(passed, t);
    else next = Math.min(next, t);
  }
  if (passed !== Infinity) return Math.max(1, passed);
  return next === Infinity ? 0 : next;
}

/**
 * From when an untouched open loop counts towards the badge (near breach or breached): its first
 * notification stage; 0 when it does not wait. Fixed by the events, so the store can index it.
 */
export function attentionFrom(state: LoopState): number {
  if (!isWaitingForFirstTouch(state)) return 0;
  return Math.max(1, Math.min(state.stageTimes.near_breach_1, state.stageTimes.near_breach_2, state.stageTimes.breached));
}
