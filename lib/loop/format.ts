import { wallParts } from './tz';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A span for people: "45 min", "2 h 10 min", "3 d 4 h", "less than a minute". */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return 'less than a minute';
  const d = Math.floor(abs / DAY);
  const h = Math.floor((abs % DAY) / HOUR);
  const m = Math.floor((abs % HOUR) / MINUTE);
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  return `${m} min`;
}

const WEEKDAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const two = (n: number) => String(n).padStart(2, '0');

/*
 * The formatters below read the wall clock through ./tz (memoised offsets) instead of building an
 * Intl.DateTimeFormat per call: the fold formats a deadline for every loop on every tick, and a
 * fresh Intl formatter costs tens of microseconds.
 */

/** "Tue" in `timeZone`. */
export const formatWeekday = (ms: number, timeZone: string): string => WEEKDAYS[wallParts(ms, timeZone).isoWeekday]!;

/** "Tue 10:00" in `timeZone` (24-hour clock): how a rep reads a deadline this week. */
export function formatWeekdayTime(ms: number, timeZone: string): string {
  const p = wallParts(ms, timeZone);
  return `${WEEKDAYS[p.isoWeekday]} ${two(p.hour)}:${two(p.minute)}`;
}

/** "Sat 7 Mar" in `timeZone`. */
export function formatDayMonth(ms: number, timeZone: string): string {
  const p = wallParts(ms, timeZone);
  return `${WEEKDAYS[p.isoWeekday]} ${p.day} ${MONTHS[p.month - 1]}`;
}
