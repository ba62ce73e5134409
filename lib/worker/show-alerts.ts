import { browser } from 'wxt/browser';
import { RENAMED_STAGES } from '@/lib/notify/alert';

/** One alert the scan decided to show (already recorded as shown in Dexie). */
export interface AlertToShow {
  /** the `notified` row key: loop | kind | recipient */
  key: string;
  loopId: string;
  title: string;
  message: string;
  priority: 0 | 1 | 2;
  requireInteraction: boolean;
}

export interface AlertSummary {
  title: string;
  message: string;
  count: number;
}

const ALERT_PREFIX = 'alert|';
const SUMMARY_PREFIX = 'summary|';
export const OPEN_RECORD_BUTTON = 0;
export const SNOOZE_BUTTON = 1;

/** Firefox shows no notification buttons (and rejects the option): there a click opens the record. */
const supportsButtons = !import.meta.env.FIREFOX;

export const alertNotificationId = (key: string) => `${ALERT_PREFIX}${key}`;

export type NotificationTarget = { kind: 'alert'; key: string; loopId: string } | { kind: 'summary' } | null;

/** What a notification id stands for; null for ids that are not ours. */
export function notificationTarget(id: string): NotificationTarget {
  if (id.startsWith(SUMMARY_PREFIX)) return { kind: 'summary' };
  if (!id.startsWith(ALERT_PREFIX)) return null;
  const [loopId = '', kind = '', ...recipient] = id.slice(ALERT_PREFIX.length).split('|');
  // A notification still on screen from before the stages were renamed carries the old name; its
  // `notified` row was migrated, so the key must use the new one for "Snooze" to find it.
  const key = [loopId, Object.hasOwn(RENAMED_STAGES, kind) ? RENAMED_STAGES[kind] : kind, ...recipient].join('|');
  return { kind: 'alert', key, loopId };
}

/** Shows the scan's alerts in the order given (most urgent first), then one summary for the rest. */
export async function showAlerts(alerts: readonly AlertToShow[], summary: AlertSummary | undefined, now: number): Promise<void> {
  const iconUrl = browser.runtime.getURL('/icon/128.png');
  for (const a of alerts) {
    await browser.notifications.create(alertNotificationId(a.key), {
      type: 'basic',
      iconUrl,
      title: a.title,
      message: a.message,
      priority: a.priority,
      ...(supportsButtons
        ? { requireInteraction: a.requireInteraction, buttons: [{ title: 'Open record' }, { title: 'Snooze 1 h' }] }
        : {}),
    });
  }
  if (summary && summary.count > 0) {
    await browser.notifications.create(`${SUMMARY_PREFIX}${now}`, {
      type: 'basic',
      iconUrl,
      title: summary.title,
      message: summary.message,
      priority: 1,
    });
  }
}
