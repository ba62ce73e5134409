import { detectChurnIntent } from './classify';
import type { Policy } from './policy';
import { classifyScore } from './routing';
import type { EscalationLevel, LoopEvent, Route, Severity, SurveyResponse } from './schemas';

const DAY = 86_400_000;

/** What the engine knows about the contact beyond this loop; the caller gathers it from the store. */
export interface ContactContext {
  /** the same contact's other responses (any loop, any time) */
  otherResponses?: readonly SurveyResponse[];
  /** account revenue at or above which an account is "top revenue" (see topRevenueThreshold) */
  topRevenueThreshold?: number | null;
  /** times of advocacy asks made to this contact in other loops */
  otherAdvocacyAsks?: readonly number[];
}

export type EscalationKind = 'ladder' | 'churn_intent' | 'top_revenue' | 'repeat_low_score' | 'recorded';

export interface Escalation {
  level: EscalationLevel;
  kind: EscalationKind;
  reason: string;
  /** the customer's words or the fact that triggered it, quoted */
  evidence?: string;
  /** when it became due */
  at: number;
}

/**
 * The revenue of the smallest account still in the top `share` of accounts by revenue;
 * a policy's fixed threshold wins when set. Null when no account has a revenue.
 */
export function topRevenueThreshold(revenues: readonly number[], policy: Policy): number | null {
  if (policy.escalation.topRevenueThreshold !== null) return policy.escalation.topRevenueThreshold;
  const sorted = revenues.filter((r) => Number.isFinite(r) && r > 0).sort((a, b) => b - a);
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(sorted.length * policy.escalation.topRevenueShare) - 1)]!;
}

const sameDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface EscalationInput {
  response: SurveyResponse;
  route: Route;
  severity: Severity;
  firstTouchAt?: number;
  /** when the loop closed, if it is closed now: the ladder stops there */
  closedAt?: number;
  events: readonly LoopEvent[];
}

/**
 * Who must hear about this loop, and why, as of `now`:
 * - immediately: a critical score with churn intent (CX lead), a critical score from a top-revenue
 *   account (VP of customer success), a second recovery score from the contact within the window (manager);
 * - the ladder: no touch logged `afterMs` after the response (manager at 24 h, CX lead at 36 h by default),
 *   unless the loop was closed before that step (a loop closed untouched is no longer waiting for a call);
 * - escalations a person recorded.
 * Only recovery loops escalate: a passive or promoter without a call is not a broken promise.
 */
export function escalationsDue(loop: EscalationInput, policy: Policy, contact: ContactContext, now: number): Escalation[] {
  const out: Escalation[] = [];
  const { response } = loop;
  if (loop.route === 'recovery') {
    if (loop.severity === 'critical') {
      const churn = detectChurnIntent(response.comment);
      if (churn) {
        out.push({
          level: 'cx_lead',
          kind: 'churn_intent',
          reason: 'Critical score with churn intent',
          evidence: churn.sentence,
          at: response.respondedAt,
        });
      }
      const threshold = contact.topRevenueThreshold ?? null;
      if (threshold !== null && (response.accountRevenue ?? 0) >= threshold && (response.accountRevenue ?? 0) > 0) {
        out.push({
          level: 'vp_cs',
          kind: 'top_revenue',
          reason: 'Critical score from a top-revenue account',
          evidence: `${response.company ?? 'Account'} revenue ${response.accountRevenue!.toLocaleString('en-US')}`,
          at: response.respondedAt,
        });
      }
    }
    const windowMs = policy.escalation.repeatWindowDays * DAY;
    let earlierLow: SurveyResponse | undefined;
    for (const r of contact.otherResponses ?? []) {
      if (r.id === response.id || r.respondedAt >= response.respondedAt || response.respondedAt - r.respondedAt > windowMs) continue;
      // The latest earlier low score is the evidence; two in the same millisecond (one import, one
      // webhook batch) are told apart by id, so every teammate's fold names the same one.
      if (
        earlierLow !== undefined &&
        (r.respondedAt < earlierLow.respondedAt || (r.respondedAt === earlierLow.respondedAt && r.id <= earlierLow.id))
      )
        continue;
      if (isRecoveryScore(r, policy)) earlierLow = r;
    }
    if (earlierLow) {
      out.push({
        level: 'manager',
        kind: 'repeat_low_score',
        reason: `Second low score within ${policy.escalation.repeatWindowDays} days`,
        evidence: `Earlier: ${earlierLow.scale.toUpperCase()} ${earlierLow.score} on ${sameDay(earlierLow.respondedAt)}${earlierLow.comment ? ` — “${earlierLow.comment.slice(0, 160)}”` : ''}`,
        at: response.respondedAt,
      });
    }
    for (const step of policy.escalation.ladder) {
      const at = response.respondedAt + step.afterMs;
      const touchedInTime = loop.firstTouchAt !== undefined && loop.firstTouchAt <= at;
      const closedBefore = loop.closedAt !== undefined && loop.closedAt < at;
      if (at <= now && !touchedInTime && !closedBefore) {
        out.push({ level: step.level, kind: 'ladder', reason: ladderReason(step.afterMs), at });
      }
    }
  }
  for (const e of loop.events) {
    if (e.type === 'escalated')
      out.push({ level: e.level, kind: 'recorded', reason: e.reason, ...(e.evidence ? { evidence: e.evidence } : {}), at: e.at });
  }
  return out.length > 1 ? out.sort((a, b) => a.at - b.at) : out;
}

const isRecoveryScore = (r: SurveyResponse, policy: Policy): boolean => {
  try {
    return classifyScore(r.scale, r.score, policy).route === 'recovery';
  } catch {
    return false; // an out-of-scale score from another source is no evidence either way
  }
};

const ladderReasons = new Map<number, string>();
/** "No touch logged 24 h after the response", built once per step rather than once per loop and tick. */
function ladderReason(afterMs: number): string {
  let text = ladderReasons.get(afterMs);
  if (text === undefined) ladderReasons.set(afterMs, (text = `No touch logged ${Math.round(afterMs / 3_600_000)} h after the response`));
  return text;
}

/** The next ladder step that has not been reached yet, for scheduling; undefined when none is left. */
export function nextLadderStepAt(loop: EscalationInput, policy: Policy, now: number): number | undefined {
  if (loop.route !== 'recovery' || loop.firstTouchAt !== undefined || loop.closedAt !== undefined) return undefined;
  return policy.escalation.ladder.map((s) => loop.response.respondedAt + s.afterMs).find((at) => at > now);
}
