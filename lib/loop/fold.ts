import type { BusinessCalendar } from './calendar';
import { addBusinessTime, businessMsBetween } from './calendar';
import type { Policy } from './policy';
import { classifyScore, firstTouchDuration, isBusinessClock } from './routing';
import type { LoopEvent, LoopEventOf, Route, Severity, SurveyResponse, TerminalState } from './schemas';
import { nextAction } from './next-action';

export interface EngineContext {
  policy: Policy;
  now: number;
  calendar: BusinessCalendar;
}

export type SlaState = 'on_track' | 'near_breach' | 'breached' | 'met' | 'met_late' | 'closed';
export type NotificationStage = 'warn_75' | 'warn_1h' | 'breached';

export interface LoopState {
  loopId: string;
  response: SurveyResponse;
  route: Route;
  severity: Severity;
  ownerEmail?: string;
  status: 'open' | TerminalState;
  closedReason?: string;
  receivedAt: number;
  firstTouchDueAt: number;
  resolutionDueAt?: number;
  firstTouchAt?: number;
  /** when each notification stage falls due for this loop */
  stageTimes: Record<NotificationStage, number>;
  sla: { state: SlaState; dueAt: number; msLeft: number };
  attempts: number;
  touches: LoopEventOf<'touch_logged'>[];
  nextAction: { text: string; dueAt?: number };
  /** deduplicated, in causal order */
  events: LoopEvent[];
}

/** Order of events: by their time, then by id, so every device folds the same sequence. */
export function orderEvents(events: readonly LoopEvent[]): LoopEvent[] {
  const unique = new Map<string, LoopEvent>();
  for (const e of events) if (!unique.has(e.id)) unique.set(e.id, e);
  return [...unique.values()].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The first warning falls when `fraction` of the first-touch window has passed, measured on the
 * same clock as the window (business time for business-clock routes).
 */
export function nearBreachTime(receivedAt: number, dueAt: number, businessClock: boolean, fraction: number, calendar: BusinessCalendar): number {
  const at = businessClock
    ? addBusinessTime(receivedAt, Math.round(businessMsBetween(receivedAt, dueAt, calendar) * fraction), calendar)
    : receivedAt + Math.round((dueAt - receivedAt) * fraction);
  return Math.min(at, dueAt);
}

function stageTimesFor(receivedAt: number, dueAt: number, nearBreachAt: number, ctx: EngineContext): Record<NotificationStage, number> {
  return { warn_75: nearBreachAt, warn_1h: Math.max(receivedAt, dueAt - ctx.policy.nearBreach.beforeDueMs), breached: dueAt };
}

/**
 * A loop's state at `now`: the fold of its events. Duplicates count once and the order of arrival
 * does not matter; a loop without its `received` event cannot be folded yet (it throws).
 */
export function foldLoop(events: readonly LoopEvent[], ctx: EngineContext): LoopState {
  const ordered = orderEvents(events);
  const received = ordered.find((e): e is LoopEventOf<'received'> => e.type === 'received');
  if (!received) throw new Error(`Loop ${events[0]?.loopId ?? '?'} has no received event yet`);
  const response = received.response;
  const routed = ordered.find((e): e is LoopEventOf<'routed'> => e.type === 'routed');
  const classified = routed ?? classifyScore(response.scale, response.score, ctx.policy);
  const firstTouchDueAt = routed?.firstTouchDueAt ?? response.respondedAt;

  let status: LoopState['status'] = 'open';
  let closedReason: string | undefined;
  let ownerEmail = routed?.ownerEmail ?? response.ownerEmail;
  const touches: LoopEventOf<'touch_logged'>[] = [];
  for (const e of ordered) {
    if (e.type === 'touch_logged') touches.push(e);
    else if (e.type === 'closed') {
      status = e.state;
      closedReason = e.reason;
    } else if (e.type === 'reopened') {
      status = 'open';
      closedReason = undefined;
    } else if (e.type === 'reassigned') ownerEmail = e.toEmail;
  }
  const firstTouchAt = touches[0]?.at;
  // Loops opened by this engine carry their warning time; older events get it computed here.
  const nearBreachAt =
    routed?.nearBreachAt ??
    nearBreachTime(
      response.respondedAt,
      firstTouchDueAt,
      isBusinessClock(firstTouchDuration(classified.route, classified.severity, ctx.policy)),
      ctx.policy.nearBreach.fraction,
      ctx.calendar,
    );
  const stageTimes = stageTimesFor(response.respondedAt, firstTouchDueAt, nearBreachAt, ctx);

  let slaState: SlaState;
  if (firstTouchAt !== undefined) slaState = firstTouchAt <= firstTouchDueAt ? 'met' : 'met_late';
  else if (status !== 'open') slaState = 'closed';
  else if (ctx.now >= firstTouchDueAt) slaState = 'breached';
  else if (ctx.now >= stageTimes.warn_75 || ctx.now >= stageTimes.warn_1h) slaState = 'near_breach';
  else slaState = 'on_track';

  const state: LoopState = {
    loopId: received.loopId,
    response,
    route: classified.route,
    severity: classified.severity,
    ...(ownerEmail ? { ownerEmail } : {}),
    status,
    ...(closedReason !== undefined ? { closedReason } : {}),
    receivedAt: response.respondedAt,
    firstTouchDueAt,
    ...(routed?.resolutionDueAt !== undefined ? { resolutionDueAt: routed.resolutionDueAt } : {}),
    ...(firstTouchAt !== undefined ? { firstTouchAt } : {}),
    stageTimes,
    sla: { state: slaState, dueAt: firstTouchDueAt, msLeft: firstTouchDueAt - ctx.now },
    attempts: touches.filter((t) => t.outcome !== 'reached').length,
    touches,
    nextAction: { text: '' },
    events: ordered,
  };
  state.nextAction = nextAction(state, ctx);
  return state;
}

/** The notification stages whose moment has passed; none once the loop is touched or closed. */
export function reachedNotificationStages(state: LoopState, ctx: Pick<EngineContext, 'now'>): NotificationStage[] {
  if (state.firstTouchAt !== undefined || state.status !== 'open') return [];
  return (['warn_75', 'warn_1h', 'breached'] as const).filter((s) => state.stageTimes[s] <= ctx.now);
}

export function notificationStageTimes(state: LoopState, _ctx?: unknown): Record<NotificationStage, number> {
  return state.stageTimes;
}
