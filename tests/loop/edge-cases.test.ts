/**
 * The calendar edge cases of issue 4, end to end: a response goes through openLoop and foldLoop
 * and the due times are checked on the owner's wall clock.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY,
  foldLoop,
  LoopEventSchema,
  notificationStageTimes,
  openLoop,
  parsePolicy,
  PRESETS,
  ResponseSchema,
  type LoopEventOf,
  type Policy,
} from '@/lib/loop';
import { withRegionHolidays } from '@/lib/loop/holidays';
import { calendar, local, response, wall } from './helpers';

const NY = 'America/New_York';
const BER = 'Europe/Berlin';
const KOL = 'Asia/Kolkata';

function routedFor(tz: string, when: string, score: number, opts: { policy?: Policy; holidays?: string[] } = {}) {
  const cal = calendar(tz, { holidays: opts.holidays ?? [] });
  const respondedAt = local(tz, when);
  const [, routed] = openLoop(response({ score, respondedAt }), opts.policy ?? DEFAULT_POLICY, { calendar: cal, recordedAt: respondedAt });
  const r = routed as LoopEventOf<'routed'>;
  return {
    firstTouch: wall(tz, r.firstTouchDueAt),
    resolution: r.resolutionDueAt === undefined ? undefined : wall(tz, r.resolutionDueAt),
    routed: r,
  };
}

describe('due times on the owner’s wall clock', () => {
  it.each([
    // zone, response (local), NPS, first touch due, why
    [NY, '2026-03-06 16:30', 2, '2026-03-09 12:30', 'Friday 16:30 + 4 business hours → Monday 12:30'],
    [KOL, '2026-03-06 16:30', 2, '2026-03-09 12:30', 'the same in Asia/Kolkata (UTC+5:30)'],
    [KOL, '2026-03-04 23:10', 2, '2026-03-05 13:00', 'Kolkata, at night'],
    [NY, '2026-03-04 02:00', 5, '2026-03-04 17:00', 'at night: the day starts at 09:00, one business day ends 17:00'],
    [NY, '2026-03-08 02:30', 2, '2026-03-09 13:00', 'spring-forward Sunday in New York (02:30 does not exist; the instant is 03:30 EDT)'],
    [NY, '2026-03-06 15:00', 5, '2026-03-09 15:00', 'over the spring-forward weekend: the wall clock, not 24·n hours'],
    [NY, '2026-11-01 01:30', 2, '2026-11-02 13:00', 'fall-back Sunday in New York (01:30 happens twice)'],
    [NY, '2026-10-30 12:00', 5, '2026-11-02 12:00', 'over the fall-back weekend'],
    [BER, '2026-03-29 02:30', 2, '2026-03-30 13:00', 'spring-forward Sunday in Berlin'],
    [BER, '2026-03-27 15:00', 2, '2026-03-30 11:00', 'Friday afternoon before the Berlin spring-forward'],
    [BER, '2026-10-25 02:30', 2, '2026-10-26 13:00', 'fall-back Sunday in Berlin'],
    [BER, '2026-10-23 16:00', 5, '2026-10-26 16:00', 'over the Berlin fall-back weekend'],
    [NY, '2028-02-29 16:00', 5, '2028-03-01 16:00', 'leap day'],
    [NY, '2028-02-28 16:30', 2, '2028-02-29 12:30', 'into leap day'],
    [NY, '2026-03-02 12:00', 10, '2026-03-09 12:00', 'promoters: 7 calendar days, same wall time over DST'],
  ])('%s %s NPS %d → %s (%s)', (tz, when, score, due) => {
    expect(routedFor(tz, when, score).firstTouch).toBe(due);
  });

  it('a response on a holiday starts the clock on the next working day (US, 3 July 2026 observed)', () => {
    const holidays = withRegionHolidays(calendar(NY), 'US', 2026).holidays;
    expect(routedFor(NY, '2026-07-03 11:00', 2, { holidays }).firstTouch).toBe('2026-07-06 13:00');
    expect(routedFor(NY, '2026-07-02 15:00', 5, { holidays }).firstTouch).toBe('2026-07-06 15:00');
  });

  it('recovery resolution target: 5 business days, skipping weekend and holiday', () => {
    expect(routedFor(NY, '2026-03-04 10:00', 5).resolution).toBe('2026-03-11 10:00');
    expect(routedFor(NY, '2026-11-23 10:00', 5, { holidays: ['2026-11-26', '2026-11-27'] }).resolution).toBe('2026-12-02 10:00');
  });
});

describe('the customer clock (24/7) per route', () => {
  const customerRecovery: Policy = { ...DEFAULT_POLICY, clocks: { ...DEFAULT_POLICY.clocks, recovery: 'customer' } };
  it.each([
    [2, '2026-03-06 16:30', '2026-03-06 20:30', '2026-03-11 16:30'], // 4 h, resolution 5 calendar days
    [5, '2026-03-06 16:30', '2026-03-07 16:30', '2026-03-11 16:30'], // 1 day = 24 h, on Saturday
    [5, '2026-03-07 23:00', '2026-03-08 23:00', '2026-03-12 23:00'], // over spring-forward: same wall time
  ])('NPS %d at %s → first touch %s, resolution %s', (score, when, due, resolution) => {
    const r = routedFor(NY, when, score, { policy: customerRecovery });
    expect([r.firstTouch, r.resolution]).toEqual([due, resolution]);
  });

  it('a policy stored before clocks existed parses with every route on the business clock', () => {
    const { clocks: _drop, ...old } = structuredClone(DEFAULT_POLICY);
    const parsed = parsePolicy(JSON.parse(JSON.stringify(old)));
    expect(parsed.ok && parsed.policy.clocks).toEqual({ recovery: 'business', improvement: 'business', advocacy: 'business' });
    expect(parsePolicy({ ...DEFAULT_POLICY, clocks: { ...DEFAULT_POLICY.clocks, advocacy: 'sometimes' } })).toMatchObject({
      ok: false,
      issues: [{ path: 'clocks.advocacy' }],
    });
  });

  it('other routes keep the business clock', () => {
    expect(routedFor(NY, '2026-03-06 16:30', 8, { policy: customerRecovery }).firstTouch).toBe('2026-03-13 16:30');
  });

  it('the near-breach warning runs on the same clock as the window', () => {
    const { routed } = routedFor(NY, '2026-03-06 16:30', 2, { policy: customerRecovery });
    expect(wall(NY, routed.nearBreachAt!)).toBe('2026-03-06 19:30'); // 75 % of 4 real hours
  });

  it('the 48-hour preset runs detractors on plain hours', () => {
    expect(routedFor(NY, '2026-03-06 16:30', 2, { policy: PRESETS.forty_eight_hour }).firstTouch).toBe('2026-03-08 17:30'); // 48 h, across DST
  });
});

describe('an owner whose time zone changes mid-loop', () => {
  // Rule: due times are decided once, when the loop is routed, in the owner's zone at that moment,
  // and stored as UTC instants in the `routed` event. A later zone change (the owner moves, or the
  // loop is reassigned to someone abroad) never moves a promise already made to the customer; it
  // only changes how the times are written for the reader.
  const respondedAt = local(NY, '2026-03-06 16:30');
  const events = openLoop(response({ score: 2, respondedAt }), DEFAULT_POLICY, { calendar: calendar(NY), recordedAt: respondedAt });

  it('keeps the promised first-touch, warning and resolution times', () => {
    const inNewYork = foldLoop(events, { policy: DEFAULT_POLICY, calendar: calendar(NY), now: respondedAt });
    const inKolkata = foldLoop(events, { policy: DEFAULT_POLICY, calendar: calendar(KOL), now: respondedAt });
    expect(inKolkata.firstTouchDueAt).toBe(inNewYork.firstTouchDueAt);
    expect(inKolkata.resolutionDueAt).toBe(inNewYork.resolutionDueAt);
    expect(notificationStageTimes(inKolkata, {})).toEqual(notificationStageTimes(inNewYork, {}));
    expect(wall(NY, inKolkata.firstTouchDueAt)).toBe('2026-03-09 12:30');
    expect(wall(KOL, inKolkata.firstTouchDueAt)).toBe('2026-03-09 22:00');
  });

  it('writes the next action in the new zone', () => {
    const touch: LoopEventOf<'touch_logged'> = {
      id: 't1',
      loopId: 'r1',
      at: local(NY, '2026-03-09 10:00'),
      actor: 'sam@vendor.example',
      type: 'touch_logged',
      channel: 'call',
      outcome: 'no_answer',
      note: '',
    };
    const now = local(NY, '2026-03-09 10:05');
    const text = (tz: string) => foldLoop([...events, touch], { policy: DEFAULT_POLICY, calendar: calendar(tz), now }).nextAction.text;
    expect(text(NY)).toBe('Retry by e-mail before Wed 11 Mar, 10:00 New York time');
    expect(text(KOL)).toBe('Retry by e-mail before Wed 11 Mar, 19:30 Kolkata time');
  });
});

describe('schemas', () => {
  it('lower-cases the contact e-mail', () => {
    expect(ResponseSchema.parse({ ...response(), email: 'Dana.Reyes@ACME.example' }).email).toBe('dana.reyes@acme.example');
  });
  it('a close needs a reason', () => {
    const closed = { id: 'c', loopId: 'r1', at: 1, actor: 'sam@vendor.example', type: 'closed', state: 'resolved' };
    expect(LoopEventSchema.safeParse({ ...closed, reason: '  ' }).success).toBe(false);
    expect(LoopEventSchema.safeParse({ ...closed, reason: 'Refund agreed' }).success).toBe(true);
  });
});
