import { wallParts } from './tz';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const two = (n: number) => String(n).padStart(2, '0');

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

/** A countdown that moves every second: "2 h 05 min 09 s", "4 min 30 s". */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.floor(Math.abs(ms) / 1000));
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (d > 0) return `${d} d ${h} h ${two(m)} min`;
  if (h > 0) return `${h} h ${two(m)} min ${two(s)} s`;
  return `${m} min ${two(s)} s`;
}

/** "2 h 10 min left" / "1 h overdue": the time to a deadline (`remainingMs` < 0 once it passed), in `span`'s words. */
export const formatLeftOrOverdue = (remainingMs: number, span: (ms: number) => string = formatDuration): string =>
  remainingMs >= 0 ? `${span(remainingMs)} left` : `${span(remainingMs)} overdue`;

const WEEKDAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/*
 * The formatters below read the wall clock through ./tz (memoised offsets) instead of building an
 * Intl.DateTimeFormat per call: the fold formats a deadline for every loop on every tick, and a
 * fresh Intl formatter costs tens of microseconds.
 */

/** "Tue" in `timeZone`. */
export const formatWeekday = (ms: number, timeZone: string): string => WEEKDAYS[wallParts(ms, timeZone).isoWeekday]!;

/** "Tue 10:00" in `timeZone` (24-hour clock): only for a moment whose date is said next to it; a deadline uses formatZonedDateTime. */
export function formatWeekdayTime(ms: number, timeZone: string): string {
  const p = wallParts(ms, timeZone);
  return `${WEEKDAYS[p.isoWeekday]} ${two(p.hour)}:${two(p.minute)}`;
}

/** "Sat 7 Mar" in `timeZone`. */
export function formatDayMonth(ms: number, timeZone: string): string {
  const p = wallParts(ms, timeZone);
  return `${WEEKDAYS[p.isoWeekday]} ${p.day} ${MONTHS[p.month - 1]}`;
}

/*
 * One date format across the product, built on the same memoised wall clock: a day reads "Tue 3 Mar",
 * a moment "Tue 3 Mar, 10:05" (24-hour clock), and wherever a moment stands on its own it names its
 * zone: "Tue 3 Mar, 10:05 Berlin time". A deadline always carries its date, never a bare weekday.
 */

/** Date and time in `timeZone`: "Tue 3 Mar, 10:05". */
export function formatDateTime(ms: number, timeZone: string): string {
  const p = wallParts(ms, timeZone);
  return `${WEEKDAYS[p.isoWeekday]} ${p.day} ${MONTHS[p.month - 1]}, ${two(p.hour)}:${two(p.minute)}`;
}

/**
 * The zone as people say it: "Berlin time", "New York time", "UTC". The IANA city is unambiguous
 * where abbreviations are not (CST is three different zones) and needs no locale data.
 */
export function zoneLabel(timeZone: string): string {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC' || timeZone === 'Etc/GMT' || timeZone === 'GMT') return 'UTC';
  const city = timeZone.slice(timeZone.lastIndexOf('/') + 1).replaceAll('_', ' ');
  return `${city} time`;
}

/** A moment with its date and its zone: "Tue 3 Mar, 10:05 Berlin time". Use it wherever a time is shown. */
export const formatZonedDateTime = (ms: number, timeZone: string): string => `${formatDateTime(ms, timeZone)} ${zoneLabel(timeZone)}`;

/** The date alone in `timeZone`: "3 Mar 2026". */
export function formatDate(ms: number, timeZone: string): string {
  const p = wallParts(ms, timeZone);
  return `${p.day} ${MONTHS[p.month - 1]} ${p.year}`;
}
