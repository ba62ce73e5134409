import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addBusinessDays, addBusinessTime, businessMsBetween, isBusinessTime, nextOpening, type BusinessCalendar } from '@/lib/loop';
import { holidaysFor } from '@/lib/loop/holidays';
import { calendar, DAY, HOUR, local, MINUTE, wall } from './helpers';

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
    const cal = calendar(NY, {
      workdays: [1],
      holidays: Array.from({ length: 600 }, (_, i) => new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10)),
    });
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

// ---------------------------------------------------------------------------------------------
// More tables: the rules of DESIGN.md "Policy defaults" (owner's zone, Mon–Fri 09:00–17:00,
// holidays configurable) on the days where business-time arithmetic usually breaks.
// ---------------------------------------------------------------------------------------------

describe('addBusinessTime, Mon–Fri 09:00–17:00', () => {
  type Row = [zone: string, start: string, ms: number, due: string, why: string];
  const rows: Row[] = [
    // Friday 16:30 + 4 business hours on an ordinary weekend (no DST change)
    [NY, '2026-01-16 16:30', 4 * HOUR, '2026-01-19 12:30', 'Friday 16:30 + 4 h → Monday 12:30 (New York)'],
    [BER, '2026-01-16 16:30', 4 * HOUR, '2026-01-19 12:30', 'Friday 16:30 + 4 h → Monday 12:30 (Berlin)'],
    [BER, '2026-06-12 16:30', 4 * HOUR, '2026-06-15 12:30', 'Friday 16:30 + 4 h → Monday 12:30 (Berlin, summer time)'],
    [NY, '2026-10-30 16:30', 4 * HOUR, '2026-11-02 12:30', 'Friday 16:30 + 4 h → Monday 12:30 over the fall-back Sunday (NY)'],
    [BER, '2026-03-27 16:30', 4 * HOUR, '2026-03-30 12:30', 'Friday 16:30 + 4 h → Monday 12:30 over the spring-forward Sunday (Berlin)'],
    [BER, '2026-10-23 16:30', 4 * HOUR, '2026-10-26 12:30', 'Friday 16:30 + 4 h → Monday 12:30 over the fall-back Sunday (Berlin)'],
    // a response at night: the clock starts at the next opening
    [NY, '2026-03-03 22:00', 0, '2026-03-04 09:00', 'Tuesday 22:00, zero duration → Wednesday 09:00'],
    [NY, '2026-03-03 22:00', HOUR, '2026-03-04 10:00', 'Tuesday 22:00 + 1 h → Wednesday 10:00'],
    [BER, '2026-03-03 22:00', 8 * HOUR, '2026-03-04 17:00', 'Tuesday 22:00 + 8 h → Wednesday 17:00, not Thursday 09:00'],
    [BER, '2026-03-04 00:00', MINUTE, '2026-03-04 09:01', 'local midnight + 1 min'],
    [NY, '2026-03-04 08:59', 2 * MINUTE, '2026-03-04 09:02', 'a minute before opening'],
    [NY, '2026-03-04 16:59', 2 * MINUTE, '2026-03-05 09:01', 'a minute before closing'],
    // weekends
    [NY, '2026-03-07 00:00', 0, '2026-03-09 09:00', 'Saturday midnight → Monday opening'],
    [BER, '2026-03-08 23:59', 30 * MINUTE, '2026-03-09 09:30', 'Sunday just before midnight'],
    [NY, '2026-03-06 12:00', 40 * HOUR, '2026-03-13 12:00', 'a whole business week is a calendar week'],
    // an owner in Asia/Kolkata (+05:30, no DST)
    [KOL, '2026-03-04 09:30', 4 * HOUR, '2026-03-04 13:30', 'Kolkata inside hours'],
    [KOL, '2026-03-04 16:00', 4 * HOUR, '2026-03-05 12:00', 'Kolkata across the evening'],
    [KOL, '2026-03-07 10:00', HOUR, '2026-03-09 10:00', 'Kolkata Saturday'],
    // leap years
    [BER, '2028-02-28 16:00', 2 * HOUR, '2028-02-29 10:00', 'Monday 28 Feb 2028 → Tuesday 29 Feb (a working day)'],
    [NY, '2028-02-25 16:00', 10 * HOUR, '2028-02-29 10:00', 'Friday → leap Tuesday over a weekend'],
    [NY, '2027-02-26 16:00', 2 * HOUR, '2027-03-01 10:00', 'no 29 Feb in 2027: Friday → Monday 1 Mar'],
  ];
  it.each(rows)('%s %s + %d ms → %s (%s)', (tz, start, ms, due) => {
    expect(wall(tz, addBusinessTime(local(tz, start), ms, calendar(tz)))).toBe(due);
  });

  it('the same instant in three zones gives three owners three different due times', () => {
    const at = Date.UTC(2026, 2, 4, 12, 0); // 07:00 NY, 13:00 Berlin, 17:30 Kolkata
    expect(wall(NY, addBusinessTime(at, HOUR, calendar(NY)))).toBe('2026-03-04 10:00');
    expect(wall(BER, addBusinessTime(at, HOUR, calendar(BER)))).toBe('2026-03-04 14:00');
    expect(wall(KOL, addBusinessTime(at, HOUR, calendar(KOL)))).toBe('2026-03-05 10:00');
  });
});

