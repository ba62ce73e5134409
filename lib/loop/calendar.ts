import { z } from 'zod';
import { DAY_MS, fromWall, wallParts } from './tz.ts';

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};
const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');

/** Working time of one owner: the clock every business-time SLA runs on. */
export const BusinessCalendarSchema = z
  .object({
    timeZone: z.string().refine(isTimeZone, 'is not an IANA time zone'),
    /** ISO weekdays, 1 = Monday … 7 = Sunday */
    workdays: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5]),
    start: HHMM.default('09:00'),
    end: HHMM.default('17:00'),
    /** local dates, YYYY-MM-DD, on which no business time passes */
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default([]),
  })
  .refine((c) => c.start < c.end, { message: 'start must be before end', path: ['end'] });
export type BusinessCalendar = z.infer<typeof BusinessCalendarSchema>;

const MINUTE = 60_000;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** A calendar in the shape the arithmetic wants, built once per calendar object. */
interface PreparedCalendar {
  timeZone: string;
  workday: boolean[]; // index = ISO weekday
  holidays: Set<string>;
  openMs: number; // after local midnight, wall-clock
  closeMs: number;
}
const prepared = new WeakMap<BusinessCalendar, PreparedCalendar>();
function prepare(cal: BusinessCalendar): PreparedCalendar {
  let p = prepared.get(cal);
  if (!p) {
    const workday = Array.from({ length: 8 }, (_, i) => cal.workdays.includes(i));
    p = { timeZone: cal.timeZone, workday, holidays: new Set(cal.holidays), openMs: minutesOf(cal.start) * MINUTE, closeMs: minutesOf(cal.end) * MINUTE };
    prepared.set(cal, p);
  }
  return p;
}

export function isWorkingDay(d: { isoWeekday: number; key: string }, cal: BusinessCalendar): boolean {
  return cal.workdays.includes(d.isoWeekday) && !cal.holidays.includes(d.key);
}

/** The length of one working day, in ms: "one business day" is this much business time. */
export const workdayMs = (cal: BusinessCalendar) => (minutesOf(cal.end) - minutesOf(cal.start)) * MINUTE;

/** Gives up after ~10 years of calendar without a working minute (a misconfigured calendar). */
const MAX_DAYS_SCANNED = 3660;

/** The working hours of the local day that contains `t`, as instants; null on a day off. */
function dayWindow(t: number, p: PreparedCalendar): { opensAt: number; closesAt: number; nextMidnight: number } | { opensAt: null; nextMidnight: number } {
  const day = wallParts(t, p.timeZone);
  const nextMidnight = fromWall(day.midnightWall + DAY_MS, p.timeZone);
  if (!p.workday[day.isoWeekday] || p.holidays.has(day.dateKey)) return { opensAt: null, nextMidnight };
  return {
    opensAt: fromWall(day.midnightWall + p.openMs, p.timeZone),
    closesAt: fromWall(day.midnightWall + p.closeMs, p.timeZone),
    nextMidnight,
  };
}

/**
 * The moment `durationMs` of business time has passed after `startMs`. Time outside working
 * hours, on non-working days and on holidays does not count; a response at night starts the
 * clock at the next opening (so even a zero duration lands on the next opening). Hours are
 * wall-clock hours in the calendar's zone: 09:00–17:00 stays 09:00–17:00 across a DST change.
 */
export function addBusinessTime(startMs: number, durationMs: number, cal: BusinessCalendar): number {
  const p = prepare(cal);
  let t = startMs;
  let remaining = Math.max(0, durationMs);
  for (let i = 0; i < MAX_DAYS_SCANNED; i++) {
    const w = dayWindow(t, p);
    if (w.opensAt !== null) {
      if (t < w.opensAt) t = w.opensAt;
      if (t < w.closesAt) {
        const available = w.closesAt - t;
        if (remaining <= available) return t + remaining;
        remaining -= available;
      }
    }
    t = w.nextMidnight;
  }
  throw new Error('The business calendar has no working time in the next ten years.');
}

export function addBusinessDays(startMs: number, days: number, cal: BusinessCalendar): number {
  return addBusinessTime(startMs, days * workdayMs(cal), cal);
}

/** Business time between two instants (0 when b is not after a). */
export function businessMsBetween(aMs: number, bMs: number, cal: BusinessCalendar): number {
  if (bMs <= aMs) return 0;
  const p = prepare(cal);
  let total = 0;
  let t = aMs;
  for (let i = 0; i < MAX_DAYS_SCANNED && t < bMs; i++) {
    const w = dayWindow(t, p);
    if (w.opensAt !== null) {
      const from = Math.max(t, w.opensAt);
      const to = Math.min(bMs, w.closesAt);
      if (to > from) total += to - from;
    }
    t = w.nextMidnight;
  }
  return total;
}

/** Whether `ms` falls inside working hours of a working day. */
export function isBusinessTime(ms: number, cal: BusinessCalendar): boolean {
  const w = dayWindow(ms, prepare(cal));
  return w.opensAt !== null && ms >= w.opensAt && ms < w.closesAt;
}

/** The next moment business time runs (ms itself when it already does). */
export const nextOpening = (ms: number, cal: BusinessCalendar): number => addBusinessTime(ms, 0, cal);
