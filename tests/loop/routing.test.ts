import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDuration,
  classifyScore,
  DEFAULT_POLICY,
  LoopEventSchema,
  openLoop,
  PRESETS,
  type LoopEventOf,
  type Policy,
  type Route,
  type Scale,
  type Severity,
} from '@/lib/loop';
import { calendar, HOUR, local, response, wall } from './helpers';

describe('classifyScore (default bands)', () => {
  const cases: [Scale, number, Route, Severity][] = [
    ['nps', 0, 'recovery', 'critical'],
    ['nps', 3, 'recovery', 'critical'],
    ['nps', 4, 'recovery', 'standard'],
    ['nps', 6, 'recovery', 'standard'],
    ['nps', 7, 'improvement', 'standard'],
    ['nps', 8, 'improvement', 'standard'],
    ['nps', 9, 'advocacy', 'standard'],
    ['nps', 10, 'advocacy', 'standard'],
    ['csat', 1, 'recovery', 'standard'],
    ['csat', 2, 'recovery', 'standard'],
    ['csat', 3, 'improvement', 'standard'],
    ['csat', 4, 'advocacy', 'standard'],
    ['csat', 5, 'advocacy', 'standard'],
    ['ces', 1, 'recovery', 'standard'],
    ['ces', 3, 'recovery', 'standard'],
    ['ces', 4, 'improvement', 'standard'],
    ['ces', 5, 'improvement', 'standard'],
    ['ces', 6, 'advocacy', 'standard'],
    ['ces', 7, 'advocacy', 'standard'],
  ];
  it.each(cases)('%s %d → %s / %s', (scale, score, route, severity) => {
    expect(classifyScore(scale, score, DEFAULT_POLICY)).toEqual({ route, severity });
  });

  it.each([
    ['nps', -1],
    ['nps', 11],
    ['nps', 6.5],
    ['csat', 0],
    ['csat', 6],
    ['ces', 0],
    ['ces', 8],
    ['nps', Number.NaN],
  ] as [Scale, number][])('%s %d is out of scale and throws a clear error', (scale, score) => {
    expect(() => classifyScore(scale, score, DEFAULT_POLICY)).toThrow(new RegExp(`${scale.toUpperCase()} score .* is outside`));
  });
});

describe('classifyScore: every score of every scale', () => {
  const expected: Record<Scale, [Route, Severity][]> = {
    // NPS 0–3 critical recovery, 4–6 recovery, 7–8 improvement, 9–10 advocacy
    nps: [
      ...Array.from({ length: 4 }, (): [Route, Severity] => ['recovery', 'critical']),
      ...Array.from({ length: 3 }, (): [Route, Severity] => ['recovery', 'standard']),
      ['improvement', 'standard'],
      ['improvement', 'standard'],
      ['advocacy', 'standard'],
      ['advocacy', 'standard'],
    ],
    // CSAT 1–2 recovery, 3 improvement, 4–5 advocacy
    csat: [
      ['recovery', 'standard'],
      ['recovery', 'standard'],
      ['improvement', 'standard'],
      ['advocacy', 'standard'],
      ['advocacy', 'standard'],
    ],
    // CES 1–3 recovery, 4–5 improvement, 6–7 advocacy
    ces: [
      ['recovery', 'standard'],
      ['recovery', 'standard'],
      ['recovery', 'standard'],
      ['improvement', 'standard'],
      ['improvement', 'standard'],
      ['advocacy', 'standard'],
      ['advocacy', 'standard'],
    ],
  };
  const rows = (Object.keys(expected) as Scale[]).flatMap((scale) => {
    const min = DEFAULT_POLICY.scales[scale].min;
    return expected[scale].map(([route, severity], i) => [scale, min + i, route, severity] as const);
  });
  it('covers each scale from its min to its max', () => {
    expect(rows.length).toBe(11 + 5 + 7);
  });
  it.each(rows)('%s %d → %s / %s', (scale, score, route, severity) => {
    expect(classifyScore(scale, score, DEFAULT_POLICY)).toEqual({ route, severity });
  });

  it.each(Object.entries(PRESETS))('the preset %s classifies like the default (presets differ in clocks only)', (_id, preset) => {
    for (const [scale, score, route, severity] of rows) expect(classifyScore(scale, score, preset)).toEqual({ route, severity });
  });

  it.each<[Scale, number]>([
    ['nps', -0.5],
    ['nps', 10.0001],
    ['nps', 0.1],
    ['csat', 2.5],
    ['csat', -1],
    ['ces', 3.5],
    ['ces', 100],
    ['csat', Number.POSITIVE_INFINITY],
    ['ces', Number.NEGATIVE_INFINITY],
    ['csat', Number.NaN],
  ])('%s %d throws a RangeError naming the scale and its range', (scale, score) => {
    expect(() => classifyScore(scale, score, DEFAULT_POLICY)).toThrow(RangeError);
    const { min, max } = DEFAULT_POLICY.scales[scale];
    expect(() => classifyScore(scale, score, DEFAULT_POLICY)).toThrow(`${scale.toUpperCase()} score ${score} is outside ${min}–${max}`);
  });

  it('follows custom bands (no critical band; a wider recovery band)', () => {
    const custom: Policy = {
      ...DEFAULT_POLICY,
      preset: 'custom',
      scales: { ...DEFAULT_POLICY.scales, nps: { min: 0, max: 10, recoveryMax: 7, improvementMax: 8, criticalMax: null } },
    };
    expect(classifyScore('nps', 0, custom)).toEqual({ route: 'recovery', severity: 'standard' });
    expect(classifyScore('nps', 7, custom)).toEqual({ route: 'recovery', severity: 'standard' });
    expect(classifyScore('nps', 8, custom)).toEqual({ route: 'improvement', severity: 'standard' });
  });

  it('every integer score in range has exactly one route (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom<Scale>('nps', 'csat', 'ces'), fc.integer({ min: -20, max: 20 }), (scale, score) => {
        const { min, max } = DEFAULT_POLICY.scales[scale];
        if (score < min || score > max) expect(() => classifyScore(scale, score, DEFAULT_POLICY)).toThrow(RangeError);
        else expect(['recovery', 'improvement', 'advocacy']).toContain(classifyScore(scale, score, DEFAULT_POLICY).route);
      }),
    );
  });
});

