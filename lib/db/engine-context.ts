import { DEFAULT_POLICY, type BusinessCalendar, type Policy } from '@/lib/loop';
import type { Settings } from '@/lib/settings/schema';

export interface EngineContextInput {
  policy: Policy;
  settings: Settings;
}

/** Local mode has one business calendar: the policy's hours and holidays in the user's chosen time zone. */
export function calendarFor(policy: Policy, settings: Settings): BusinessCalendar {
  return { ...policy.calendar, timeZone: settings.timeZone };
}

export function engineContext({ policy, settings }: EngineContextInput, now: number) {
  return { policy, now, calendar: calendarFor(policy, settings) };
}

export { DEFAULT_POLICY };
