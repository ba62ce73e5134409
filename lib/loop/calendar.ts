import * as z from 'zod/mini';
import { DAY_MS, fromWall, toWall, TimeZoneSchema } from './tz';

/** A time of day on the 24-hour clock, "09:00": working hours of the calendar and of each person. */
export const ClockTimeSchema = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)'));
/** ISO weekdays worked, 1 = Monday … 7 = Sunday; Monday to Friday unless said otherwise. */
export const WorkdaysSchema = z._default(z.array(z.int().check(z.minimum(1), z.maximum(7))).check(z.minLength(1)), [1, 2, 3, 4, 5]);

/** Working time of one owner: the clock every business-time SLA runs on. */
export const BusinessCalendarSchema = z
  .object({
    timeZone: TimeZoneSchema,
    workdays: WorkdaysSchema,
    start: z._default(ClockTimeSchema, '09:00'),
    end: z._default(ClockTimeSchema, '17:00'),
    /** local dates, YYYY-MM-DD, on which no business time passes */
    holidays: z._default(z.array(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))), []),
  })
  .check(z.refine((c) => c.start < c.end, { message: 'start must be before end', path: ['end'] }));
export type BusinessCalendar = z.infer<typeof BusinessCalendarSchema>;

const MINUTE = 60_000;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The working hours of one local day, as instants; `opensAt` null on a day off. */
type DayWindow = { opensAt: number; closesAt: number; nextMidnight: number } | { opensAt: null; closesAt: null; nextMidnight: number };

/** A calendar in the shape the arithmetic wants, built once per calendar. */
interface PreparedCalendar {
  timeZone: string;
  workday: boolean[]; // index = ISO weekday
  /** holidays as local day numbers (days since 1970-01-01 on the wall clock) */
  holidayDays: Set<number>;
  openMs: number; // after local midnight, wall-clock
  closeMs: number;
  /** whether any day can have working time at all */
  hasWorkingTime: boolean;
  /** day windows by local day number: the zone's offsets are looked up once per day, not per call */
  windows: Map<number, DayWindow>;
}

/** Cache by object (the usual case: one policy calendar), then by content (`{ ...cal, timeZone }` per owner). */
const preparedByObject = new WeakMap<BusinessCalendar, PreparedCalendar>();
const preparedByKey = new Map<string, PreparedCalendar>();
const MAX_PREPARED_KEYS = 256;
const MAX_WINDOWS = 50_000;

