import type { Role } from './schema';

/** Words a directory export may use for a role, normalised (lower case, no punctuation, no "of"/"the"). */
const ROLE_WORDS: Record<Role, readonly string[]> = {
  rep: [
    'rep',
    'representative',
    'sales rep',
    'support rep',
    'agent',
    'csm',
    'customer success manager',
    'account manager',
    'account executive',
    'ae',
  ],
  manager: ['manager', 'mgr', 'team manager', 'team lead', 'team leader', 'line manager'],
  cx_lead: ['cx lead', 'cxlead', 'cx', 'head cx', 'head customer experience', 'customer experience lead', 'cx manager'],
  vp_cs: ['vp cs', 'vpcs', 'vp', 'vp customer success', 'vice president customer success', 'vp cx'],
};

const normaliseWords = (raw: string) =>
  raw
    .toLowerCase()
    .replace(/[_\-.,/&()]+/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && w !== 'of' && w !== 'the')
    .join(' ');

const ROLE_OF = new Map<string, Role>(
  (Object.keys(ROLE_WORDS) as Role[]).flatMap((role) => ROLE_WORDS[role].map((w) => [normaliseWords(w), role] as const)),
);

/** "CX lead", "VP of Customer Success", "vp_cs" → the role; null for words we do not know. */
export const parseRole = (raw: string): Role | null => ROLE_OF.get(normaliseWords(raw)) ?? null;

/** `9`, `09:00`, `900`, `9am`, `5:30 pm` → `HH:MM` on a 24-hour clock; null when it is not a time of day. */
export function parseClock(raw: string): string | null {
  const m = /^(\d{1,2})(?::?(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$/i.exec(raw.trim());
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? '0');
  const half = m[3]?.toLowerCase().replace(/\./g, '');
  if (half) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (half === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return null;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** `09:00-17:00`, `9–17`, `9am to 5pm` → start and end; null when it is not a range of two times. */
export function parseHours(raw: string): { start: string; end: string } | null {
  const parts = raw.trim().split(/\s*(?:-|–|—|to|until)\s*/i);
  if (parts.length !== 2) return null;
  const start = parseClock(parts[0]!);
  let end = parseClock(parts[1]!);
  if (!start || !end) return null;
  // "9-5", "8:30-5:30": an end on the 12-hour clock, written without am/pm, before the start is afternoon.
  // (`09:00` with its leading zero is already the 24-hour clock)
  const bareEnd = /^(?:[1-9]|1[0-2])(?::[0-5]\d)?$/.test(parts[1]!.trim());
  const afternoon = `${String(Number(end.slice(0, 2)) + 12).padStart(2, '0')}${end.slice(2)}`;
  if (bareEnd && end <= start && end < '12:00' && afternoon > start) end = afternoon;
  return { start, end };
}

const DAY_NAMES: readonly (readonly string[])[] = [
  [],
  ['mo', 'mon', 'monday'],
  ['tu', 'tue', 'tues', 'tuesday'],
  ['we', 'wed', 'wednesday'],
  ['th', 'thu', 'thur', 'thurs', 'thursday'],
  ['fr', 'fri', 'friday'],
  ['sa', 'sat', 'saturday'],
  ['su', 'sun', 'sunday'],
];
const DAY_OF = new Map<string, number>(DAY_NAMES.flatMap((names, day) => names.map((n) => [n, day] as const)));

/** A day name or an ISO weekday number (1 = Monday … 7 = Sunday). */
function dayOf(token: string): number | null {
  if (/^\d+$/.test(token)) {
    const n = Number(token);
    return n >= 1 && n <= 7 ? n : null;
  }
  return DAY_OF.get(token.toLowerCase()) ?? null;
}

/**
 * `Mon-Fri`, `Sun–Thu` (a range may wrap the week), `Mon, Wed, Fri`, `1,2,3,4,5`, `1-5`,
 * `weekdays`, `every day` → ISO weekdays, ascending; a reason when it cannot be read.
 * Numbers are ISO weekdays: 0 is refused rather than guessed as Sunday.
 */
export function parseWorkdays(raw: string): { ok: true; days: number[] } | { ok: false; reason: string } {
  const text = raw.trim().toLowerCase();
  if (text === 'weekdays') return { ok: true, days: [1, 2, 3, 4, 5] };
  if (text === 'every day' || text === 'daily' || text === 'all week') return { ok: true, days: [1, 2, 3, 4, 5, 6, 7] };
  const days = new Set<number>();
  const tokens = text
    .replace(/\s*(?:-|–|—|\bto\b)\s*/g, '-')
    .split(/[\s,;/+&]+/)
    .filter((t) => t !== '' && t !== 'and');
  for (const token of tokens) {
    const range = token.split('-');
    if (range.length > 2 || range.includes('')) return { ok: false, reason: `"${token}" is not a day or a range of days` };
    const ends = range.map(dayOf);
    const badIndex = ends.findIndex((d) => d === null);
    if (badIndex >= 0) {
      const bad = range[badIndex]!;
      return {
        ok: false,
        reason: /^\d+$/.test(bad) ? `"${bad}" is not a weekday number (1 = Monday … 7 = Sunday)` : `"${bad}" is not a day of the week`,
      };
    }
    const from = ends[0]!;
    const to = ends[1] ?? from;
    // Walk forward from the first day to the last, wrapping past Sunday: Sun–Thu is 7,1,2,3,4.
    for (let d = from; ; d = (d % 7) + 1) {
      days.add(d);
      if (d === to) break;
    }
  }
  if (days.size === 0) return { ok: false, reason: 'no working day given' };
  return { ok: true, days: [...days].sort((a, b) => a - b) };
}
