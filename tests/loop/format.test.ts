import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatDuration, formatZonedDateTime, zoneLabel } from '@/lib/loop';

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;

describe('formatDuration', () => {
  it.each([
    [0, 'less than a minute'],
    [59_999, 'less than a minute'],
    [MIN, '1 min'],
    [45 * MIN, '45 min'],
    [2 * H, '2 h'],
    [2 * H + 10 * MIN + 59_000, '2 h 10 min'],
    [D, '1 d'],
    [3 * D + 4 * H + 30 * MIN, '3 d 4 h'],
    [-(2 * H + 10 * MIN), '2 h 10 min'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('one date format, with the zone named', () => {
  // Sunday 29 March 2026 00:30 UTC: before the jump in Berlin (01:30 CET), and 28 March in New York.
  const at = Date.UTC(2026, 2, 29, 0, 30);
  it('names the zone as people say it', () => {
    expect(zoneLabel('Europe/Berlin')).toBe('Berlin time');
    expect(zoneLabel('America/New_York')).toBe('New York time');
    expect(zoneLabel('UTC')).toBe('UTC');
  });
  it('gives every moment its date, its time and its zone', () => {
    expect(formatZonedDateTime(at, 'Europe/Berlin')).toBe('Sun 29 Mar, 01:30 Berlin time');
    expect(formatZonedDateTime(at, 'America/New_York')).toBe('Sat 28 Mar, 20:30 New York time');
    // An hour later Berlin is on summer time: 03:30, the 02:xx hour does not exist that night.
    expect(formatDateTime(at + H, 'Europe/Berlin')).toBe('Sun 29 Mar, 03:30');
  });
  it('writes the same as the runtime’s en-GB date-time, without building a formatter per call', () => {
    const intl = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Kolkata',
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    for (const ms of [at, at + 37 * D + 5 * H + 7 * MIN, Date.UTC(2027, 0, 1, 23, 59)]) {
      expect(formatDateTime(ms, 'Asia/Kolkata')).toBe(intl.format(ms));
    }
    expect(formatDate(at, 'Europe/Berlin')).toBe('29 Mar 2026');
  });
});
