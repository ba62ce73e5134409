import type { BusinessCalendar } from './calendar';
import { addBusinessTime, businessMsBetween } from './calendar';
import type { Policy } from './policy';
import { classifyScore, firstTouchDuration, isBusinessClock } from './routing';
import type { LoopEvent, LoopEventOf, Route, Severity, SurveyResponse, TerminalState } from './schemas';
import { attemptPlan, type AttemptPlan } from './attempts';
import { advocacyWindow, resurveyWindow, type AdvocacyWindow } from './advocacy';
import { complaintType, type ComplaintType } from './classify';
import { escalationsDue, type ContactContext, type Escalation } from './escalation';
import { nextAction } from './next-action';
import { orderEvents } from './merge';

export interface EngineContext {
  policy: Policy;
  now: number;
  /** the business calendar: the loop's clock when `calendarOf` is not given or knows no better */
  calendar: BusinessCalendar;
  /**
   * The calendar of a loop's owner (zone, hours, workdays from the team directory), asked with the
   * owner the events name at the end (after any reassignment; undefined when nobody owns the loop).
   * Without it every loop runs on `calendar`.
   */
  calendarOf?: (ownerEmail: string | undefined) => BusinessCalendar;
  /** the contact's other responses and asks, for repeat-score escalation and the advocacy cap */
  contact?: ContactContext;
}

export type SlaState = 'on_track' | 'near_breach' | 'breached' | 'met' | 'met_late' | 'closed';
/**
 * When a loop's owner hears about its first-touch clock: two near-breach warnings, at the moments
 * the policy sets (`nearBreach.fraction` of the window gone, and `nearBreach.beforeDueMs` before
 * due; an admin may change both), then the breach. The names say nothing about the defaults.
 */
export const NOTIFICATION_STAGES = ['near_breach_1', 'near_breach_2', 'breached'] as const;
export type NotificationStage = (typeof NOTIFICATION_STAGES)[number];

export interface LoopState {
  loopId: string;
  response: SurveyResponse;
  route: Route;
  severity: Severity;
  ownerEmail?: string;
  /** the IANA zone the loop's clock runs in (its owner's, else the business zone): every time shown of it names this zone */
  timeZone: string;
  status: 'open' | TerminalState;
  closedReason?: string;
  closedAt?: number;
  receivedAt: number;
  firstTouchDueAt: number;
  resolutionDueAt?: number;
  firstTouchAt?: number;
  /** when each notification stage falls due for this loop */
  stageTimes: Record<NotificationStage, number>;
  sla: { state: SlaState; dueAt: number; msLeft: number };
  /** unanswered attempts in all (see attemptPlan for the ones that count towards `no_response`) */
  attempts: number;
  attemptPlan: AttemptPlan;
  touches: LoopEventOf<'touch_logged'>[];
  escalations: Escalation[];
  complaint: { type: ComplaintType; queue: string | null; words: string[] };
  reason?: string;
  /** promoters only: when the review or referral ask is allowed */
  advocacy?: AdvocacyWindow & { askedAt?: number };
  /** resolved recovery loops only */
  resurvey?: { from: number; to: number };
  nextAction: { text: string; dueAt?: number };
  /** deduplicated, in causal order */
  events: LoopEvent[];
}

/** Order of events (by time, then id) with one canonical copy per id: see ./merge. */
export { orderEvents };

/**
 * The first warning falls when `fraction` of the first-touch window has passed, measured on the
 * same clock as the window (business time for business-clock routes).
 */
export function nearBreachTime(
  receivedAt: number,
  dueAt: number,
  businessClock: boolean,
  fraction: number,
  calendar: BusinessCalendar,
): number {
  const at = businessClock
    ? addBusinessTime(receivedAt, Math.round(businessMsBetween(receivedAt, dueAt, calendar) * fraction), calendar)
    : receivedAt + Math.round((dueAt - receivedAt) * fraction);
  return Math.min(at, dueAt);
}

