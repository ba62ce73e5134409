import type { LoopEvent, LoopState } from '@/lib/loop';
import type { LoopAction } from '@/lib/messaging/protocol';

export interface ActionContext {
  eventId: string;
  loopId: string;
  at: number;
  actor: string;
  /** the loop as it stands, to check that the action makes sense now */
  state: LoopState;
}

export type ActionVerdict = { ok: true; event: LoopEvent } | { ok: false; error: string };

/**
 * A person's action on a loop as the one event that records it, or why it cannot be done now.
 * Pure: the worker supplies the id the view made, the clock and the actor.
 */
export function eventFromAction(action: LoopAction, c: ActionContext): ActionVerdict {
  const base = { id: c.eventId, loopId: c.loopId, at: c.at, actor: c.actor };
  const open = c.state.status === 'open';
  switch (action.kind) {
    case 'touch':
      if (!open) return { ok: false, error: 'This loop is closed: reopen it to log a touch.' };
      return {
        ok: true,
        event: { ...base, type: 'touch_logged', channel: action.channel, outcome: action.outcome, note: action.note.trim() },
      };
    case 'close':
      if (!open) return { ok: false, error: 'This loop is already closed.' };
      return { ok: true, event: { ...base, type: 'closed', state: action.state, reason: action.reason } };
    case 'reopen': {
      if (open) return { ok: false, error: 'This loop is open already.' };
      const lastClose = c.state.events.findLast((e) => e.type === 'closed');
      return { ok: true, event: { ...base, type: 'reopened', reason: action.reason, ...(lastClose ? { reopens: lastClose.id } : {}) } };
    }
    case 'reason':
      return { ok: true, event: { ...base, type: 'reason_set', category: action.category, ...(action.note ? { note: action.note } : {}) } };
    case 'reassign':
      if (!open) return { ok: false, error: 'A closed loop cannot be reassigned.' };
      if (action.toEmail === c.state.ownerEmail) return { ok: false, error: `This loop is already owned by ${action.toEmail}.` };
      return { ok: true, event: { ...base, type: 'reassigned', toEmail: action.toEmail } };
    case 'advocacy_ask':
      if (c.state.route !== 'advocacy') return { ok: false, error: 'Only a promoter loop has an advocacy ask.' };
      return { ok: true, event: { ...base, type: 'advocacy_asked', channel: action.channel } };
  }
}
