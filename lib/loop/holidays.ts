/**
 * Public holidays of a region as the business calendar's 'YYYY-MM-DD' dates.
 *
 * date-holidays is pure computation (rules + data, no clock, no I/O), so it may live in the
 * engine, but its data is ~800 kB: this module is deliberately NOT re-exported from
 * `lib/loop/index.ts`. Import it from `@/lib/loop/holidays` where holidays are configured
 * (options page, background), never from the sidebar or the content script.
 */
import Holidays from 'date-holidays';
import type { BusinessCalendar } from './calendar';
import { HOLIDAY_REGION_PATTERN } from './holiday-region';

export { HOLIDAY_REGION_PATTERN, HolidayRegionSchema } from './holiday-region';

export type HolidayType = 'public' | 'bank' | 'school' | 'optional' | 'observance';

export interface HolidayOptions {
  /** which kinds of day count as days off; default only `public` (offices closed by law) */
  types?: readonly HolidayType[];
}

const DAY = 86_400_000;

/** 'DE-BY' → ['DE', 'BY']; throws for a code date-holidays does not know. */
function parseRegion(region: string): [string, ...string[]] {
  const code = region.trim();
  if (!HOLIDAY_REGION_PATTERN.test(code)) throw new RangeError(`"${region}" is not a region code like "US", "DE-BY" or "GB-ENG"`);
  const [country, state, sub] = code.toUpperCase().split('-') as [string, string?, string?];
  const lookup = new Holidays();
  if (!lookup.getCountries()?.[country]) throw new RangeError(`Unknown holiday country "${country}"`);
  if (state && !lookup.getStates(country)?.[state]) throw new RangeError(`Unknown holiday region "${state}" in ${country}`);
  if (state && sub && !lookup.getRegions(country, state)?.[sub])
    throw new RangeError(`Unknown holiday region "${sub}" in ${country}-${state}`);
  return [country, ...(state ? [state] : []), ...(sub ? [sub] : [])];
}

/** Whether `region` is a code `holidayDates` accepts. */
export function isHolidayRegion(region: string): boolean {
  try {
    parseRegion(region);
    return true;
  } catch {
    return false;
  }
}

/**
 * The holidays of `region` ("US", "DE-BY", "GB-ENG"…) from `fromYear` to `toYear` inclusive, as
 * sorted, distinct local dates. A holiday that spans several days yields each of them; observed
 * substitute days (the Friday before a Saturday 4th of July) are included like the day itself.
 */
export function holidayDates(region: string, fromYear: number, toYear: number = fromYear, opts: HolidayOptions = {}): string[] {
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || toYear < fromYear || toYear - fromYear > 50) {
    throw new RangeError(`Year range ${fromYear}–${toYear} must be whole years, in order, at most 50 apart`);
  }
  const types = new Set<string>(opts.types ?? ['public']);
  const [country, state, sub] = parseRegion(region);
  const hd =
    state === undefined ? new Holidays(country) : sub === undefined ? new Holidays(country, state) : new Holidays(country, state, sub);
  const dates = new Set<string>();
  for (let year = fromYear; year <= toYear; year++) {
    for (const h of hd.getHolidays(year)) {
      if (!types.has(h.type)) continue;
      // `date` is the local wall date ('2026-12-25 00:00:00'); `start`/`end` give the span.
      const first = h.date.slice(0, 10);
      const days = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / DAY));
      const base = Date.parse(`${first}T00:00:00Z`);
      for (let i = 0; i < days; i++) dates.add(new Date(base + i * DAY).toISOString().slice(0, 10));
    }
  }
  return [...dates].sort();
}

/** The calendar with a region's holidays added to the ones already configured. */
export function withRegionHolidays(
  calendar: BusinessCalendar,
  region: string,
  fromYear: number,
  toYear: number = fromYear,
  opts?: HolidayOptions,
): BusinessCalendar {
  const holidays = [...new Set([...calendar.holidays, ...holidayDates(region, fromYear, toYear, opts)])].sort();
  return { ...calendar, holidays };
}

/**
 * Public holidays of `region` ("US", "DE-BY", "GB-ENG"; case-insensitive) from `fromYear` to
 * `toYear` inclusive: 'YYYY-MM-DD' local dates, sorted and distinct, observed substitute days
 * included. Throws a RangeError for a region date-holidays does not know or a bad year range.
 */
export function holidaysFor(region: string, fromYear: number, toYear: number): string[] {
  return holidayDates(region, fromYear, toYear, { types: ['public'] });
}
