import { TZDate } from '@date-fns/tz';

// 2026-11-20, 2026-11-20T10:00, 2026-11-20 10:00:00.123, each optionally followed by an offset.
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

function validParts(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  // Reject days the month does not have (31 April, 29 February of a common year).
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function offsetMinutes(offset: string): number | null {
  if (/^(z|utc|gmt)$/i.test(offset)) return 0;
  const [, sign, hh, mm = '00'] = /^([+-])(\d{2}):?(\d{2})?$/.exec(offset) ?? [];
  if (!sign || !hh) return null;
  const minutes = Number(hh) * 60 + Number(mm);
  if (Number(hh) > 14 || Number(mm) > 59) return null;
  return sign === '-' ? -minutes : minutes;
}

/**
 * A survey tool's timestamp → epoch ms, or null when it cannot be read without guessing.
 * - Unix seconds (10 digits, optionally with a fraction) and Unix milliseconds (13 digits).
 * - ISO 8601 with `Z` or an offset (`+05:30`, `+0530`, `+05`; `UTC`/`GMT` as written by some exports).
 * - ISO 8601 without an offset: wall-clock time in `timeZone` (the owner's), as the export's author saw it.
 * - A date alone: 12:00 in `timeZone`. Noon keeps the response on its calendar day in every zone
 *   within ±11 h, and starts its SLA clock mid-day rather than at a midnight nobody answered at.
 * Day/month orders such as 03/04/2026 are ambiguous between exports: refused, never guessed.
 */
export function parseResponseDate(raw: string, timeZone: string): number | null {
  const text = raw.trim();
  if (/^\d{10}(\.\d{1,6})?$/.test(text)) return Math.round(Number(text) * 1000);
  if (/^\d{13}$/.test(text)) return Number(text);
  const m = ISO.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '0', fraction = '', offset] = m;
  const [year, month, day, minute, second] = [y, mo, d, mi ?? '0', s].map(Number) as [number, number, number, number, number];
  // Without a time of day, an offset means nothing: 2026-11-20Z is not a timestamp anyone writes.
  if (h === undefined && offset !== undefined) return null;
  const hour = h === undefined ? 12 : Number(h);
  if (!validParts(year, month, day, hour, minute, second)) return null;
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  if (offset !== undefined) {
    const minutes = offsetMinutes(offset);
    if (minutes === null) return null;
    return Date.UTC(year, month - 1, day, hour, minute, second, ms) - minutes * 60_000;
  }
  // A wall-clock time skipped by a daylight-saving change (02:30 on the spring-forward night)
  // comes out an hour later, as the clock on the wall would have shown it; one that happened
  // twice (the fall-back night) is taken as the second.
  return new TZDate(year, month - 1, day, hour, minute, second, ms, timeZone).getTime();
}

const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?$/i;

/**
 * A US-style timestamp as SurveyMonkey exports it (`11/20/2026 9:30:15 AM`, month first) → epoch
 * ms in `timeZone`, or null. Used only for exports known to write month first: a day-first file
 * would read wrong, which is why plain CSVs refuse `03/04/2026` instead.
 */
export function parseUsDate(raw: string, timeZone: string): number | null {
  const m = US.exec(raw.trim());
  if (!m) return null;
  const [, month, day, year, h, mi = '00', s = '00', meridiem] = m;
  let hour = h === undefined ? undefined : Number(h);
  if (hour !== undefined && meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (/pm/i.test(meridiem) ? 12 : 0);
  }
  const pad = (n: string | number) => String(n).padStart(2, '0');
  const iso = `${year}-${pad(month!)}-${pad(day!)}${hour === undefined ? '' : `T${pad(hour)}:${mi}:${s}`}`;
  return parseResponseDate(iso, timeZone);
}
