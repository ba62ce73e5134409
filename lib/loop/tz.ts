import { tzOffset } from '@date-fns/tz';
import * as z from 'zod/mini';

/**
 * Wall-clock arithmetic in an IANA time zone, fast enough to run for 100k loops in one tick.
 *
 * The offsets come from @date-fns/tz (`tzOffset`, which reads the runtime's tz database through
 * Intl). Asking Intl costs microseconds, so offsets are memoised per zone and per UTC day: a day
 * holds at most one transition, found once by bisection and then answered from the memo.
 *
 * A "wall" value is the local date-time written as if it were UTC (epoch ms): its UTC getters
 * give the local year, month, day, weekday, hour and minute.
 */

const MINUTE = 60_000;
export const DAY_MS = 86_400_000;

interface DayOffsets {
  /** offset in ms at the start of the UTC day */
  before: number;
  /** first instant of the day on the `after` offset (Infinity when the day has no transition) */
  switchAt: number;
  after: number;
}

const memo = new Map<string, Map<number, DayOffsets>>();

const rawOffsetMs = (timeZone: string, ms: number): number => {
  const minutes = tzOffset(timeZone, new Date(ms));
  if (Number.isNaN(minutes)) throw new RangeError(`Unknown time zone "${timeZone}"`);
  return Math.round(minutes * MINUTE);
};

function dayOffsets(timeZone: string, day: number): DayOffsets {
  let zone = memo.get(timeZone);
  if (!zone) memo.set(timeZone, (zone = new Map()));
  const cached = zone.get(day);
  if (cached) return cached;
  const start = day * DAY_MS;
  const before = rawOffsetMs(timeZone, start);
  const after = rawOffsetMs(timeZone, start + DAY_MS - 1);
  let switchAt = Infinity;
  if (before !== after) {
    // Bisection to the minute: transitions fall on whole minutes in every real zone.
    let lo = start; // on `before`
    let hi = start + DAY_MS - 1; // on `after`
    while (hi - lo > MINUTE) {
      const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE || lo + MINUTE;
      if (rawOffsetMs(timeZone, mid) === before) lo = mid;
      else hi = mid;
    }
    switchAt = Math.floor(hi / MINUTE) * MINUTE;
    if (rawOffsetMs(timeZone, switchAt) === before) switchAt += MINUTE;
  }
  const entry = { before, switchAt, after };
  zone.set(day, entry);
  return entry;
}

/** UTC offset (ms) in force at instant `ms` in `timeZone`. */
export function offsetAt(ms: number, timeZone: string): number {
  const d = dayOffsets(timeZone, Math.floor(ms / DAY_MS));
  return ms < d.switchAt ? d.before : d.after;
}

/** instant → wall value */
export const toWall = (ms: number, timeZone: string): number => ms + offsetAt(ms, timeZone);

/**
 * wall value → instant. A wall time that does not exist (the hour skipped when clocks spring
 * forward) moves forward by the gap, as clocks do; one that exists twice (fall back) takes the
 * first occurrence.
 */
export function fromWall(wall: number, timeZone: string): number {
  // Offsets in force well before and well after: transitions are months apart, so these are the
  // only two offsets this wall time can belong to.
  const early = offsetAt(wall - 18 * 3_600_000, timeZone);
  const late = offsetAt(wall + 18 * 3_600_000, timeZone);
  const a = wall - early;
  if (early === late) return a;
  const b = wall - late;
  const aFits = toWall(a, timeZone) === wall;
  const bFits = toWall(b, timeZone) === wall;
  if (aFits && bFits) return Math.min(a, b);
  if (aFits) return a;
  if (bFits) return b;
  return a; // in the gap: read with the offset before the jump, it lands after the gap
}

const pad = (n: number) => String(n).padStart(2, '0');

export interface WallParts {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday */
  isoWeekday: number;
  hour: number;
  minute: number;
  /** YYYY-MM-DD */
  dateKey: string;
  /** wall value of local midnight of this day */
  midnightWall: number;
}

export function wallParts(ms: number, timeZone: string): WallParts {
  const wall = toWall(ms, timeZone);
  const d = new Date(wall);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return {
    year,
    month,
    day,
    isoWeekday: d.getUTCDay() || 7,
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    dateKey: `${year}-${pad(month)}-${pad(day)}`,
    midnightWall: Math.floor(wall / DAY_MS) * DAY_MS,
  };
}

/** `days` calendar days later at the same wall-clock time (a DST change does not shift the hour). */
export function addCalendarDays(ms: number, days: number, timeZone: string): number {
  return fromWall(toWall(ms, timeZone) + days * DAY_MS, timeZone);
}

/** `months` calendar months later at the same wall-clock time; the 31st becomes the month's last day. */
export function addCalendarMonths(ms: number, months: number, timeZone: string): number {
  const wall = toWall(ms, timeZone);
  const d = new Date(wall);
  const target = d.getUTCMonth() + months;
  const year = d.getUTCFullYear() + Math.floor(target / 12);
  const month = ((target % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const shifted = Date.UTC(year, month, Math.min(d.getUTCDate(), lastDay)) + (wall - Math.floor(wall / DAY_MS) * DAY_MS);
  return fromWall(shifted, timeZone);
}

/** Whether the runtime knows the IANA time zone (`Europe/Berlin`); an unknown one would make every local time NaN. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone the runtime knows: the one check behind the calendar, the settings and the team directory. */
export const TimeZoneSchema = z.string().check(z.refine(isTimeZone, { message: 'is not an IANA time zone (e.g. Europe/Berlin)' }));
