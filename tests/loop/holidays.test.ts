import { describe, expect, it } from 'vitest';
import { addBusinessTime } from '@/lib/loop';
import { holidayDates, HolidayRegionSchema, isHolidayRegion, withRegionHolidays } from '@/lib/loop/holidays';
import { calendar, HOUR, local, wall } from './helpers';

describe('holidayDates', () => {
  it('US 2026: the federal days off, with the observed Friday before a Saturday 4th of July', () => {
    expect(holidayDates('US', 2026)).toEqual([
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-05-25',
      '2026-06-19',
      '2026-07-03',
      '2026-07-04',
      '2026-09-07',
      '2026-10-12',
      '2026-11-11',
      '2026-11-26',
      '2026-12-25',
    ]);
  });

  it('DE-BY 2026 has the Bavarian days (Epiphany, Corpus Christi, All Saints) that Berlin does not', () => {
    const by = holidayDates('DE-BY', 2026);
    const be = holidayDates('de-be', 2026);
    for (const d of ['2026-01-06', '2026-06-04', '2026-11-01']) {
      expect(by).toContain(d);
      expect(be).not.toContain(d);
    }
    expect(by).toContain('2026-04-03'); // Good Friday, everywhere in Germany
  });

  it('spans a year range, sorted and distinct', () => {
    const dates = holidayDates('US', 2026, 2028);
    expect(dates).toContain('2027-12-24'); // Christmas observed on Friday
    expect(dates).toContain('2028-12-25');
    expect(new Set(dates).size).toBe(dates.length);
    expect([...dates].sort()).toEqual(dates);
  });

  it('can include other kinds of days', () => {
    expect(holidayDates('US', 2026)).not.toContain('2026-12-24');
    expect(holidayDates('US', 2026, 2026, { types: ['public', 'optional'] })).toContain('2026-12-24');
  });

  it.each(['XX', 'DE-ZZ', 'Germany', '', 'US-CA-ZZZZZ'])('rejects %j with a clear error', (region) => {
    expect(() => holidayDates(region, 2026)).toThrow(RangeError);
    expect(isHolidayRegion(region)).toBe(false);
  });

  it('rejects a reversed or huge year range', () => {
    expect(() => holidayDates('US', 2027, 2026)).toThrow(/Year range/);
    expect(() => holidayDates('US', 2000, 2100)).toThrow(/Year range/);
  });
});

describe('a calendar with region holidays', () => {
  it('a response on a public holiday starts the clock on the next working day', () => {
    const cal = withRegionHolidays(calendar('Europe/Berlin'), 'DE-BY', 2026);
    // Thursday 4 June 2026 is Corpus Christi in Bavaria
    const due = addBusinessTime(local('Europe/Berlin', '2026-06-04 10:00'), 4 * HOUR, cal);
    expect(wall('Europe/Berlin', due)).toBe('2026-06-05 13:00');
  });

  it('keeps the holidays already configured', () => {
    const cal = withRegionHolidays(calendar('America/New_York', { holidays: ['2026-08-14'] }), 'US', 2026);
    expect(cal.holidays).toContain('2026-08-14');
    expect(cal.holidays).toContain('2026-07-03');
  });
});

describe('HolidayRegionSchema: the one region-code shape for options, messages and the engine', () => {
  it.each([
    ['', ''],
    [' de-by ', 'DE-BY'],
    ['GB-ENG', 'GB-ENG'],
    ['DE-BY-EVANG', 'DE-BY-EVANG'],
  ])('%j → %j', (input, region) => {
    expect(HolidayRegionSchema.parse(input)).toBe(region);
  });

  it.each(['Germany', 'D', 'DE--BY', 'DE-BY-EVANG-X'])('rejects %j', (input) => {
    expect(HolidayRegionSchema.safeParse(input).success).toBe(false);
  });

  it('every code that passes the shape and date-holidays knows is accepted by isHolidayRegion', () => {
    expect(isHolidayRegion('DE-BY-EVANG')).toBe(true);
    expect(isHolidayRegion('BR-GO-GOIANIA')).toBe(true);
  });
});
