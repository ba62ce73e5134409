import { TZDate } from '@date-fns/tz';

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?$/;

/**
 * A survey tool's timestamp → epoch ms, or null when it is not one we can read without guessing.
 * Unix seconds (10 digits) and ms (13 digits); ISO 8601 with `Z` or an offset; ISO without an
 * offset is wall-clock time in `timeZone`; a date alone is taken as noon there, so it stays
 * on the same calendar day in any zone. Day/month orders like 03/04/2026 are ambiguous: refused.
 */
export function parseResponseDate(raw: string, timeZone: string): number | null {
  const text = raw.trim();
  if (/^\d{10}$/.test(text)) return Number(text) * 1000;
  if (/^\d{13}$/.test(text)) return Number(text);
  if (WITH_OFFSET.test(text)) {
    const ms = Date.parse(text.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    return Number.isNaN(ms) ? null : ms;
  }
  const local = LOCAL.exec(text);
  if (!local) return null;
  const [, y, mo, d, h = '12', mi = '00', s = '00'] = local;
  const parts = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const [year, month, day, hour, minute, second] = parts;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const date = new TZDate(year, month - 1, day, hour, minute, second, timeZone);
  // Reject dates that rolled over (31 April → 1 May).
  if (date.getDate() !== day || date.getMonth() !== month - 1) return null;
  return date.getTime();
}