/**
 * Open or closed, from close and reopen events. A reopen that names the close it undoes wins
 * whatever the clocks say; one that names none undoes the closes recorded before it. So a device
 * with a skewed clock cannot make a reopened loop look closed again, or the reverse.
 */
function closure(ordered: readonly LoopEvent[]): { status: 'open' | TerminalState; reason?: string; at?: number } {
  const undone = new Set<string>();
  for (const e of ordered) if (e.type === 'reopened' && e.reopens) undone.add(e.reopens);
  let current: LoopEventOf<'closed'> | undefined;
  for (const e of ordered) {
    if (e.type === 'closed' && !undone.has(e.id)) current = e;
    else if (e.type === 'reopened' && !e.reopens) current = undefined;
  }
  return current ? { status: current.state, reason: current.reason, at: current.at } : { status: 'open' };
}

/**
 * A loop's state at `now`: the fold of its events. Duplicates count once and the order of arrival
 * does not matter; a loop without its `received` event cannot be folded yet (it throws).
 */
export function foldLoop(events: readonly LoopEvent[], outer: EngineContext): LoopState {
  const ordered = orderEvents(events);
  // One pass collects everything the rules below need (this runs for every loop on every tick).
  let received: LoopEventOf<'received'> | undefined;
  let routed: LoopEventOf<'routed'> | undefined;
  let ownerOverride: string | undefined;
  let reason: string | undefined;
  let firstAsk: number | undefined;
  let hasCloseOrReopen = false;
  let reopens = 0;
  let unansweredTotal = 0;
  const touches: LoopEventOf<'touch_logged'>[] = [];
  for (const e of ordered) {
    switch (e.type) {
      case 'received':
        received ??= e;
        break;
      case 'routed':
        routed ??= e;
        break;
      case 'touch_logged':
        touches.push(e);
        if (e.outcome !== 'reached') unansweredTotal++;
        break;
      case 'reassigned':
        ownerOverride = e.toEmail;
        break;
      case 'reason_set':
        reason = e.category;
        break;
      case 'advocacy_asked':
        firstAsk ??= e.at;
        break;
      case 'reopened':
        reopens++;
        hasCloseOrReopen = true;
        break;
      case 'closed':
        hasCloseOrReopen = true;
        break;
    }
  }
  if (!received) throw new Error(`Loop ${events[0]?.loopId ?? '?'} has no received event yet`);
  const response = received.response;
  const classified = routed ?? classifyScore(response.scale, response.score, outer.policy);
  const route = classified.route;
  const firstTouchDueAt = routed?.firstTouchDueAt ?? response.respondedAt;
  const ownerEmail = ownerOverride ?? routed?.ownerEmail ?? response.ownerEmail;
  // The loop runs on its owner's clock: everything below that reads a calendar reads theirs.
  const ctx: EngineContext = outer.calendarOf ? { ...outer, calendar: outer.calendarOf(ownerEmail) } : outer;

  const plan = attemptPlan(touches, ctx.policy, reopens);
  let { status, reason: closedReason, at: closedAt } = hasCloseOrReopen ? closure(ordered) : OPEN;
  if (status === 'open' && plan.exhausted) {
    // Every loop ends in a terminal state: unanswered attempts used up is `no_response`.
    status = 'no_response';
    closedReason = `${plan.unanswered} attempts without reaching the customer`;
    closedAt = plan.exhaustedAt!;
  }
  // A device clock behind the response's cannot make a touch come before the response.
  const firstTouchAt = touches[0] === undefined ? undefined : Math.max(touches[0].at, response.respondedAt);

  const nearBreachAt =
    routed?.nearBreachAt ??
    nearBreachTime(
      response.respondedAt,
      firstTouchDueAt,
      isBusinessClock(firstTouchDuration(route, classified.severity, ctx.policy)),
      ctx.policy.nearBreach.fraction,
      ctx.calendar,
    );
  const stageTimes = {
    near_breach_1: nearBreachAt,
    near_breach_2: Math.max(response.respondedAt, firstTouchDueAt - ctx.policy.nearBreach.beforeDueMs),
    breached: firstTouchDueAt,
  };

  let slaState: SlaState;
  if (firstTouchAt !== undefined) slaState = firstTouchAt <= firstTouchDueAt ? 'met' : 'met_late';
  else if (status !== 'open') slaState = 'closed';
  else if (ctx.now >= firstTouchDueAt) slaState = 'breached';
  else if (ctx.now >= stageTimes.near_breach_1 || ctx.now >= stageTimes.near_breach_2) slaState = 'near_breach';
  else slaState = 'on_track';

  const complaint = route === 'advocacy' ? NO_COMPLAINT : complaintType(response.comment);
  const contact = ctx.contact ?? NO_CONTACT;
  const escalationInput: Parameters<typeof escalationsDue>[0] = { response, route, severity: classified.severity, events: ordered };
  if (firstTouchAt !== undefined) escalationInput.firstTouchAt = firstTouchAt;
  if (status !== 'open' && closedAt !== undefined) escalationInput.closedAt = closedAt;
  const state: LoopState = {
    loopId: received.loopId,
    response,
    route,
    severity: classified.severity,
    timeZone: ctx.calendar.timeZone,
    status,
    receivedAt: response.respondedAt,
    firstTouchDueAt,
    stageTimes,
    sla: { state: slaState, dueAt: firstTouchDueAt, msLeft: firstTouchDueAt - ctx.now },
    attempts: unansweredTotal,
    attemptPlan: plan,
    touches,
    escalations: escalationsDue(escalationInput, ctx.policy, contact, ctx.now),
    complaint: {
      type: complaint.type,
      words: complaint.words,
      queue: complaint.type === 'unknown' ? null : ctx.policy.complaintQueues[complaint.type],
    },
    nextAction: NO_ACTION,
    events: ordered,
  };
  // Optional fields are set only when known, so "absent" keeps meaning "not yet".
  if (ownerEmail) state.ownerEmail = ownerEmail;
  if (closedReason !== undefined) state.closedReason = closedReason;
  if (closedAt !== undefined) state.closedAt = closedAt;
  if (routed?.resolutionDueAt !== undefined) state.resolutionDueAt = routed.resolutionDueAt;
  if (firstTouchAt !== undefined) state.firstTouchAt = firstTouchAt;
  if (reason !== undefined) state.reason = reason;
  if (route === 'advocacy') {
    const window: LoopState['advocacy'] = advocacyWindow(
      response.respondedAt,
      contact.otherAdvocacyAsks ?? [],
      ctx.policy,
      ctx.calendar.timeZone,
    );
    state.advocacy = firstAsk === undefined ? window : { ...window, askedAt: firstAsk };
  }
  if (route === 'recovery' && status === 'resolved' && closedAt !== undefined) state.resurvey = resurveyWindow(closedAt, ctx.policy);
  state.nextAction = nextAction(state, ctx);
  return state;
}

const OPEN: { status: 'open'; reason?: string; at?: number } = { status: 'open' };
const NO_COMPLAINT: { type: ComplaintType; words: string[] } = { type: 'unknown', words: [] };
const NO_CONTACT: ContactContext = {};
const NO_ACTION = { text: '' };

/** The notification stages whose moment has passed; none once the loop is touched or closed. */
export function reachedNotificationStages(state: LoopState, ctx: Pick<EngineContext, 'now'>): NotificationStage[] {
  if (state.firstTouchAt !== undefined || state.status !== 'open') return [];
  return NOTIFICATION_STAGES.filter((s) => state.stageTimes[s] <= ctx.now);
}

export function notificationStageTimes(state: LoopState, _ctx?: unknown): Record<NotificationStage, number> {
  return state.stageTimes;
}