describe('holidays', () => {
  it.each<[string, string[], string, number, string, string]>([
    // zone, holidays, start, ms, due, why
    [NY, ['2026-12-25'], '2026-12-25 10:00', 4 * HOUR, '2026-12-28 13:00', 'on Christmas (Friday) → Monday'],
    [NY, ['2026-12-25'], '2026-12-24 15:00', 4 * HOUR, '2026-12-28 11:00', 'the day before a holiday runs into the next working day'],
    [NY, ['2026-12-25'], '2026-12-24 15:00', 2 * HOUR, '2026-12-24 17:00', 'the day before a holiday is a full working day'],
    [
      BER,
      ['2026-12-24', '2026-12-25', '2026-12-31', '2027-01-01'],
      '2026-12-23 16:00',
      8 * HOUR,
      '2026-12-28 16:00',
      'a run of holidays and a weekend',
    ],
    [BER, ['2026-12-24', '2026-12-25', '2026-12-31', '2027-01-01'], '2026-12-30 12:00', 8 * HOUR, '2027-01-04 12:00', 'over New Year'],
    [BER, ['2026-03-07'], '2026-03-06 16:00', 2 * HOUR, '2026-03-09 10:00', 'a holiday on a Saturday changes nothing'],
    [KOL, ['2026-01-26'], '2026-01-23 16:00', 2 * HOUR, '2026-01-27 10:00', 'Republic Day on a Monday'],
    [NY, ['2028-02-29'], '2028-02-28 16:00', 2 * HOUR, '2028-03-01 10:00', 'a holiday on leap day'],
  ])('%s %j: %s + %d ms → %s (%s)', (tz, holidays, start, ms, due) => {
    expect(wall(tz, addBusinessTime(local(tz, start), ms, calendar(tz, { holidays })))).toBe(due);
  });

  it('a holiday is a local date: the same instant is a holiday in Kolkata and a working day in New York', () => {
    const holidays = ['2026-03-05'];
    const at = Date.UTC(2026, 2, 4, 20, 0); // Thursday 5th 01:30 in Kolkata, Wednesday 4th 15:00 in New York
    expect(wall(KOL, addBusinessTime(at, HOUR, calendar(KOL, { holidays })))).toBe('2026-03-06 10:00');
    expect(wall(NY, addBusinessTime(at, HOUR, calendar(NY, { holidays })))).toBe('2026-03-04 16:00');
    expect(wall(NY, addBusinessTime(at, 3 * HOUR, calendar(NY, { holidays })))).toBe('2026-03-06 10:00');
  });

  it('businessMsBetween skips holidays', () => {
    const cal = calendar(BER, { holidays: ['2026-03-04'] });
    expect(businessMsBetween(local(BER, '2026-03-02 00:00'), local(BER, '2026-03-09 00:00'), cal)).toBe(32 * HOUR);
  });
});

