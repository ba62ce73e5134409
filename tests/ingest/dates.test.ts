import { describe, expect, it } from 'vitest';
import { parseResponseDate } from '@/lib/ingest/dates';
import { isTimeZone } from '@/lib/loop/tz';

const BERLIN = 'Europe/Berlin';

describe('parseResponseDate', () => {
  it.each([
    // Unix time
    ['1763892000', BERLIN, Date.UTC(2025, 10, 23, 10)],
    ['1763892000.5', BERLIN, Date.UTC(2025, 10, 23, 10, 0, 0, 500)],
    ['1763892000000', BERLIN, Date.UTC(2025, 10, 23, 10)],
    // ISO 8601 with Z or an offset: the zone setting does not matter
    ['2026-11-20T10:00:00Z', BERLIN, Date.UTC(2026, 10, 20, 10)],
    ['2026-11-20t10:00:00z', 'America/New_York', Date.UTC(2026, 10, 20, 10)],
    ['2026-11-20T10:00Z', BERLIN, Date.UTC(2026, 10, 20, 10)],
    ['2026-11-20 10:00:00+0530', BERLIN, Date.UTC(2026, 10, 20, 4, 30)],
    ['2026-11-20T10:00:00+05', BERLIN, Date.UTC(2026, 10, 20, 5)],
    ['2026-11-20T10:00:00.123-05:00', BERLIN, Date.UTC(2026, 10, 20, 15, 0, 0, 123)],
    ['2026-11-20T10:00:00.123456789Z', BERLIN, Date.UTC(2026, 10, 20, 10, 0, 0, 123)],
    ['2026-11-20 10:00:00 UTC', 'Asia/Tokyo', Date.UTC(2026, 10, 20, 10)],
    ['2026-12-31T23:30:00-01:00', BERLIN, Date.UTC(2027, 0, 1, 0, 30)],
    // Without an offset: wall-clock time in the given zone
    ['2026-11-20T10:00', BERLIN, Date.UTC(2026, 10, 20, 9)], // CET
    ['2026-07-20 10:00:00', BERLIN, Date.UTC(2026, 6, 20, 8)], // CEST
    ['2026-07-20T10:00:00', 'America/Los_Angeles', Date.UTC(2026, 6, 20, 17)],
    ['2026-07-20T10:00:00', 'UTC', Date.UTC(2026, 6, 20, 10)],
    ['2026-03-29T02:30', BERLIN, Date.UTC(2026, 2, 29, 1, 30)], // skipped by the clock change: 03:30 CEST
    // A date alone: noon in the given zone
    ['2026-11-20', BERLIN, Date.UTC(2026, 10, 20, 11)],
    ['2026-11-20', 'Asia/Tokyo', Date.UTC(2026, 10, 20, 3)],
    ['2026-11-20', 'Pacific/Honolulu', Date.UTC(2026, 10, 20, 22)],
    ['2028-02-29', BERLIN, Date.UTC(2028, 1, 29, 11)],
    ['  2026-11-20  ', BERLIN, Date.UTC(2026, 10, 20, 11)],
  ])('%j in %s', (raw, zone, ms) => expect(parseResponseDate(raw, zone)).toBe(ms));

  it('a date alone stays on its calendar day in the zone it was read in', () => {
    for (const zone of ['Pacific/Honolulu', 'America/New_York', 'UTC', 'Europe/Berlin', 'Asia/Tokyo', 'Pacific/Auckland']) {
      const ms = parseResponseDate('2026-11-20', zone)!;
      const day = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
      expect(day, zone).toBe('2026-11-20');
    }
  });

  it.each([
    '03/04/2026', // day/month order unknowable
    '11/20/2026',
    '20.11.2026',
    'Nov 20, 2026',
    'yesterday',
    '2026-13-01',
    '2026-00-10',
    '2026-11-31',
    '2027-02-29',
    '2026-11-20T25:00',
    '2026-11-20T24:00:00Z',
    '2026-11-20T10:60',
    '2026-11-20T10:00:61Z',
    '2026-02-30T10:00:00Z',
    '2026-11-20T10:00:00+25:00',
    '2026-11-20Z',
    '2026-11-20T10',
    '20261120',
    '176389200', // 9 digits: not Unix seconds of any survey
    '17638920000',
    '',
  ])('refuses %j', (raw) => {
    expect(parseResponseDate(raw, BERLIN)).toBeNull();
  });
});

describe('isTimeZone', () => {
  it.each([
    ['Europe/Berlin', true],
    ['UTC', true],
    ['America/Argentina/Buenos_Aires', true],
    ['Mars/Olympus', false],
  ])('%j → %s', (zone, known) => {
    expect(isTimeZone(zone)).toBe(known);
  });
});
