import type { LoopState, Route } from '@/lib/loop';
import type { LoopProjection } from './adapter';

const ROUTE_WORDS: Record<Route, string> = { recovery: 'Recovery', improvement: 'Improvement', advocacy: 'Advocacy' };
/** CRM task bodies are long text fields, but a verbatim pasted from an export can be anything */
const MAX_BODY = 4_000;

/** The loop as its CRM task: derived from the folded events only, so any member derives the same one. */
export function toProjection(state: LoopState): LoopProjection {
  const r = state.response;
  const who = r.name || r.email || r.hubspotId || r.salesforceId || 'contact';
  const critical = state.severity === 'critical';
  const closed = state.status !== 'open';
  const scoreText = `${r.scale.toUpperCase()} ${r.score}`;
  const subject = `${critical ? 'Critical ' : ''}${ROUTE_WORDS[state.route].toLowerCase()} follow-up: ${who} (${scoreText})`;
  const lines = [
    `${ROUTE_WORDS[state.route]} loop${critical ? ' (critical)' : ''} opened by Loopside for a ${scoreText} response.`,
    r.comment.trim() ? `Verbatim: "${r.comment.trim()}"` : 'No verbatim.',
    closed ? `Closed: ${state.status}.` : `Next: ${state.nextAction.text}`,
    `Loopside loop id: ${state.loopId}`,
  ];
  const body = lines.join('\n');
  return {
    loopId: state.loopId,
    ownerEmail: state.ownerEmail ?? r.ownerEmail ?? '',
    status: closed ? 'closed' : 'open',
    ...(state.status !== 'open' ? { terminalState: state.status } : {}),
    firstTouchDueAt: state.firstTouchDueAt,
    route: state.route,
    critical,
    contact: { email: r.email ?? '', name: r.name ?? '', hubspotId: r.hubspotId ?? '', salesforceId: r.salesforceId ?? '' },
    score: r.score,
    respondedAt: r.respondedAt,
    subject: subject.slice(0, 255),
    body: body.length > MAX_BODY ? `${body.slice(0, MAX_BODY - 1)}…` : body,
  };
}
