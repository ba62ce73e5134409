import type { EngineContext, LoopState } from './fold';
import { formatDayMonth, formatLeftOrOverdue, formatWeekday, formatZonedDateTime } from './format';
import type { Channel } from './schemas';

const CHANNEL_WORD: Record<Channel, string> = { call: 'phone', email: 'e-mail', meeting: 'meeting' };

/**
 * The day an ask opens: "Thu" within the coming week, "Wed 1 Jul" further out (a quarter cap can
 * move it months ahead, where a bare weekday would be wrong).
 */
function askDay(allowedFrom: number, now: number, tz: string): string {
  return allowedFrom - now < 6 * 24 * 3_600_000 ? formatWeekday(allowedFrom, tz) : formatDayMonth(allowedFrom, tz);
}

/**
 * One sentence telling the rep what to do now, and by when:
 * "Call now — 2 h 10 min left", "E-mail first: no comment given", "Retry by e-mail before Tue 10:00",
 * "Ask for a review from Thu".
 */
export function nextAction(state: LoopState, ctx: EngineContext): { text: string; dueAt?: number } {
  const tz = ctx.calendar.timeZone;
  if (state.status !== 'open') {
    if (state.resurvey) {
      return {
        text: `Resolved — re-survey between ${formatDayMonth(state.resurvey.from, tz)} and ${formatDayMonth(state.resurvey.to, tz)}`,
        dueAt: state.resurvey.to,
      };
    }
    return { text: `Closed as ${state.status.replace('_', ' ')}${state.closedReason ? `: ${state.closedReason}` : ''}` };
  }

  if (state.route === 'advocacy') {
    const window = state.advocacy!;
    if (window.askedAt !== undefined) return { text: 'Asked for advocacy — close the loop when they answer' };
    if (state.firstTouchAt === undefined && ctx.now < window.allowedFrom) {
      return { text: `Thank them now; ask for a review from ${askDay(window.allowedFrom, ctx.now, tz)}`, dueAt: state.firstTouchDueAt };
    }
    if (ctx.now < window.allowedFrom)
      return { text: `Ask for a review from ${askDay(window.allowedFrom, ctx.now, tz)}`, dueAt: window.allowedFrom };
    return { text: 'Ask for a review or referral now', dueAt: window.allowedFrom + 48 * 3_600_000 };
  }

  const plan = state.attemptPlan;
  if (state.firstTouchAt === undefined) {
    const clock = formatLeftOrOverdue(state.firstTouchDueAt - ctx.now);
    if (state.route === 'recovery' && !state.response.comment.trim()) {
      return { text: `E-mail first: no comment given — ask what happened (${clock})`, dueAt: state.firstTouchDueAt };
    }
    if (state.route === 'recovery') return { text: `Call now — ${clock}`, dueAt: state.firstTouchDueAt };
    return { text: `Follow up on their feedback — ${clock}`, dueAt: state.firstTouchDueAt };
  }
  if (plan.retry) {
    return { text: `Retry by ${CHANNEL_WORD[plan.retry.channel]} before ${formatZonedDateTime(plan.retry.by, tz)}`, dueAt: plan.retry.by };
  }
  if (state.route === 'recovery') {
    const due = state.resolutionDueAt;
    return {
      text: state.reason
        ? `Resolve and close the loop${due ? ` by ${formatZonedDateTime(due, tz)}` : ''}`
        : `Record the root cause, then resolve${due ? ` by ${formatZonedDateTime(due, tz)}` : ''}`,
      ...(due !== undefined ? { dueAt: due } : {}),
    };
  }
  return { text: state.reason ? 'Close the loop' : 'Log the theme they raised, then close the loop' };
}
