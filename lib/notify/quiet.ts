import { isBusinessTime, nextOpening, type BusinessCalendar } from '@/lib/loop';

export interface QuietHours {
  enabled: boolean;
  /** critical recovery loops are announced at any hour */
  exceptCritical: boolean;
}

/**
 * When an alert for someone on `calendar` may be shown, if not now: the start of their next
 * working time. Undefined when it may be shown now. A calendar without any working time (every
 * day a holiday) never holds alerts back: holding them would silence them for good.
 */
export function heldUntil(now: number, critical: boolean, quiet: QuietHours, calendar: BusinessCalendar): number | undefined {
  if (!quiet.enabled || (critical && quiet.exceptCritical)) return undefined;
  try {
    return isBusinessTime(now, calendar) ? undefined : nextOpening(now, calendar);
  } catch {
    return undefined;
  }
}
