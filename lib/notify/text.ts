import { formatDuration, formatZonedDateTime, type EscalationKind, type EscalationLevel } from '@/lib/loop';
import { ESCALATION_LEVEL_SHORT, plural } from '@/lib/labels';
import type { AlertKind } from './alert';

export interface AlertFacts {
  kind: AlertKind;
  /** shown again after a snooze */
  reminder: boolean;
  /** escalations: what triggered it, and how long after the response */
  cause?: { kind: EscalationKind; afterMs: number };
  contactName: string;
  showContactName: boolean;
  /** whose loop it is, when the reader is not its owner ('' when nobody owns it) */
  owner?: { name: string; unassigned: boolean };
  routeLabel: string;
  score: number;
  scaleMax: number;
  dueAt: number;
  now: number;
  /** the zone the loop's clock runs in: the due time is shown on it, with its name */
  timeZone: string;
}

/** A category, never the customer's words nor a colleague's free text: both could be read off a lock screen. */
function causeWords(cause: AlertFacts['cause']): string {
  switch (cause?.kind) {
    case 'ladder':
      return `no touch in ${Math.round(cause.afterMs / 3_600_000)} h`;
    case 'churn_intent':
      return 'churn risk';
    case 'top_revenue':
      return 'top-revenue account';
    case 'repeat_low_score':
      return 'second low score';
    case 'recorded':
      return 'escalated by a colleague';
    default:
      return 'escalated';
  }
}

function titleOf(f: AlertFacts): string {
  if (f.kind.startsWith('escalation:'))
    return `Escalation to ${ESCALATION_LEVEL_SHORT[f.kind.slice('escalation:'.length) as EscalationLevel]}: ${causeWords(f.cause)}`;
  if (f.kind === 'breached') return `First-touch SLA breached ${formatDuration(Math.max(0, f.now - f.dueAt))} ago`;
  return f.dueAt > f.now ? `First touch due in ${formatDuration(f.dueAt - f.now)}` : 'First touch due now';
}

/**
 * Short text for a desktop notification. It shows on lock screens, so it never carries the
 * customer's verbatim or a reason someone typed, and the contact's name only when the user allows it.
 */
export function alertText(f: AlertFacts): { title: string; message: string } {
  const due = formatZonedDateTime(f.dueAt, f.timeZone);
  const who = f.showContactName && f.contactName ? f.contactName : 'A customer';
  const parts = [who, f.routeLabel, `score ${f.score}/${f.scaleMax}`, `due ${due}`];
  if (f.owner) parts.push(f.owner.unassigned ? 'unassigned' : `owner ${f.owner.name}`);
  const title = titleOf(f);
  return { title: f.reminder ? `Reminder: ${title.charAt(0).toLowerCase()}${title.slice(1)}` : title, message: parts.join(' · ') };
}

/** The one notification standing for the alerts over the budget; clicking it opens the queue. */
export function summaryText(count: number): { title: string; message: string } {
  return {
    title: plural(count, 'more loop needs attention', 'more loops need attention'),
    message: 'Open the queue to see them.',
  };
}
