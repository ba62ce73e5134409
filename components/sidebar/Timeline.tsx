import { CHANNEL_LABEL, OUTCOME_LABEL, ROUTE_LABEL, SCALE_LABEL } from '@/lib/labels';
import { formatDateTime, type LoopEvent } from '@/lib/loop';
import { CLOSE_LABEL } from '@/lib/labels';

function describe(event: LoopEvent, timeZone: string): { title: string; detail?: string } {
  switch (event.type) {
    case 'received':
      return { title: `${SCALE_LABEL[event.response.scale]} response received: ${event.response.score}` };
    case 'routed':
      return {
        title: `Routed to ${ROUTE_LABEL[event.route]}${event.severity === 'critical' ? ' (critical)' : ''}`,
        detail: `First touch due ${formatDateTime(event.firstTouchDueAt, timeZone)}`,
      };
    case 'touch_logged':
      return { title: `${CHANNEL_LABEL[event.channel]} · ${OUTCOME_LABEL[event.outcome]}`, detail: event.note || undefined };
    case 'reason_set':
      return { title: `Root cause: ${event.category}`, detail: event.note };
    case 'escalated':
      return {
        title: `Escalated to ${event.level.replace('_', ' ')}`,
        detail: event.evidence ? `${event.reason} — “${event.evidence}”` : event.reason,
      };
    case 'reassigned':
      return { title: `Reassigned to ${event.toEmail}` };
    case 'closed':
      return { title: `Closed: ${CLOSE_LABEL[event.state]}`, detail: event.reason };
    case 'reopened':
      return { title: 'Reopened', detail: event.reason };
    case 'advocacy_asked':
      return { title: `Advocacy ask by ${CHANNEL_LABEL[event.channel]}` };
    default:
      return { title: (event as { type: string }).type };
  }
}

/** A response is dated when the customer answered, not when it was imported. */
const shownAt = (event: LoopEvent) => (event.type === 'received' ? event.response.respondedAt : event.at);

/** Newest first. Notes are customer-facing text typed by reps: rendered as text, never HTML. */
export function Timeline({ events, timeZone }: { events: readonly LoopEvent[]; timeZone: string }) {
  const ordered = [...events].sort((a, b) => shownAt(b) - shownAt(a) || b.id.localeCompare(a.id));
  return (
    <ol className="timeline" data-testid="timeline">
      {ordered.map((event) => {
        const { title, detail } = describe(event, timeZone);
        return (
          <li key={event.id} className="timeline__item">
            <span className="timeline__title">{title}</span>
            <time className="timeline__time" dateTime={new Date(shownAt(event)).toISOString()}>
              {formatDateTime(shownAt(event), timeZone)}
              {event.actor !== 'system' ? ` · ${event.actor}` : ''}
            </time>
            {detail ? <span className="timeline__detail">{detail}</span> : null}
          </li>
        );
      })}
    </ol>
  );
}
