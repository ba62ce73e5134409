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

/*
 * The two below go through Intl on purpose: they are what the views show, once per row, and their
 * wording ("Tue 3 Mar, 10:05", "3 Mar 2026") is the runtime's en-GB form, which people already read.
 */

/** Date and time in `timeZone`, the way a rep reads it at a glance: "Tue 3 Mar, 10:05". */
export function formatDateTime(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(ms);
}

/** The date alone in `timeZone`: "3 Mar 2026". */
export function formatDate(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric' }).format(ms);
}
