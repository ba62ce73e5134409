import { formatDuration, type NotificationStage } from '@/lib/loop';

export interface NotificationFacts {
  stage: NotificationStage;
  contactName: string;
  routeLabel: string;
  score: number;
  scaleMax: number;
  dueAt: number;
  now: number;
  timeZone: string;
  showContactName: boolean;
}

/**
 * Short text for a desktop notification. It shows on lock screens, so it never carries the
 * customer's verbatim, and the contact's name only when the user allows it.
 */
export function notificationText(f: NotificationFacts): { title: string; message: string } {
  const due = new Intl.DateTimeFormat('en-GB', {
    timeZone: f.timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(f.dueAt);
  const who = f.showContactName && f.contactName ? f.contactName : 'A customer';
  const title =
    f.stage === 'breached'
      ? `First-touch SLA breached ${formatDuration(f.now - f.dueAt)} ago`
      : `First touch due in ${formatDuration(f.dueAt - f.now)}`;
  return { title, message: `${who} · ${f.routeLabel} · score ${f.score}/${f.scaleMax} · due ${due}` };
}
