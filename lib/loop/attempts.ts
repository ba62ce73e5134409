import type { Policy } from './policy';
import type { Channel, LoopEventOf, Outcome } from './schemas';

/** Outcomes that mean the customer was not reached by that attempt. */
export const UNANSWERED: ReadonlySet<Outcome> = new Set(['no_answer', 'voicemail', 'wrong_contact']);

/** Another channel for the retry: a missed call becomes an e-mail, an unanswered e-mail a call. */
export const OTHER_CHANNEL: Record<Channel, Channel> = { call: 'email', email: 'call', meeting: 'email' };

export interface AttemptPlan {
  reached: boolean;
  /** unanswered attempts since the customer was last reached */
  unanswered: number;
  /** the retry the rep owes, when the last attempt went unanswered and attempts are left */
  retry?: { by: number; channel: Channel };
  /** the policy's maximum of unanswered attempts is used up: the loop ends as `no_response` */
  exhausted: boolean;
  /** when exhausted: the time of the attempt that used up the last one allowed */
  exhaustedAt?: number;
}

/**
 * The attempts to reach the customer, in causal order. A loop whose customer was never reached
 * is exhausted after `policy.attempts.max` unanswered attempts; once reached, it never is (the
 * loop then ends by a person's close). Every reopen of the loop grants another `max` attempts:
 * a set rule (how many reopens, not when), so neither arrival order nor a skewed clock can change
 * it, and a loop closed as `no_response` by its attempts can be reopened.
 */
export function attemptPlan(touches: readonly LoopEventOf<'touch_logged'>[], policy: Policy, reopens = 0): AttemptPlan {
  const lastReached = touches.findLastIndex((t) => t.outcome === 'reached');
  const since = touches.slice(lastReached + 1).filter((t) => UNANSWERED.has(t.outcome));
  const reached = lastReached >= 0;
  const allowed = policy.attempts.max * (1 + Math.max(0, Math.floor(reopens)));
  const exhausted = !reached && since.length >= allowed;
  const last = touches.at(-1);
  const retry =
    !reached && !exhausted && last && UNANSWERED.has(last.outcome)
      ? { by: last.at + policy.attempts.retryWithinMs, channel: OTHER_CHANNEL[last.channel] }
      : undefined;
  return {
    reached,
    unanswered: since.length,
    ...(retry ? { retry } : {}),
    exhausted,
    ...(exhausted ? { exhaustedAt: since[allowed - 1]!.at } : {}),
  };
}
