import type { BusinessCalendar } from './calendar';
import type { Policy } from './policy';
import { addDuration, classifyScore, firstTouchDuration, isBusinessClock, resolutionDuration } from './routing';
import { nearBreachTime } from './fold';
import type { LoopEvent, SurveyResponse } from './schemas';

export interface OpenLoopContext {
  calendar: BusinessCalendar;
  /** when the loop is recorded (import time); the SLA runs from the response time */
  recordedAt: number;
  ownerEmail?: string;
}

/**
 * A response → the first two events of its loop. Ids derive from the response id, so opening
 * the same response twice yields identical events and merging them changes nothing. The due
 * times are decided here, once: a later policy change does not move a promise already made.
 */
export function openLoop(response: SurveyResponse, policy: Policy, ctx: OpenLoopContext): LoopEvent[] {
  const { route, severity } = classifyScore(response.scale, response.score, policy);
  const start = response.respondedAt;
  const firstTouch = firstTouchDuration(route, severity, policy);
  const firstTouchDueAt = addDuration(start, firstTouch, ctx.calendar);
  const nearBreachAt = nearBreachTime(start, firstTouchDueAt, isBusinessClock(firstTouch), policy.nearBreach.fraction, ctx.calendar);
  const resolutionDueAt = route === 'recovery' ? addDuration(start, resolutionDuration(policy), ctx.calendar) : undefined;
  const common = { loopId: response.id, at: ctx.recordedAt, actor: 'system' };
  return [
    { ...common, id: `${response.id}/received`, type: 'received', response },
    {
      ...common,
      id: `${response.id}/routed`,
      type: 'routed',
      route,
      severity,
      ...((ctx.ownerEmail ?? response.ownerEmail) ? { ownerEmail: ctx.ownerEmail ?? response.ownerEmail } : {}),
      firstTouchDueAt,
      nearBreachAt,
      ...(resolutionDueAt !== undefined ? { resolutionDueAt } : {}),
      policyVersion: policy.version,
    },
  ];
}
