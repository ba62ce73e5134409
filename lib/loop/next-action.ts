import type { EngineContext, LoopState } from './fold';
import { formatDuration } from './format';

/** One sentence telling the rep what to do now, with the time it is due by. */
export function nextAction(state: LoopState, ctx: EngineContext): { text: string; dueAt?: number } {
  if (state.status !== 'open') return { text: `Closed as ${state.status.replace('_', ' ')}${state.closedReason ? `: ${state.closedReason}` : ''}` };
  const left = state.firstTouchDueAt - ctx.now;
  const clock = left >= 0 ? `${formatDuration(left)} left` : `first-touch SLA breached ${formatDuration(left)} ago`;
  if (state.firstTouchAt === undefined) {
    if (state.route === 'recovery' && !state.response.comment.trim()) {
      return { text: `E-mail first: no comment given — ${clock}`, dueAt: state.firstTouchDueAt };
    }
    if (state.route === 'recovery') return { text: `Call now — ${clock}`, dueAt: state.firstTouchDueAt };
    if (state.route === 'improvement') return { text: `Follow up on their feedback — ${clock}`, dueAt: state.firstTouchDueAt };
    return { text: `Thank them — ${clock}`, dueAt: state.firstTouchDueAt };
  }
  const last = state.touches.at(-1)!;
  if (last.outcome === 'reached') {
    return { text: state.route === 'recovery' ? 'Record the root cause and resolve the loop' : 'Close the loop', dueAt: state.resolutionDueAt };
  }
  return { text: `Try again on another channel within 48 h`, dueAt: last.at + 48 * 3_600_000 };
}