describe('openLoop due times per route and preset', () => {
  const NY = 'America/New_York';
  const cal = calendar(NY);
  const routed = (policy: Policy, score: number, at: string) =>
    openLoop(response({ score, respondedAt: local(NY, at) }), policy, {
      calendar: cal,
      recordedAt: local(NY, at) + 5_000,
    })[1] as LoopEventOf<'routed'>;

  // NPS 2 critical, 5 recovery, 8 improvement, 10 advocacy; responded Friday 16:30 before the
  // spring-forward Sunday (2026-03-08), so the 48-hour clock shows the lost hour.
  const FRI = '2026-03-06 16:30';
  it.each<[string, Policy, number, Route, Severity, string, string | undefined]>([
    // b2b_fast_lane (the default): critical 4 business hours, recovery 1 business day, improvement 5, advocacy 7 days
    ['b2b_fast_lane', PRESETS.b2b_fast_lane, 2, 'recovery', 'critical', '2026-03-09 12:30', '2026-03-13 16:30'],
    ['b2b_fast_lane', PRESETS.b2b_fast_lane, 5, 'recovery', 'standard', '2026-03-09 16:30', '2026-03-13 16:30'],
    ['b2b_fast_lane', PRESETS.b2b_fast_lane, 8, 'improvement', 'standard', '2026-03-13 16:30', undefined],
    ['b2b_fast_lane', PRESETS.b2b_fast_lane, 10, 'advocacy', 'standard', '2026-03-13 16:30', undefined],
    // forty_eight_hour: every detractor 48 real hours on the customer's clock (weekend and DST included)
    ['forty_eight_hour', PRESETS.forty_eight_hour, 2, 'recovery', 'critical', '2026-03-08 17:30', '2026-03-13 16:30'],
    ['forty_eight_hour', PRESETS.forty_eight_hour, 5, 'recovery', 'standard', '2026-03-08 17:30', '2026-03-13 16:30'],
    ['forty_eight_hour', PRESETS.forty_eight_hour, 8, 'improvement', 'standard', '2026-03-13 16:30', undefined],
    ['forty_eight_hour', PRESETS.forty_eight_hour, 10, 'advocacy', 'standard', '2026-03-13 16:30', undefined],
    // working_day: detractors one business day, promoters three
    ['working_day', PRESETS.working_day, 2, 'recovery', 'critical', '2026-03-09 16:30', '2026-03-13 16:30'],
    ['working_day', PRESETS.working_day, 5, 'recovery', 'standard', '2026-03-09 16:30', '2026-03-13 16:30'],
    ['working_day', PRESETS.working_day, 8, 'improvement', 'standard', '2026-03-13 16:30', undefined],
    ['working_day', PRESETS.working_day, 10, 'advocacy', 'standard', '2026-03-11 16:30', undefined],
  ])(
    '%s, NPS %d on Friday 16:30 → %s/%s, first touch %s, resolution %s',
    (_id, policy, score, route, severity, firstDue, resolutionDue) => {
      const r = routed(policy, score, FRI);
      expect([r.route, r.severity]).toEqual([route, severity]);
      expect(wall(NY, r.firstTouchDueAt)).toBe(firstDue);
      expect(r.resolutionDueAt === undefined ? undefined : wall(NY, r.resolutionDueAt)).toBe(resolutionDue);
      expect(r.policyVersion).toBe(policy.version);
      // the first warning falls inside the window
      expect(r.nearBreachAt).toBeGreaterThan(local(NY, FRI));
      expect(r.nearBreachAt).toBeLessThanOrEqual(r.firstTouchDueAt);
    },
  );

  it('48-hour rule: detractors at night or on Saturday are still due 48 hours later', () => {
    for (const at of ['2026-03-03 22:00', '2026-03-07 11:00', '2026-03-04 10:00']) {
      const r = routed(PRESETS.forty_eight_hour, 5, at);
      expect(r.firstTouchDueAt - local(NY, at)).toBe(48 * HOUR);
    }
  });

  it('working day: a detractor at night is due at the close of the next working day', () => {
    expect(wall(NY, routed(PRESETS.working_day, 5, '2026-03-03 22:00').firstTouchDueAt)).toBe('2026-03-04 17:00');
    expect(wall(NY, routed(PRESETS.working_day, 5, '2026-03-07 11:00').firstTouchDueAt)).toBe('2026-03-09 17:00');
  });

  it('near-breach (75 %) on the window’s own clock', () => {
    // 4 business hours from Friday 16:30: 3 business hours → Monday 11:30
    expect(wall(NY, routed(PRESETS.b2b_fast_lane, 2, FRI).nearBreachAt!)).toBe('2026-03-09 11:30');
    // 48 real hours: 36 real hours later (over the lost hour) → Sunday 05:30
    expect(wall(NY, routed(PRESETS.forty_eight_hour, 5, FRI).nearBreachAt!)).toBe('2026-03-08 05:30');
  });

  it('the owner’s calendar decides: the same response in Berlin and Kolkata', () => {
    const at = Date.UTC(2026, 2, 4, 12, 0);
    const r = response({ score: 2, respondedAt: at });
    const due = (tz: string) =>
      wall(tz, (openLoop(r, DEFAULT_POLICY, { calendar: calendar(tz), recordedAt: at })[1] as LoopEventOf<'routed'>).firstTouchDueAt);
    expect(due('Europe/Berlin')).toBe('2026-03-04 17:00'); // 13:00 + 4 h, all that day
    expect(due('Asia/Kolkata')).toBe('2026-03-05 13:00'); // 17:30 is after closing: starts next morning
  });

  it.each(Object.entries(PRESETS))('%s: deterministic ids, same response twice → identical events, valid per schema', (_id, policy) => {
    for (const score of [0, 5, 7, 10]) {
      const r = response({ id: `resp-${score}`, score, respondedAt: local(NY, FRI) });
      const ctx = { calendar: cal, recordedAt: 42 };
      const a = openLoop(r, policy, ctx);
      const b = openLoop(structuredClone(r), policy, { ...ctx, calendar: { ...cal } });
      expect(a).toEqual(b);
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      expect(a.map((e) => e.id)).toEqual([`resp-${score}/received`, `resp-${score}/routed`]);
      for (const e of a) expect(LoopEventSchema.parse(e)).toEqual(e);
    }
  });

  it('due times do not depend on when the loop is recorded', () => {
    const r = response({ score: 3, respondedAt: local(NY, FRI) });
    const a = openLoop(r, DEFAULT_POLICY, { calendar: cal, recordedAt: 1 })[1] as LoopEventOf<'routed'>;
    const b = openLoop(r, DEFAULT_POLICY, { calendar: cal, recordedAt: local(NY, '2026-04-01 00:00') })[1] as LoopEventOf<'routed'>;
    expect({ ...a, at: 0 }).toEqual({ ...b, at: 0 });
  });

  it('due times are whole milliseconds for every preset and random response times (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.values(PRESETS)),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2029, 0, 1) }),
        (policy, score, at) => {
          const events = openLoop(response({ score, respondedAt: at }), policy, { calendar: cal, recordedAt: at });
          for (const e of events) LoopEventSchema.parse(e);
          const r = events[1] as LoopEventOf<'routed'>;
          expect(r.firstTouchDueAt).toBeGreaterThanOrEqual(at);
          expect(r.nearBreachAt!).toBeGreaterThanOrEqual(at);
          expect(r.nearBreachAt!).toBeLessThanOrEqual(r.firstTouchDueAt);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('addDuration', () => {
  const NY = 'America/New_York';
  const cal = calendar(NY);
  const start = local(NY, '2026-03-06 16:30');
  it.each([
    [{ amount: 4, unit: 'business_hours' as const }, '2026-03-09 12:30'],
    [{ amount: 1, unit: 'business_days' as const }, '2026-03-09 16:30'],
    [{ amount: 48, unit: 'hours' as const }, '2026-03-08 17:30'],
    [{ amount: 7, unit: 'days' as const }, '2026-03-13 16:30'],
    [{ amount: 1.5, unit: 'days' as const }, '2026-03-08 05:30'], // 1 calendar day, then 12 real hours over the lost hour
    [{ amount: 0.5, unit: 'business_days' as const }, '2026-03-09 12:30'],
  ])('%j from Friday 16:30 → %s', (d, due) => {
    expect(wall(NY, addDuration(start, d, cal))).toBe(due);
  });

  it('a fractional hours amount still gives a whole-millisecond due time', () => {
    expect(Number.isInteger(addDuration(start, { amount: 1.0000001, unit: 'hours' }, cal))).toBe(true);
  });
});
