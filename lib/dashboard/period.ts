/**
 * A period choice turned into instants, on the viewer's calendar: "last 7 days" in Tokyo starts at
 * midnight in Tokyo, and a week that crosses a DST change is still seven calendar days.
 */
import { TZDate } from '@date-fns/tz';
import { addDays, addQuarters, differenceInCalendarDays, startOfDay, startOfISOWeek, startOfQuarter } from 'date-fns';
import type { PeriodChoice } from './filters';

export interface Span {
  /** first instant, epoch ms (included) */
  from: number;
  /** end, epoch ms (excluded) */
  to: number;
}

export interface ResolvedPeriod extends Span {
  /** the span of the same length just before, for "change against the previous period" */
  previous: Span;
  /** calendar days in the period */
  days: number;
  label: string;
}

const dayOf = (iso: string, timeZone: string) => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new TZDate(y, m - 1, d, timeZone);
};

const formatDay = (ms: number, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone }).format(ms);

/** The period's first and last calendar day, in words. */
function spanLabel(from: number, to: number, timeZone: string): string {
  return `${formatDay(from, timeZone)} – ${formatDay(to - 1, timeZone)}`;
}

/**
 * Instants of a period choice at `now` in `timeZone`.
 * - last N days: N calendar days ending with today (today included).
 * - a quarter: its first day 00:00 to the next quarter's first day 00:00.
 * - custom: `from` 00:00 to the day after `to`, 00:00 (both days included).
 * The previous period is the same number of calendar days just before (for a quarter: the quarter before).
 */
export function resolvePeriod(choice: PeriodChoice, now: number, timeZone: string): ResolvedPeriod {
  let start: TZDate;
  let end: TZDate;
  let previousStart: TZDate;
  let title: string;
  if (choice.kind === 'last') {
    end = addDays(startOfDay(new TZDate(now, timeZone)), 1);
    start = addDays(end, -choice.days);
    previousStart = addDays(start, -choice.days);
    title = `Last ${choice.days} days`;
  } else if (choice.kind === 'quarter') {
    start = startOfQuarter(new TZDate(choice.year, (choice.quarter - 1) * 3, 1, timeZone));
    end = addQuarters(start, 1);
    previousStart = addQuarters(start, -1);
    title = `Q${choice.quarter} ${choice.year}`;
  } else {
    start = dayOf(choice.from, timeZone);
    end = addDays(dayOf(choice.to, timeZone), 1);
    previousStart = addDays(start, -differenceInCalendarDays(end, start));
    title = 'Custom range';
  }
  const from = start.getTime();
  const to = end.getTime();
  return {
    from,
    to,
    previous: { from: previousStart.getTime(), to: from },
    days: differenceInCalendarDays(end, start),
    label: `${title} (${spanLabel(from, to, timeZone)})`,
  };
}

/** The Monday 00:00 (viewer's zone) that starts the week of `ms`: the trend charts' buckets. */
export const weekStart = (ms: number, timeZone: string): number => startOfISOWeek(new TZDate(ms, timeZone)).getTime();

/** Every week start from the week of `from` to the week holding `to - 1`. */
export function weekStarts(span: Span, timeZone: string): number[] {
  const weeks: number[] = [];
  if (!(span.from < span.to)) return weeks;
  let at = new TZDate(weekStart(span.from, timeZone), timeZone);
  while (at.getTime() < span.to) {
    weeks.push(at.getTime());
    at = addDays(at, 7);
  }
  return weeks;
}

/** A date input's value (YYYY-MM-DD) for an instant, in the viewer's zone. */
export function isoDay(ms: number, timeZone: string): string {
  const d = new TZDate(ms, timeZone);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The quarter holding `now` in the viewer's zone, and the three before it: the quarter picker's choices. */
export function recentQuarters(now: number, timeZone: string, count = 4): { year: number; quarter: number }[] {
  const d = new TZDate(now, timeZone);
  let year = d.getFullYear();
  let quarter = Math.floor(d.getMonth() / 3) + 1;
  const out: { year: number; quarter: number }[] = [];
  for (let i = 0; i < count; i++) {
    out.push({ year, quarter });
    quarter--;
    if (quarter === 0) {
      quarter = 4;
      year--;
    }
  }
  return out;
}