describe('DST days: a working day keeps its wall-clock hours', () => {
  // Sunday is a working day here, so the DST Sundays themselves are worked.
  const sevenDays = (tz: string) => calendar(tz, { workdays: [1, 2, 3, 4, 5, 6, 7] });
  it.each([
    [NY, '2026-03-08', 'spring forward'],
    [NY, '2026-11-01', 'fall back'],
    [BER, '2026-03-29', 'spring forward'],
    [BER, '2026-10-25', 'fall back'],
  ])('%s %s (%s): 09:00–17:00 is 8 real hours; one business day from opening ends at 17:00', (tz, date) => {
    const cal = sevenDays(tz);
    const midnight = local(tz, `${date} 00:00`);
    const nextMidnight = local(tz, `${date} 23:59`) + MINUTE;
    expect(businessMsBetween(midnight, nextMidnight, cal)).toBe(8 * HOUR);
    expect(wall(tz, addBusinessDays(local(tz, `${date} 09:00`), 1, cal))).toBe(`${date} 17:00`);
    expect(wall(tz, addBusinessTime(midnight, 4 * HOUR, cal))).toBe(`${date} 13:00`);
    expect(wall(tz, addBusinessTime(local(tz, `${date} 16:00`), 2 * HOUR, cal))).toMatch(/ 10:00$/);
    expect(isBusinessTime(local(tz, `${date} 08:59`), cal)).toBe(false);
    expect(isBusinessTime(local(tz, `${date} 09:00`), cal)).toBe(true);
    expect(isBusinessTime(local(tz, `${date} 17:00`), cal)).toBe(false);
  });

  it.each([
    // working hours that contain the change: wall-clock hours, so the day is shorter or longer in real time
    [NY, '2026-03-08', 5 * HOUR],
    [NY, '2026-11-01', 7 * HOUR],
    [BER, '2026-03-29', 5 * HOUR],
    [BER, '2026-10-25', 7 * HOUR],
  ])('%s %s with hours 00:00–06:00 over the change holds %d real ms', (tz, date, real) => {
    const cal = calendar(tz, { workdays: [7], start: '00:00', end: '06:00' });
    const open = local(tz, `${date} 00:00`);
    expect(businessMsBetween(open, open + DAY, cal)).toBe(real);
    expect(wall(tz, addBusinessTime(open, real, cal))).toBe(`${date} 06:00`);
    expect(businessMsBetween(open, addBusinessTime(open, real, cal), cal)).toBe(real);
  });

  it('opening inside the skipped hour starts when the clocks have jumped', () => {
    const cal = calendar(NY, { workdays: [7], start: '02:30', end: '05:00' });
    const due = addBusinessTime(local(NY, '2026-03-08 00:00'), 0, cal);
    expect(wall(NY, due)).toBe('2026-03-08 03:30');
    expect(businessMsBetween(local(NY, '2026-03-08 00:00'), local(NY, '2026-03-08 06:00'), cal)).toBe(90 * MINUTE);
  });
});

