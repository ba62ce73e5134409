import type { BusinessCalendar, Policy } from '@/lib/loop';
import type { Settings } from '@/lib/settings/schema';

/** Local mode has one business calendar: the policy's hours and holidays in the user's chosen time zone. */
export function calendarFor(policy: Policy, settings: Settings): BusinessCalendar {
  return { ...policy.calendar, timeZone: settings.timeZone };
}
