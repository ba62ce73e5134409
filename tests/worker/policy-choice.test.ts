import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, PRESETS } from '@/lib/loop';
import { holidayDates } from '@/lib/loop/holidays';
import { policyFromChoice } from '@/lib/worker/policy-choice';

describe('policyFromChoice', () => {
  it('takes the preset, adds the region holidays and bumps the version', () => {
    const holidays = holidayDates('DE-BY', 2026);
    const policy = policyFromChoice({ preset: 'forty_eight_hour', holidayRegion: 'DE-BY' }, holidays, DEFAULT_POLICY);
    expect(policy.version).toBe(DEFAULT_POLICY.version + 1);
    expect(policy.firstTouch).toEqual(PRESETS.forty_eight_hour.firstTouch);
    expect(policy.calendar.holidays).toContain('2026-01-06');
    expect(policy.calendar.holidays).toEqual([...policy.calendar.holidays].sort());
  });

  it('rejects holiday dates that are not dates, with the path', () => {
    expect(() => policyFromChoice({ preset: 'b2b_fast_lane', holidayRegion: 'US' }, ['2026-13-45x'], DEFAULT_POLICY)).toThrow(
      /calendar\.holidays/,
    );
  });
});