describe('custom workdays and hours', () => {
  const DXB = 'Asia/Dubai';
  const sunThu = calendar(DXB, { workdays: [7, 1, 2, 3, 4], start: '08:00', end: '16:00' });
  it.each([
    ['2026-03-05 15:00', 2 * HOUR, '2026-03-08 09:00', 'Thursday → Sunday'],
    ['2026-03-06 10:00', HOUR, '2026-03-08 09:00', 'Friday is a day off'],
    ['2026-03-07 23:00', 0, '2026-03-08 08:00', 'Saturday night → Sunday opening'],
    ['2026-03-08 07:00', 8 * HOUR, '2026-03-08 16:00', 'Sunday is a full working day'],
    ['2026-03-04 12:00', 5 * 8 * HOUR, '2026-03-11 12:00', 'five working days = a calendar week'],
  ])('Sun–Thu 08:00–16:00 in Dubai: %s + %d ms → %s (%s)', (start, ms, due) => {
    expect(wall(DXB, addBusinessTime(local(DXB, start), ms, sunThu))).toBe(due);
  });

  it('a business day is the length of the configured day (07:30–15:45 = 8 h 15 min)', () => {
    const cal = calendar(BER, { start: '07:30', end: '15:45' });
    expect(wall(BER, addBusinessDays(local(BER, '2026-03-04 07:30'), 1, cal))).toBe('2026-03-04 15:45');
    expect(wall(BER, addBusinessDays(local(BER, '2026-03-04 10:00'), 2, cal))).toBe('2026-03-06 10:00');
    expect(wall(BER, addBusinessDays(local(BER, '2026-03-04 10:00'), 0.5, cal))).toBe('2026-03-04 14:07');
  });

  it('a one-day week (Wednesdays only)', () => {
    const cal = calendar(NY, { workdays: [3] });
    expect(wall(NY, addBusinessDays(local(NY, '2026-03-05 10:00'), 2, cal))).toBe('2026-03-18 17:00');
  });

  it('workdays in any order and with repeats mean the same', () => {
    const a = calendar(NY, { workdays: [5, 1, 3, 2, 4, 1] });
    const b = calendar(NY);
    const start = local(NY, '2026-03-06 15:00');
    expect(addBusinessTime(start, 10 * HOUR, a)).toBe(addBusinessTime(start, 10 * HOUR, b));
  });
});

