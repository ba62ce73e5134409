import { z } from 'zod';
import { TZDate } from '@date-fns/tz';

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
const pad = (n: number) => String(n).padStart(2, '0');

interface LocalDay {
  year: number;
  month: number; // 0-based
  day: number;
  isoWeekday: number;
  key: string;
}

function localDay(ms: number, timeZone: string): LocalDay {
  const d = new TZDate(ms, timeZone);
  const year = d.getFullYear();
  const month = d.getMonth();
  const day = d.getDate();
  return { year, month, day, isoWeekday: d.getDay() || 7, key: `${year}-${pad(month + 1)}-${pad(day)}` };
}

/** Wall-clock minutes after local midnight of that day → epoch ms (DST-aware). */
const atLocal = (d: LocalDay, minutes: number, timeZone: string) =>
  new TZDate(d.year, d.month, d.day, Math.floor(minutes / 60), minutes % 60, 0, 0, timeZone).getTime();

const nextLocalMidnight = (d: LocalDay, timeZone: string) => new TZDate(d.year, d.month, d.day + 1, 0, 0, 0, 0, timeZone).getTime();

export function isWorkingDay(d: { isoWeekday: number; key: string }, cal: BusinessCalendar): boolean {
  return cal.workdays.includes(d.isoWeekday) && !cal.holidays.includes(d.key);
}

/** The length of one working day, in ms: "one business day" is this much business time. */
export const workdayMs = (cal: BusinessCalendar) => (minutesOf(cal.end) - minutesOf(cal.start)) * MINUTE;

/** Gives up after ~10 years of calendar without a working minute (a misconfigured calendar). */
const MAX_DAYS_SCANNED = 3660;

/**
 * The moment `durationMs` of business time has passed after `startMs`. Time outside working
 * hours, on non-working days and on holidays does not count; a response at night starts the
 * clock at the next opening. Hours are wall-clock hours in the calendar's zone, so a DST change
 * never makes a working day longer or shorter.
 */
export function addBusinessTime(startMs: number, durationMs: number, cal: BusinessCalendar): number {
  let t = startMs;
  let remaining = Math.max(0, durationMs);
  const open = minutesOf(cal.start);
  const close = minutesOf(cal.end);
  for (let i = 0; i < MAX_DAYS_SCANNED; i++) {
    const day = localDay(t, cal.timeZone);
    if (isWorkingDay(day, cal)) {
      const opensAt = atLocal(day, open, cal.timeZone);
      const closesAt = atLocal(day, close, cal.timeZone);
      if (t < opensAt) t = opensAt;
      if (t < closesAt) {
        const available = closesAt - t;
        if (remaining <= available) return t + remaining;
        remaining -= available;
      }
    }
    t = nextLocalMidnight(day, cal.timeZone);
  }
  throw new Error('The business calendar has no working time in the next ten years.');
}

export function addBusinessDays(startMs: number, days: number, cal: BusinessCalendar): number {
  return addBusinessTime(startMs, days * workdayMs(cal), cal);
}

/** Business time between two instants (0 when b is not after a). */
export function businessMsBetween(aMs: number, bMs: number, cal: BusinessCalendar): number {
  if (bMs <= aMs) return 0;
  let total = 0;
  let t = aMs;
  const open = minutesOf(cal.start);
  const close = minutesOf(cal.end);
  for (let i = 0; i < MAX_DAYS_SCANNED && t < bMs; i++) {
    const day = localDay(t, cal.timeZone);
    const midnight = nextLocalMidnight(day, cal.timeZone);
    if (isWorkingDay(day, cal)) {
      const from = Math.max(t, atLocal(day, open, cal.timeZone));
      const to = Math.min(bMs, atLocal(day, close, cal.timeZone));
      if (to > from) total += to - from;
    }
    t = midnight;
  }
  return total;
}
