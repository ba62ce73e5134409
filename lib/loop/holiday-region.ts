import * as z from 'zod/mini';

/**
 * The shape of a date-holidays region code: a country ("US"), a state ("DE-BY", "GB-ENG") or a
 * region within a state ("DE-BY-EVANG", "BR-GO-GOIANIA"). Only the shape: whether date-holidays
 * knows the code is `isHolidayRegion` in ./holidays, which carries the ~800 kB of holiday data.
 * This module stays small so the message schemas and the worker can use it without that data.
 */
export const HOLIDAY_REGION_PATTERN = /^[A-Za-z]{2}(?:-[A-Za-z0-9]{1,10}){0,2}$/;

/** The policy's holiday region: trimmed and upper-cased, '' for none. */
export const HolidayRegionSchema = z.pipe(
  z.string().check(
    z.trim(),
    z.maxLength(20),
    z.refine((r) => r === '' || HOLIDAY_REGION_PATTERN.test(r), 'is not a region code such as US or DE-BY'),
  ),
  z.transform((r) => r.toUpperCase()),
);
