import type { BusinessCalendar, Policy } from '@/lib/loop';
import { personCalendar, type Person } from '@/lib/people/schema';
import type { Settings } from '@/lib/settings/schema';
import type { LoopsideDb } from './schema';
import { readPolicy, readSettings } from './settings';

/** The business calendar: the policy's hours and holidays in the business time zone from settings. */
export function calendarFor(policy: Policy, settings: Settings): BusinessCalendar {
  return { ...policy.calendar, timeZone: settings.timeZone };
}

/** A loop owner's calendar, by the owner's e-mail (undefined: nobody owns the loop). */
export type CalendarOf = (ownerEmail: string | undefined) => BusinessCalendar;

/**
 * Each owner's calendar from the team directory (their zone, hours and workdays, with the policy's
 * holidays); the business calendar for an owner the directory does not list and for unowned loops.
 * One calendar object per person, so the engine's prepared-calendar cache is hit for every loop.
 */
export function ownerCalendars(policy: Policy, settings: Settings, people: readonly Person[]): CalendarOf {
  const business = calendarFor(policy, settings);
  const byEmail = new Map(people.map((p) => [p.email.toLowerCase(), personCalendar(p, policy)]));
  return (ownerEmail) => (ownerEmail ? byEmail.get(ownerEmail.trim().toLowerCase()) : undefined) ?? business;
}

/** What appendEvents and the fold need to put a loop on its owner's clock. */
export interface ClockContext {
  policy: Policy;
  settings: Settings;
  /** the business calendar (fallback) */
  calendar: BusinessCalendar;
  calendarOf: CalendarOf;
}

/** Reads policy, settings and the team directory, and builds every owner's calendar from them. */
export async function readClockContext(db: LoopsideDb): Promise<ClockContext> {
  const [policy, settings, people] = await Promise.all([readPolicy(db), readSettings(db), db.people.toArray()]);
  return { policy, settings, calendar: calendarFor(policy, settings), calendarOf: ownerCalendars(policy, settings, people) };
}
