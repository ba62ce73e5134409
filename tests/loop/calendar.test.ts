import { describe, expect, it } from 'vitest';
import { addBusinessDays, addBusinessTime, businessMsBetween } from '@/lib/loop';
import { calendar, HOUR, local, MINUTE, wall } from './helpers';

const NY = 'America/New_York';
const BER = 'Europe/Berlin';
const KOL = 'Asia/Kolkata';

describe('addBusinessTime', () => {
  it.each([
    // zone, start (local), business time, expected due (local), why
    [NY, '2026-03-06 16:30', 4 * HOUR, '2026-03-09 12:30', 'Friday 16:30 + 4 h → Monday 12:30 (and over the spring-forward Sunday)'],
    [BER, '2026-03-06 16:30', 4 * HOUR, '2026-03-09 12:30', 'the same rule in Berlin'],
    [KOL, '2026-03-06 16:30', 4 * HOUR, '2026-03-09 12:30', 'half-hour offset zone'],
    [NY, '2026-03-04 10:00', 4 * HOUR, '2026-03-04 14:00', 'inside one working day'],
    [NY, '2026-03-04 03:10', 4 * HOUR, '2026-03-04 13:00', 'a response at night starts the clock at the opening'],
    [NY, '2026-03-04 22:45', 4 * HOUR, '2026-03-05 13:00', 'a response in the evening starts the clock next morning'],
    [NY, '2026-03-07 11:00', 4 * HOUR, '2026-03-09 13:00', 'a response on Saturday starts Monday'],
    [NY, '2026-03-04 17:00', 30 * MINUTE, '2026-03-05 09:30', 'exactly at closing counts as closed'],
    [NY, '2026-03-04 09:00', 8 * HOUR, '2026-03-04 17:00', 'a full day ends at closing, not next morning'],
    [NY, '2026-03-04 10:00', 0, '2026-03-04 10:00', 'zero duration inside hours is the start'],
    [NY, '2026-03-04 20:00', 0, '2026-03-05 09:00', 'zero duration outside hours is the next opening'],
    [NY, '2026-02-27 15:00', 4 * HOUR, '2026-03-02 11:00', 'over a month end'],
    [NY, '2028-02-28 15:00', 4 * HOUR, '2028-02-29 11:00', 'leap day is an ordinary working day (Tuesday)'],
    [NY, '2028-02-29 16:00', 2 * HOUR, '2028-03-01 10:00', 'from leap day into March'],
  ])('%s %s + %d ms → %s (%s)', (tz, start, ms, due) => {
    expect(wall(tz, addBusinessTime(local(tz, start), ms, calendar(tz)))).toBe(due);
  });

  it.each([
    // spring forward: 2026-03-08 (US, Sunday), 2026-03-29 (EU, Sunday). Working Monday after is 8 real hours.
    [NY, '2026-03-06 13:00', 8 * HOUR, '2026-03-09 13:00'],
    [BER, '2026-03-27 13:00', 8 * HOUR, '2026-03-30 13:00'],
    // fall back: 2026-11-01 (US), 2026-10-25 (EU)
    [NY, '2026-10-30 13:00', 8 * HOUR, '2026-11-02 13:00'],
    [BER, '2026-10-23 13:00', 8 * HOUR, '2026-10-26 13:00'],
  ])('over the DST weekend in %s: %s + 8 business hours → %s', (tz, start, ms, due) => {
    expect(wall(tz, addBusinessTime(local(tz, start), ms, calendar(tz)))).toBe(due);
  });

  it('on a DST day that is a working day, business hours are wall-clock hours', () => {
    // A calendar that works Sundays, on the spring-forward Sunday in New York (02:00 → 03:00)
    const cal = calendar(NY, { workdays: [7], start: '00:00', end: '06:00' });
    const start = local(NY, '2026-03-08 00:00');
    // 6 wall-clock hours on that day are only 5 real hours
    expect(addBusinessTime(start, 5 * HOUR, cal)).toBe(local(NY, '2026-03-08 06:00'));
    expect(businessMsBetween(start, local(NY, '2026-03-08 06:00'), cal)).toBe(5 * HOUR);
  });

  it('a response on a holiday starts the clock on the next working day', () => {
    const cal = calendar(NY, { holidays: ['2026-07-03'] }); // Friday, observed Independence Day
    expect(wall(NY, addBusinessTime(local(NY, '2026-07-03 10:00'), 4 * HOUR, cal))).toBe('2026-07-06 13:00');
    expect(wall(NY, addBusinessTime(local(NY, '2026-07-02 16:00'), 4 * HOUR, cal))).toBe('2026-07-06 12:00');
  });

  it('custom hours and workdays (Sunday–Thursday week)', () => {
    const cal = calendar('Asia/Dubai', { workdays: [7, 1, 2, 3, 4], start: '08:00', end: '16:00' });
    expect(wall('Asia/Dubai', addBusinessTime(local('Asia/Dubai', '2026-03-05 15:00'), 2 * HOUR, cal))).toBe('2026-03-08 09:00');
  });

  it('throws for a calendar with no working time at all', () => {
    const cal = calendar(NY, { workdays: [1], holidays: Array.from({ length: 600 }, (_, i) => new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10)) });
    expect(() => addBusinessTime(local(NY, '2026-01-01 10:00'), HOUR, cal)).toThrow(/no working time/);
  });
});

describe('addBusinessDays', () => {
  it.each([
    [NY, '2026-03-04 10:00', 1, '2026-03-05 10:00'],
    [NY, '2026-03-06 10:00', 1, '2026-03-09 10:00'],
    [NY, '2026-03-04 10:00', 5, '2026-03-11 10:00'],
    [NY, '2026-03-04 20:00', 1, '2026-03-05 17:00'],
    [KOL, '2026-03-06 12:30', 5, '2026-03-13 12:30'],
  ])('%s %s + %d business days → %s', (tz, start, days, due) => {
    expect(wall(tz, addBusinessDays(local(tz, start), days, calendar(tz)))).toBe(due);
  });
});

describe('businessMsBetween', () => {
  it.each([
    [NY, '2026-03-06 16:30', '2026-03-09 12:30', 4 * HOUR],
    [NY, '2026-03-04 03:00', '2026-03-04 08:00', 0],
    [NY, '2026-03-04 10:00', '2026-03-04 09:00', 0],
    [NY, '2026-03-02 00:00', '2026-03-09 00:00', 40 * HOUR],
  ])('%s %s → %s is %d ms', (tz, a, b, ms) => {
    expect(businessMsBetween(local(tz, a), local(tz, b), calendar(tz))).toBe(ms);
  });

  it('is the inverse of addBusinessTime from an open moment', () => {
    const cal = calendar(BER);
    const start = local(BER, '2026-03-25 11:17');
    for (const ms of [0, MINUTE, 3 * HOUR, 8 * HOUR, 37 * HOUR + 13 * MINUTE, 200 * HOUR]) {
      expect(businessMsBetween(start, addBusinessTime(start, ms, cal), cal)).toBe(ms);
    }
  });
});