/** 'YYYY-MM-DD' → local day number; NaN for a date that does not exist ('2026-02-30'). */
function dayNumberOf(key: string): number {
  const ms = Date.parse(`${key}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== key) return Number.NaN;
  return ms / DAY_MS;
}

function prepare(cal: BusinessCalendar): PreparedCalendar {
  const cached = preparedByObject.get(cal);
  if (cached) return cached;
  const key = `${cal.timeZone}|${cal.workdays.join(',')}|${cal.start}|${cal.end}|${cal.holidays.join(',')}`;
  let p = preparedByKey.get(key);
  if (!p) {
    const workday = Array.from({ length: 8 }, (_, i) => i >= 1 && cal.workdays.includes(i));
    const openMs = minutesOf(cal.start) * MINUTE;
    const closeMs = minutesOf(cal.end) * MINUTE;
    const holidayDays = new Set<number>();
    for (const h of cal.holidays) {
      const n = dayNumberOf(h);
      if (!Number.isNaN(n)) holidayDays.add(n);
    }
    p = {
      timeZone: cal.timeZone,
      workday,
      holidayDays,
      openMs,
      closeMs,
      hasWorkingTime: workday.some(Boolean) && openMs < closeMs,
      windows: new Map(),
    };
    if (preparedByKey.size >= MAX_PREPARED_KEYS) preparedByKey.delete(preparedByKey.keys().next().value!);
    preparedByKey.set(key, p);
  }
  preparedByObject.set(cal, p);
  return p;
}

export function isWorkingDay(d: { isoWeekday: number; key: string }, cal: BusinessCalendar): boolean {
  return cal.workdays.includes(d.isoWeekday) && !cal.holidays.includes(d.key);
}

/** The length of one working day, in ms: "one business day" is this much business time. */
export const workdayMs = (cal: BusinessCalendar) => (minutesOf(cal.end) - minutesOf(cal.start)) * MINUTE;

/** Gives up after ~10 years in a row without a working minute (every day a holiday, say). */
const MAX_IDLE_DAYS = 3660;
/** businessMsBetween refuses spans longer than this (no SLA runs for centuries; it would only be slow). */
const MAX_SPAN_DAYS = 200 * 366;

/** ISO weekday of a local day number (day 0, 1970-01-01, was a Thursday). */
const isoWeekdayOf = (dayNumber: number) => ((((dayNumber + 3) % 7) + 7) % 7) + 1;

/** The working hours of local day `dayNumber`. */
function windowOf(dayNumber: number, p: PreparedCalendar): DayWindow {
  let w = p.windows.get(dayNumber);
  if (w) return w;
  const midnightWall = dayNumber * DAY_MS;
  const nextMidnight = fromWall(midnightWall + DAY_MS, p.timeZone);
  w =
    !p.workday[isoWeekdayOf(dayNumber)] || p.holidayDays.has(dayNumber)
      ? { opensAt: null, closesAt: null, nextMidnight }
      : { opensAt: fromWall(midnightWall + p.openMs, p.timeZone), closesAt: fromWall(midnightWall + p.closeMs, p.timeZone), nextMidnight };
  if (p.windows.size >= MAX_WINDOWS) p.windows.clear();
  p.windows.set(dayNumber, w);
  return w;
}

/** The working hours of the local day that contains `t`. */
const dayWindow = (t: number, p: PreparedCalendar): DayWindow => windowOf(Math.floor(toWall(t, p.timeZone) / DAY_MS), p);

function assertInstant(name: string, ms: number): void {
  if (!Number.isFinite(ms)) throw new RangeError(`${name} must be a finite number of ms, got ${ms}`);
}

/**
 * The moment `durationMs` of business time has passed after `startMs`. Time outside working
 * hours, on non-working days and on holidays does not count; a response at night starts the
 * clock at the next opening (so even a zero duration lands on the next opening). Hours are
 * wall-clock hours in the calendar's zone: 09:00–17:00 stays 09:00–17:00 across a DST change.
 * A negative duration counts as zero; a fractional one is rounded to the millisecond.
 * Throws a RangeError for a calendar without working time (no workdays, or start not before end)
 * and when ten years in a row pass without a working minute.
 */
export function addBusinessTime(startMs: number, durationMs: number, cal: BusinessCalendar): number {
  assertInstant('startMs', startMs);
  assertInstant('durationMs', durationMs);
  const p = prepare(cal);
  if (!p.hasWorkingTime) {
    throw new RangeError(
      p.workday.some(Boolean)
        ? `The business calendar has no working hours (${cal.start}–${cal.end}): start must be before end.`
        : 'The business calendar has no working days: workdays must name at least one ISO weekday (1 = Monday … 7 = Sunday).',
    );
  }
  let t = startMs;
  let remaining = Math.max(0, Math.round(durationMs));
  // Day by day, each found from the instant (not by counting) so a day a zone skipped is skipped.
  for (let idle = 0; idle < MAX_IDLE_DAYS;) {
    const w = dayWindow(t, p);
    if (w.opensAt !== null && t < w.closesAt) {
      if (t < w.opensAt) t = w.opensAt;
      const available = w.closesAt - t;
      if (remaining <= available) return t + remaining;
      remaining -= available;
      idle = 0;
    } else idle++;
    t = w.nextMidnight;
  }
  throw new RangeError('The business calendar has no working time in ten years in a row (are all days holidays?).');
}

export function addBusinessDays(startMs: number, days: number, cal: BusinessCalendar): number {
  assertInstant('days', days);
  return addBusinessTime(startMs, days * workdayMs(cal), cal);
}

/** Business time between two instants (0 when b is not after a). */
export function businessMsBetween(aMs: number, bMs: number, cal: BusinessCalendar): number {
  assertInstant('aMs', aMs);
  assertInstant('bMs', bMs);
  if (bMs <= aMs) return 0;
  const p = prepare(cal);
  if (!p.hasWorkingTime) return 0;
  if ((bMs - aMs) / DAY_MS > MAX_SPAN_DAYS)
    throw new RangeError(`businessMsBetween: span of ${Math.round((bMs - aMs) / DAY_MS)} days is too long`);
  let total = 0;
  let t = aMs;
  while (t < bMs) {
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