describe('errors and limits', () => {
  it('a calendar with no working days throws a clear error (not after scanning ten years)', () => {
    const noDays = { ...calendar(NY), workdays: [] } as BusinessCalendar;
    expect(() => addBusinessTime(local(NY, '2026-03-04 10:00'), HOUR, noDays)).toThrow(/no working days/);
    expect(() => nextOpening(local(NY, '2026-03-04 10:00'), noDays)).toThrow(/no working days/);
    expect(businessMsBetween(0, DAY * 30, noDays)).toBe(0);
  });

  it('a calendar whose hours are empty throws a clear error', () => {
    const noHours = { ...calendar(NY), start: '17:00', end: '09:00' } as BusinessCalendar;
    expect(() => addBusinessDays(local(NY, '2026-03-04 10:00'), 1, noHours)).toThrow(/no working hours.*start must be before end/);
    expect(businessMsBetween(0, DAY * 30, noHours)).toBe(0);
  });

  it('the schema refuses such calendars in the first place', () => {
    expect(() => calendar(NY, { workdays: [] })).toThrow();
    expect(() => calendar(NY, { start: '17:00', end: '09:00' })).toThrow(/start must be before end/);
    expect(() => calendar('Mars/Base')).toThrow(/IANA/);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('a duration of %d is a RangeError, not a ten-year scan', (ms) => {
    expect(() => addBusinessTime(0, ms, calendar(NY))).toThrow(RangeError);
    expect(() => addBusinessTime(0, ms, calendar(NY))).toThrow(/durationMs must be a finite/);
  });

  it('a negative duration counts as zero', () => {
    const start = local(NY, '2026-03-04 20:00');
    expect(addBusinessTime(start, -HOUR, calendar(NY))).toBe(local(NY, '2026-03-05 09:00'));
  });

  it('a fractional duration gives a whole millisecond (events store integer epoch ms)', () => {
    const start = local(NY, '2026-03-04 10:00');
    const due = addBusinessTime(start, 1.1 * HOUR, calendar(NY)); // 3960000.0000000005
    expect(Number.isInteger(due)).toBe(true);
    expect(due - start).toBe(66 * MINUTE);
    expect(Number.isInteger(addBusinessDays(start, 2.3, calendar(NY)))).toBe(true);
  });

  it('long SLAs work: the largest duration a policy allows (10 000 business days) does not throw', () => {
    // was: "no working time in the next ten years" after scanning 3 660 calendar days
    const start = local(NY, '2026-03-04 10:00');
    const due = addBusinessDays(start, 10_000, calendar(NY));
    expect(wall(NY, due)).toMatch(/ 10:00$/);
    expect(businessMsBetween(start, due, calendar(NY))).toBe(10_000 * 8 * HOUR);
  });

  it('businessMsBetween counts spans longer than ten years in full (was silently truncated)', () => {
    const a = local(NY, '2026-01-01 00:00');
    const b = local(NY, '2046-01-01 00:00');
    const weekdays = Array.from({ length: Math.round((b - a) / DAY) + 1 }, (_, i) => new Date(Date.UTC(2026, 0, 1 + i))).filter(
      (d) => d < new Date(Date.UTC(2046, 0, 1)) && d.getUTCDay() % 6 !== 0,
    ).length;
    expect(businessMsBetween(a, b, calendar(NY))).toBe(weekdays * 8 * HOUR);
  });

  it('a long run of holidays is crossed, and only ten years of nothing but holidays throws', () => {
    const days = (from: number, n: number) => Array.from({ length: n }, (_, i) => new Date(from + i * DAY).toISOString().slice(0, 10));
    const fiveYears = calendar(NY, { holidays: days(Date.UTC(2026, 0, 1), 5 * 366) });
    expect(wall(NY, addBusinessTime(local(NY, '2026-01-01 10:00'), HOUR, fiveYears)).slice(0, 4)).toBe('2031');
    const elevenYears = calendar(NY, { holidays: days(Date.UTC(2026, 0, 1), 11 * 366) });
    expect(() => addBusinessTime(local(NY, '2026-01-01 10:00'), HOUR, elevenYears)).toThrow(/no working time in ten years/);
  });

  it('a holiday date that does not exist (2026-02-30) matches no day', () => {
    const cal = calendar(NY, { holidays: ['2026-02-30'] });
    expect(wall(NY, addBusinessTime(local(NY, '2026-03-02 10:00'), HOUR, cal))).toBe('2026-03-02 11:00');
  });

  it('a calendar edited after first use is read afresh when it is a new object', () => {
    const cal = calendar(NY);
    const start = local(NY, '2026-03-04 10:00');
    expect(wall(NY, addBusinessTime(start, HOUR, cal))).toBe('2026-03-04 11:00');
    expect(wall(NY, addBusinessTime(start, HOUR, { ...cal, holidays: ['2026-03-04'] }))).toBe('2026-03-05 10:00');
    expect(wall(BER, addBusinessTime(start, 2 * HOUR, { ...cal, timeZone: BER }))).toBe('2026-03-05 10:00'); // 16:00 in Berlin
  });
});

describe('properties (fast-check)', () => {
  const ZONES = [NY, BER, KOL, 'UTC', 'Australia/Sydney', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kathmandu', 'Pacific/Chatham'];
  const arbCalendar = fc
    .record({
      timeZone: fc.constantFrom(...ZONES),
      shape: fc.constantFrom('default', 'sunThu', 'night', 'weekendNight', 'holidays'),
    })
    .map(({ timeZone, shape }): BusinessCalendar => {
      switch (shape) {
        case 'default':
          return calendar(timeZone);
        case 'sunThu':
          return calendar(timeZone, { workdays: [7, 1, 2, 3, 4], start: '08:00', end: '16:30' });
        case 'night': // hours that contain most DST changes
          return calendar(timeZone, { workdays: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '04:00' });
        case 'weekendNight':
          return calendar(timeZone, { workdays: [6, 7], start: '01:30', end: '03:15' });
        default:
          return calendar(timeZone, {
            holidays: ['2026-03-09', '2026-03-10', '2026-10-26', '2026-12-24', '2026-12-25', '2027-01-01', '2027-04-05'],
          });
      }
    });
  const T_FROM = Date.UTC(2025, 11, 1);
  const T_TO = Date.UTC(2028, 11, 31);
  const arbStart = fc.integer({ min: T_FROM, max: T_TO });
  const arbDuration = fc.oneof(
    fc.constant(0),
    fc.integer({ min: 0, max: 10 * HOUR }),
    fc.integer({ min: 0, max: 600 * HOUR }),
    fc.integer({ min: 0, max: 2 * MINUTE }),
  );

  it('businessMsBetween(s, addBusinessTime(s, d)) = d', () => {
    fc.assert(
      fc.property(arbCalendar, arbStart, arbDuration, (cal, s, d) => {
        expect(businessMsBetween(s, addBusinessTime(s, d, cal), cal)).toBe(d);
      }),
      { numRuns: 600 },
    );
  });

  it('addBusinessTime(s, businessMsBetween(s, e)) is the first moment that much business time has passed, at or before e', () => {
    fc.assert(
      fc.property(arbCalendar, arbStart, fc.integer({ min: 0, max: 40 * DAY }), (cal, s, span) => {
        const e = s + span;
        const ms = businessMsBetween(s, e, cal);
        const back = addBusinessTime(s, ms, cal);
        if (ms > 0) expect(back).toBeLessThanOrEqual(e);
        expect(businessMsBetween(s, back, cal)).toBe(ms);
        // when e is inside working hours, it is hit exactly
        if (ms > 0 && isBusinessTime(e, cal)) expect(back).toBe(e);
      }),
      { numRuns: 400 },
    );
  });

  it('is additive: adding a then b is adding a + b (when the first leg ends inside working time)', () => {
    fc.assert(
      fc.property(arbCalendar, arbStart, arbDuration, arbDuration, (cal, s, a, b) => {
        const mid = addBusinessTime(s, a, cal);
        fc.pre(isBusinessTime(mid, cal));
        expect(addBusinessTime(mid, b, cal)).toBe(addBusinessTime(s, a + b, cal));
      }),
      { numRuns: 300 },
    );
  });

  it('is monotone in the start and in the duration, and never earlier than start + duration', () => {
    fc.assert(
      fc.property(
        arbCalendar,
        arbStart,
        fc.integer({ min: 0, max: 3 * DAY }),
        arbDuration,
        fc.integer({ min: 0, max: 5 * HOUR }),
        (cal, s, ds, d, dd) => {
          const due = addBusinessTime(s, d, cal);
          expect(due).toBeGreaterThanOrEqual(s + d);
          expect(addBusinessTime(s + ds, d, cal)).toBeGreaterThanOrEqual(due);
          expect(addBusinessTime(s, d + dd, cal)).toBeGreaterThanOrEqual(due);
          expect(Number.isInteger(due)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('businessMsBetween is additive over a split point and never exceeds the elapsed time', () => {
    fc.assert(
      fc.property(arbCalendar, arbStart, fc.integer({ min: 0, max: 20 * DAY }), fc.integer({ min: 0, max: 20 * DAY }), (cal, a, x, y) => {
        const b = a + x;
        const c = b + y;
        expect(businessMsBetween(a, b, cal) + businessMsBetween(b, c, cal)).toBe(businessMsBetween(a, c, cal));
        expect(businessMsBetween(a, c, cal)).toBeLessThanOrEqual(c - a);
      }),
      { numRuns: 300 },
    );
  });

  it('the due time of a positive duration is inside working hours or exactly at a closing', () => {
    fc.assert(
      fc.property(arbCalendar, arbStart, fc.integer({ min: 1, max: 200 * HOUR }), (cal, s, d) => {
        const due = addBusinessTime(s, d, cal);
        expect(isBusinessTime(due, cal) || isBusinessTime(due - 1, cal)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('addBusinessDays(n) lands at the same wall-clock time n working days later (Mon–Fri, no DST inside hours)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(NY, BER, KOL),
        fc.integer({ min: 0, max: 3 * 365 }),
        fc.integer({ min: 9 * 60 + 1, max: 17 * 60 - 1 }),
        fc.integer({ min: 1, max: 30 }),
        (tz, dayOffset, minute, n) => {
          const date = new Date(Date.UTC(2026, 0, 1 + dayOffset));
          fc.pre(date.getUTCDay() !== 0 && date.getUTCDay() !== 6);
          const key = date.toISOString().slice(0, 10);
          const hhmm = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
          const due = addBusinessDays(local(tz, `${key} ${hhmm}`), n, calendar(tz));
          expect(wall(tz, due).slice(11)).toBe(hhmm);
          // n working days later: count weekdays in between
          let d = date.getTime();
          for (let k = 0; k < n;) {
            d += DAY;
            const wd = new Date(d).getUTCDay();
            if (wd !== 0 && wd !== 6) k++;
          }
          expect(wall(tz, due).slice(0, 10)).toBe(new Date(d).toISOString().slice(0, 10));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('holidaysFor (date-holidays, public holidays only)', () => {
  it('US 2026: federal public holidays, with the observed Friday 3 July as well as Saturday 4 July', () => {
    const us = holidaysFor('US', 2026, 2026);
    expect(us).toEqual(
      expect.arrayContaining(['2026-01-01', '2026-05-25', '2026-07-03', '2026-07-04', '2026-09-07', '2026-11-26', '2026-12-25']),
    );
    expect(us).not.toContain('2026-12-24'); // Christmas Eve is not a public holiday
    expect(us).not.toContain('2026-02-14');
  });

  it('DE-BY has Epiphany (6 Jan) and Corpus Christi; DE-BE does not, but has Women’s Day (8 Mar)', () => {
    const by = holidaysFor('DE-BY', 2026, 2026);
    const be = holidaysFor('DE-BE', 2026, 2026);
    expect(by).toContain('2026-01-06');
    expect(by).toContain('2026-06-04');
    expect(be).not.toContain('2026-01-06');
    expect(be).toContain('2026-03-08');
    for (const d of ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-10-03', '2026-12-25', '2026-12-26']) {
      expect(by).toContain(d);
      expect(be).toContain(d);
    }
  });

  it('GB-ENG: bank holidays with the Monday substitute for Boxing Day on a Saturday', () => {
    expect(holidaysFor('GB-ENG', 2026, 2026)).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-26',
      '2026-12-28',
    ]);
  });

  it('region codes are case-insensitive', () => {
    expect(holidaysFor('de-by', 2026, 2026)).toEqual(holidaysFor('DE-BY', 2026, 2026));
  });

  it('spans years: sorted, unique, every date YYYY-MM-DD within the range', () => {
    const dates = holidaysFor('US', 2026, 2028);
    expect(dates).toEqual([...new Set(dates)].sort());
    for (const d of dates) expect(d).toMatch(/^202[6-8]-\d{2}-\d{2}$/);
    expect(dates).toContain('2028-02-21'); // Presidents' Day 2028
    expect(dates).toContain('2028-12-25');
  });

  it.each(['XX', 'DE-ZZ', 'Mars', '', 'US-CA-ZZZZZ'])('throws a clear error for the unknown region %j', (region) => {
    expect(() => holidaysFor(region, 2026, 2026)).toThrow(/region|country/i);
  });

  it('throws for a reversed year range', () => {
    expect(() => holidaysFor('US', 2027, 2026)).toThrow(/Year range/);
  });

  it('feeds a calendar: a response on Epiphany in Munich starts the clock on 7 January', () => {
    const cal = calendar(BER, { holidays: holidaysFor('DE-BY', 2026, 2026) });
    expect(wall(BER, addBusinessTime(local(BER, '2026-01-06 10:00'), 2 * HOUR, cal))).toBe('2026-01-07 11:00');
    const berlin = calendar(BER, { holidays: holidaysFor('DE-BE', 2026, 2026) });
    expect(wall(BER, addBusinessTime(local(BER, '2026-01-06 10:00'), 2 * HOUR, berlin))).toBe('2026-01-06 12:00');
  });
});
