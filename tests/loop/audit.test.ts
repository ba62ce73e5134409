/**
 * Issue 4, rule by rule: the gaps an audit of the engine against the issue text found, each as a
 * table. Times are written on the owner's wall clock; hand-computed values carry their arithmetic.
 */
import { describe, expect, it } from 'vitest';
import {
  advocacyWindow,
  attemptPlan,
  classifyScore,
  DEFAULT_POLICY,
  detectChurnIntent,
  escalationRate,
  escalationsDue,
  foldLoop,
  hasEscalated,
  nextLadderStepAt,
  notificationStageTimes,
  openLoop,
  parsePolicy,
  PRESETS,
  promoterActivation,
  type Channel,
  type Clock,
  type ContactContext,
  type LoopEvent,
  type LoopEventOf,
  type LoopState,
  type Outcome,
  type Policy,
  type Route,
  type SurveyResponse,
  type TerminalState,
} from '@/lib/loop';
import { calendar, DAY, HOUR, local, MINUTE, response, wall } from './helpers';

const NY = 'America/New_York';
const KOL = 'Asia/Kolkata';
const WED = local(NY, '2026-03-04 10:00'); // Wednesday, before the 8 March spring-forward

let seq = 0;
/** An event of loop r1 with an id that sorts after the opening events at the same time. */
function e<T extends LoopEvent['type']>(
  type: T,
  at: number,
  body: Omit<LoopEventOf<T>, 'id' | 'loopId' | 'at' | 'actor' | 'type'>,
  id?: string,
): LoopEvent {
  return {
    id: id ?? `x${String(++seq).padStart(4, '0')}`,
    loopId: 'r1',
    at,
    actor: 'sam@vendor.example',
    type,
    ...body,
  } as unknown as LoopEvent;
}
const touch = (at: number, outcome: Outcome, channel: Channel = 'call', id?: string) =>
  e('touch_logged', at, { channel, outcome, note: '' }, id);
const close = (at: number, state: TerminalState, id?: string, reason = 'done') => e('closed', at, { state, reason }, id);
const reopen = (at: number, reopens?: string, id?: string) =>
  e('reopened', at, { reason: 'came back', ...(reopens ? { reopens } : {}) }, id);

function loop(r: Partial<SurveyResponse>, extra: LoopEvent[] = [], policy: Policy = DEFAULT_POLICY, tz = NY): LoopEvent[] {
  const resp = response({ respondedAt: WED, ...r });
  return [...openLoop(resp, policy, { calendar: calendar(tz), recordedAt: resp.respondedAt }), ...extra];
}
const fold = (events: LoopEvent[], now: number, o: { policy?: Policy; tz?: string; contact?: ContactContext } = {}): LoopState =>
  foldLoop(events, {
    policy: o.policy ?? DEFAULT_POLICY,
    calendar: calendar(o.tz ?? NY),
    now,
    ...(o.contact ? { contact: o.contact } : {}),
  });

// ───────────────────────────── policy ─────────────────────────────

describe('presets: every clock of every route (response Wednesday 10:00 New York)', () => {
  // Hand-computed, Mon–Fri 09:00–17:00:
  //  4 business hours: Wed 10→14; 75 % = 3 h → 13:00.
  //  1 business day (8 h): Thu 10:00; 75 % = 6 h → Wed 16:00.
  //  5 business days (40 h): next Wed 10:00; 75 % = 30 h = Wed 7 + Thu 8 + Fri 8 + Mon 7 → Mon 16:00.
  //  7 calendar days: next Wed 10:00 EDT = 167 real hours (spring-forward); 75 % = 125 h 15 min → Mon 16:15 EDT.
  //  48 hours: Fri 10:00; 75 % = 36 h → Thu 22:00.
  //  3 business days (24 h): Mon 10:00; 75 % = 18 h = Wed 7 + Thu 8 + Fri 3 → Fri 12:00.
  const row = (w75: string, w1h: string, due: string) => ({ w75, w1h, due });
  const critical4h = row('03-04 13:00', '03-04 13:00', '03-04 14:00');
  const oneDay = row('03-04 16:00', '03-05 09:00', '03-05 10:00');
  const fiveDays = row('03-09 16:00', '03-11 09:00', '03-11 10:00');
  const sevenDays = row('03-09 16:15', '03-11 09:00', '03-11 10:00');
  const fortyEight = row('03-05 22:00', '03-06 09:00', '03-06 10:00');
  const threeDays = row('03-06 12:00', '03-09 09:00', '03-09 10:00');
  it.each<[keyof typeof PRESETS, number, Route, ReturnType<typeof row>]>([
    ['b2b_fast_lane', 2, 'recovery', critical4h],
    ['b2b_fast_lane', 5, 'recovery', oneDay],
    ['b2b_fast_lane', 8, 'improvement', fiveDays],
    ['b2b_fast_lane', 10, 'advocacy', sevenDays],
    ['forty_eight_hour', 2, 'recovery', fortyEight],
    ['forty_eight_hour', 5, 'recovery', fortyEight],
    ['forty_eight_hour', 8, 'improvement', fiveDays],
    ['forty_eight_hour', 10, 'advocacy', sevenDays],
    ['working_day', 2, 'recovery', oneDay],
    ['working_day', 5, 'recovery', oneDay],
    ['working_day', 8, 'improvement', fiveDays],
    ['working_day', 10, 'advocacy', threeDays],
  ])('%s NPS %d (%s): warn 75 %%, warn 1 h, breach, resolution', (preset, score, route, t) => {
    const s = fold(loop({ score }, [], PRESETS[preset]), WED, { policy: PRESETS[preset] });
    expect(s.route).toBe(route);
    const times = notificationStageTimes(s);
    expect([times.near_breach_1, times.near_breach_2, times.breached].map((ms) => wall(NY, ms).slice(5))).toEqual([t.w75, t.w1h, t.due]);
    // recovery: resolution 5 business days after the response in every preset
    expect(s.resolutionDueAt === undefined ? undefined : wall(NY, s.resolutionDueAt)).toBe(
      route === 'recovery' ? '2026-03-11 10:00' : undefined,
    );
  });
});

describe('the customer clock (24/7), chosen per route', () => {
  const withClocks = (base: Policy, clocks: Partial<Record<Route, Clock>>): Policy => ({
    ...base,
    preset: 'custom',
    clocks: { ...base.clocks, ...clocks },
  });
  const allCustomer = withClocks(DEFAULT_POLICY, { recovery: 'customer', improvement: 'customer', advocacy: 'customer' });
  const FRI = local(NY, '2026-03-06 16:30');
  it.each<[string, Policy, number, string, string | undefined]>([
    // business hours become hours, business days become calendar days (same wall time over DST)
    ['all routes on the customer clock', allCustomer, 2, '2026-03-06 20:30', '2026-03-11 16:30'],
    ['all routes on the customer clock', allCustomer, 5, '2026-03-07 16:30', '2026-03-11 16:30'],
    ['all routes on the customer clock', allCustomer, 8, '2026-03-11 16:30', undefined],
    ['all routes on the customer clock', allCustomer, 10, '2026-03-13 16:30', undefined],
    // one route's clock does not leak into another's
    ['only improvement', withClocks(DEFAULT_POLICY, { improvement: 'customer' }), 5, '2026-03-09 16:30', '2026-03-13 16:30'],
    ['only improvement', withClocks(DEFAULT_POLICY, { improvement: 'customer' }), 8, '2026-03-11 16:30', undefined],
    [
      'working day, promoters on the customer clock',
      withClocks(PRESETS.working_day, { advocacy: 'customer' }),
      10,
      '2026-03-09 16:30',
      undefined,
    ],
    [
      'working day, promoters on the customer clock',
      withClocks(PRESETS.working_day, { advocacy: 'customer' }),
      2,
      '2026-03-09 16:30',
      '2026-03-13 16:30',
    ],
  ])('%s (row %#)', (_name, policy, score, due, resolution) => {
    expect(parsePolicy(policy).ok).toBe(true);
    const s = fold(loop({ score, respondedAt: FRI }, [], policy), FRI, { policy });
    expect(wall(NY, s.firstTouchDueAt)).toBe(due);
    expect(s.resolutionDueAt === undefined ? undefined : wall(NY, s.resolutionDueAt)).toBe(resolution);
  });
});

describe('scales: bands are configurable per scale', () => {
  const custom: Policy = {
    ...DEFAULT_POLICY,
    preset: 'custom',
    scales: {
      nps: DEFAULT_POLICY.scales.nps,
      csat: { min: 1, max: 5, recoveryMax: 2, improvementMax: 3, criticalMax: 1 },
      ces: { min: 1, max: 7, recoveryMax: 2, improvementMax: 4, criticalMax: null },
    },
  };
  it.each([
    ['csat', 1, 'recovery', 'critical', '2026-03-04 14:00'], // critical: 4 business hours
    ['csat', 2, 'recovery', 'standard', '2026-03-05 10:00'],
    ['csat', 3, 'improvement', 'standard', '2026-03-11 10:00'],
    ['ces', 2, 'recovery', 'standard', '2026-03-05 10:00'],
    ['ces', 3, 'improvement', 'standard', '2026-03-11 10:00'],
    ['ces', 5, 'advocacy', 'standard', '2026-03-11 10:00'],
    ['nps', 3, 'recovery', 'critical', '2026-03-04 14:00'],
  ] as const)('%s %d → %s / %s, first touch %s', (scale, score, route, severity, due) => {
    expect(parsePolicy(custom).ok).toBe(true);
    expect(classifyScore(scale, score, custom)).toEqual({ route, severity });
    expect(wall(NY, fold(loop({ scale, score }, [], custom), WED, { policy: custom }).firstTouchDueAt)).toBe(due);
  });
});

describe('an invalid policy is rejected with the path and reason of each problem', () => {
  const edited = (change: (p: any) => void): unknown => {
    const p = structuredClone(DEFAULT_POLICY) as any;
    change(p);
    return p;
  };
  it.each<[string, (p: any) => void, string, RegExp]>([
    ['ladder step of 0 ms', (p) => (p.escalation.ladder[0].afterMs = 0), 'escalation.ladder.0.afterMs', /too small/i],
    [
      'ladder level unknown',
      (p) => (p.escalation.ladder[1].level = 'ceo'),
      'escalation.ladder.1.level',
      /expected one of "manager"\|"cx_lead"\|"vp_cs"/,
    ],
    [
      'ladder steps out of order',
      (p) =>
        (p.escalation.ladder = [
          { afterMs: 36 * HOUR, level: 'manager' },
          { afterMs: 24 * HOUR, level: 'cx_lead' },
        ]),
      'escalation.ladder',
      /increasing afterMs order/,
    ],
    [
      'ladder steps at the same time',
      (p) =>
        (p.escalation.ladder = [
          { afterMs: HOUR, level: 'manager' },
          { afterMs: HOUR, level: 'cx_lead' },
        ]),
      'escalation.ladder',
      /increasing afterMs order/,
    ],
    ['top-revenue share above 1', (p) => (p.escalation.topRevenueShare = 1.5), 'escalation.topRevenueShare', /too big/i],
    ['top-revenue share 0', (p) => (p.escalation.topRevenueShare = 0), 'escalation.topRevenueShare', /too small/i],
    ['negative revenue threshold', (p) => (p.escalation.topRevenueThreshold = -1), 'escalation.topRevenueThreshold', /too small/i],
    ['repeat window 0 days', (p) => (p.escalation.repeatWindowDays = 0), 'escalation.repeatWindowDays', /too small/i],
    ['retry window 0', (p) => (p.attempts.retryWithinMs = 0), 'attempts.retryWithinMs', /too small/i],
    ['attempts 21', (p) => (p.attempts.max = 21), 'attempts.max', /too big/i],
    ['advocacy cool-off negative', (p) => (p.advocacy.earliestAfterMs = -1), 'advocacy.earliestAfterMs', /too small/i],
    ['advocacy cap 0 per quarter', (p) => (p.advocacy.maxAsksPerQuarter = 0), 'advocacy.maxAsksPerQuarter', /too small/i],
    ['re-survey from day 0', (p) => (p.resurvey.minDays = 0), 'resurvey.minDays', /too small/i],
    ['resolution in weeks', (p) => (p.resolution.recovery.unit = 'weeks'), 'resolution.recovery.unit', /expected one of/],
    ['a fractional scale bound', (p) => (p.scales.csat.min = 1.5), 'scales.csat.min', /expected int/],
    ['a clock that does not exist', (p) => (p.clocks.recovery = 'moon'), 'clocks.recovery', /expected one of "business"\|"customer"/],
    ['complaint queue missing', (p) => delete p.complaintQueues.service, 'complaintQueues.service', /invalid input/i],
  ])('%s', (_name, change, path, message) => {
    const r = parsePolicy(edited(change));
    expect(r.ok).toBe(false);
    const hit = !r.ok && r.issues.find((i) => i.path === path);
    expect(hit, JSON.stringify(r)).toBeTruthy();
    expect((hit as { message: string }).message).toMatch(message);
  });
});

// ───────────────────────────── rules ─────────────────────────────

describe('attempts: retry on another channel within 48 h; no_response after exactly the maximum', () => {
  const at = (h: number) => WED + h * HOUR;
  type Row = [string, [Outcome, Channel][], 'open' | 'no_response', { channel: Channel; byHours: number } | null];
  it.each<Row>([
    ['one missed call', [['no_answer', 'call']], 'open', { channel: 'email', byHours: 1 + 48 }],
    [
      'missed call, unanswered e-mail',
      [
        ['no_answer', 'call'],
        ['no_answer', 'email'],
      ],
      'open',
      { channel: 'call', byHours: 2 + 48 },
    ],
    ['a meeting nobody came to', [['no_answer', 'meeting']], 'open', { channel: 'email', byHours: 1 + 48 }],
    [
      'exactly three unanswered',
      [
        ['no_answer', 'call'],
        ['voicemail', 'email'],
        ['wrong_contact', 'call'],
      ],
      'no_response',
      null,
    ],
    [
      'two unanswered, then reached',
      [
        ['no_answer', 'call'],
        ['no_answer', 'email'],
        ['reached', 'call'],
      ],
      'open',
      null,
    ],
    [
      'a reached touch in between: three unanswered in all, not in a row',
      [
        ['no_answer', 'call'],
        ['reached', 'call'],
        ['no_answer', 'call'],
        ['no_answer', 'email'],
      ],
      'open',
      null,
    ],
    [
      'reached first, then three unanswered',
      [
        ['reached', 'call'],
        ['no_answer', 'call'],
        ['no_answer', 'email'],
        ['no_answer', 'call'],
      ],
      'open',
      null,
    ],
  ])('%s', (_name, attempts, status, retry) => {
    const touches = attempts.map(([outcome, channel], i) => touch(at(i + 1), outcome, channel));
    const s = fold(loop({}, touches), at(10));
    expect(s.status).toBe(status);
    expect(s.attempts).toBe(attempts.filter(([o]) => o !== 'reached').length);
    expect(s.attemptPlan.retry ?? null).toEqual(retry && { channel: retry.channel, by: at(retry.byHours) });
    if (status === 'no_response') {
      expect(s.closedReason).toBe('3 attempts without reaching the customer');
      expect(s.closedAt).toBe(at(3));
    }
  });

  it('a fourth attempt logged on another device does not move the close to it', () => {
    const s = fold(
      loop(
        {},
        [1, 2, 3, 4].map((h) => touch(at(h), 'no_answer')),
      ),
      at(10),
    );
    expect([s.status, s.closedAt, s.attemptPlan.exhaustedAt]).toEqual(['no_response', at(3), at(3)]);
  });

  it.each([
    [1, 1, 'no_response'],
    [2, 1, 'open'],
    [2, 2, 'no_response'],
    [5, 4, 'open'],
  ] as const)('policy max %d, %d unanswered → %s', (max, n, status) => {
    const policy: Policy = { ...DEFAULT_POLICY, attempts: { ...DEFAULT_POLICY.attempts, max } };
    const touches = Array.from({ length: n }, (_, i) => touch(at(i + 1), 'no_answer'));
    expect(fold(loop({}, touches, policy), at(10), { policy }).status).toBe(status);
  });
});

describe('reopening: every terminal state, including a close by attempts, and whatever the clocks say', () => {
  const at = (h: number) => WED + h * HOUR;
  const three = [1, 2, 3].map((h) => touch(at(h), 'no_answer', 'call', `t${h}`));

  it.each<[string, LoopEvent[], 'open' | TerminalState]>([
    // what the worker writes: a reopen naming the last `closed` event, or nothing when there is none
    ['no_response by attempts, reopened (no close to name)', [...three, reopen(at(4))], 'open'],
    ['… reopen stamped by a clock days behind', [...three, reopen(at(-48))], 'open'],
    [
      '… then two more unanswered: a retry is owed, still open',
      [...three, reopen(at(4)), touch(at(5), 'no_answer'), touch(at(6), 'no_answer')],
      'open',
    ],
    [
      '… then the third attempt of the new round',
      [...three, reopen(at(4)), ...[5, 6, 7].map((h) => touch(at(h), 'no_answer'))],
      'no_response',
    ],
    [
      'closed, reopened, then no_response by attempts, reopened naming the old close again',
      [close(at(1), 'resolved', 'c1'), reopen(at(2), 'c1'), ...[3, 4, 5].map((h) => touch(at(h), 'no_answer')), reopen(at(6), 'c1')],
      'open',
    ],
    [
      'closed as churned, reopen naming it with a clock an hour behind the close',
      [close(at(5), 'churned', 'c1'), reopen(at(4), 'c1')],
      'open',
    ],
    [
      'reopened, then closed again with a stamp before the reopen (written after it)',
      [close(at(5), 'churned', 'c1'), reopen(at(6), 'c1'), close(at(1), 'escalated', 'c2')],
      'escalated',
    ],
    ['a reopen naming an unknown close changes nothing', [close(at(5), 'resolved', 'c1'), reopen(at(6), 'c9')], 'resolved'],
    ...(['resolved', 'escalated', 'churned', 'no_response'] as const).map((state): [string, LoopEvent[], 'open'] => [
      `${state}, reopened`,
      [close(at(1), state, `c-${state}`), reopen(at(2), `c-${state}`)],
      'open',
    ]),
  ])('%s', (_name, extra, status) => {
    const events = loop({}, extra);
    expect(fold(events, at(100)).status).toBe(status);
    // arrival order does not matter
    expect(fold(events.slice().reverse(), at(100)).status).toBe(status);
  });

  it('reopen after a close by attempts: the rep owes a retry on the other channel again', () => {
    const s = fold(loop({}, [...three, reopen(at(4)), touch(at(5), 'no_answer', 'call')]), at(6));
    expect(s.nextAction.text).toMatch(/^Retry by e-mail before /);
    expect(attemptPlan(s.touches, DEFAULT_POLICY, 1)).toMatchObject({ unanswered: 4, exhausted: false });
  });
});

describe('escalation ladder and closes', () => {
  const r = { score: 5, comment: '' };
  const ladder = (s: LoopState) => s.escalations.filter((x) => x.kind === 'ladder').map((x) => x.level);
  it.each<[string, LoopEvent[], number, string[]]>([
    ['open and untouched at +40 h', [], 40, ['manager', 'cx_lead']],
    ['closed untouched at +2 h (sorted out on chat)', [close(WED + 2 * HOUR, 'resolved')], 40, []],
    ['closed untouched at +30 h: the manager step had fired', [close(WED + 30 * HOUR, 'churned')], 40, ['manager']],
    [
      'closed at +2 h, reopened at +3 h, still untouched',
      [close(WED + 2 * HOUR, 'resolved', 'cx1'), reopen(WED + 3 * HOUR, 'cx1')],
      40,
      ['manager', 'cx_lead'],
    ],
    ['touched at +30 h, after the manager step', [touch(WED + 30 * HOUR, 'no_answer')], 40, ['manager']],
    [
      'reassigned at +1 h: the ladder still runs from the response',
      [e('reassigned', WED + HOUR, { toEmail: 'kim@vendor.example' })],
      25,
      ['manager'],
    ],
  ])('%s', (_name, extra, hours, levels) => {
    expect(ladder(fold(loop(r, extra), WED + hours * HOUR))).toEqual(levels);
  });

  it('nextLadderStepAt: the next step while open and untouched; none once closed', () => {
    const base = { response: response({ respondedAt: WED }), route: 'recovery' as const, severity: 'standard' as const, events: [] };
    expect(nextLadderStepAt(base, DEFAULT_POLICY, WED)).toBe(WED + 24 * HOUR);
    expect(nextLadderStepAt(base, DEFAULT_POLICY, WED + 24 * HOUR)).toBe(WED + 36 * HOUR);
    expect(nextLadderStepAt({ ...base, closedAt: WED + HOUR }, DEFAULT_POLICY, WED)).toBeUndefined();
  });

  it('an `escalated` event records a hand-off and keeps the loop open; a close as `escalated` ends it', () => {
    const handOff = e('escalated', WED + HOUR, { level: 'cx_lead', reason: 'Asked for a director', evidence: '“Get me someone senior”' });
    const open = fold(loop({ score: 5 }, [handOff]), WED + 2 * HOUR);
    expect(open.status).toBe('open');
    expect(open.escalations).toEqual([
      { level: 'cx_lead', kind: 'recorded', reason: 'Asked for a director', evidence: '“Get me someone senior”', at: WED + HOUR },
    ]);
    const ended = fold(
      loop({ score: 5 }, [handOff, close(WED + 3 * HOUR, 'escalated', undefined, 'Handed to the CX lead')]),
      WED + 4 * HOUR,
    );
    expect([ended.status, ended.closedReason, ended.escalations.length]).toEqual(['escalated', 'Handed to the CX lead', 1]);
    expect(ended.nextAction.text).toBe('Closed as escalated: Handed to the CX lead');
  });
});

describe('immediate escalation, with the evidence quoted', () => {
  const esc = (r: Partial<SurveyResponse>, contact: ContactContext = {}) => {
    const resp = response({ respondedAt: WED, ...r });
    const { route, severity } = classifyScore(resp.scale, resp.score, DEFAULT_POLICY);
    return escalationsDue({ response: resp, route, severity, events: [] }, DEFAULT_POLICY, contact, WED).map((x) => [
      x.kind,
      x.level,
      x.evidence,
    ]);
  };
  it.each<[string, Partial<SurveyResponse>, ContactContext, unknown[]]>([
    [
      'critical + churn intent → CX lead',
      { score: 1, comment: 'Slow again. We are not renewing.' },
      {},
      [['churn_intent', 'cx_lead', 'We are not renewing.']],
    ],
    ['critical + negated churn → nothing', { score: 1, comment: 'We are not cancelling, just fix it.' }, {}, []],
    ['standard detractor + churn intent → nothing at once', { score: 5, comment: 'We will cancel.' }, {}, []],
    [
      'critical, revenue at the threshold → VP CS',
      { score: 3, comment: '', company: 'Acme', accountRevenue: 400_000 },
      { topRevenueThreshold: 400_000 },
      [['top_revenue', 'vp_cs', 'Acme revenue 400,000']],
    ],
    ['critical, revenue just under → nothing', { score: 3, comment: '', accountRevenue: 399_999 }, { topRevenueThreshold: 400_000 }, []],
    ['critical, no threshold known → nothing', { score: 3, comment: '', accountRevenue: 1e9 }, { topRevenueThreshold: null }, []],
    ['standard score from a top account → nothing', { score: 6, comment: '', accountRevenue: 1e9 }, { topRevenueThreshold: 1 }, []],
  ])('%s', (_name, r, contact, expected) => {
    expect(esc(r, contact)).toEqual(expected);
  });

  const earlier = (days: number, o: Partial<SurveyResponse> = {}) =>
    response({ id: 'r0', score: 4, comment: 'Still broken', respondedAt: WED - days, ...o });
  it.each<[string, SurveyResponse, boolean]>([
    ['80 days before', earlier(80 * DAY), true],
    ['exactly 90 days before', earlier(90 * DAY), true],
    ['90 days and 1 ms before', earlier(90 * DAY + 1), false],
    ['an earlier CSAT 2 (recovery on its scale)', earlier(10 * DAY, { scale: 'csat', score: 2 }), true],
    ['an earlier CES 4 (improvement on its scale)', earlier(10 * DAY, { scale: 'ces', score: 4 }), false],
    ['a later low score is not an earlier one', earlier(-DAY), false],
    ['the same response is not a second one', earlier(0, { id: 'r1' }), false],
    ['an out-of-scale score from another source', earlier(10 * DAY, { score: 42 }), false],
  ])('a second recovery score: %s', (_name, other, escalates) => {
    const found = esc({ score: 5 }, { otherResponses: [other] });
    expect(found.length > 0).toBe(escalates);
    if (escalates)
      expect(found[0]).toEqual([
        'repeat_low_score',
        'manager',
        expect.stringMatching(/^Earlier: (NPS|CSAT) \d on \d{4}-\d\d-\d\d — “Still broken”$/),
      ]);
  });
});

describe('churn intent: every occurrence of a phrase is read, with negation per occurrence', () => {
  it.each<[string, string | null]>([
    ['We are not cancelling now; we will cancel in May.', 'cancel'],
    ['Not switching to them yet, but switching to Zendesk next year.', 'switching to'],
    ['We won’t renew.', 'won’t renew'],
    ['We won’t be cancelling.', null],
    ['We are not cancelling. We are not switching to anyone.', null],
    ['Renewal is fine. Our CFO wants to cancel.', 'cancel'],
  ])('%j → %j', (text, phrase) => {
    const found = detectChurnIntent(text);
    expect(found === null ? null : found.phrase.replace(/’/g, "'").toLowerCase()).toBe(
      phrase === null ? null : phrase.replace(/’/g, "'").toLowerCase(),
    );
  });
});

describe('reassigned: the owner changes, the promises do not', () => {
  const events = loop({ score: 2 }, [
    e('reassigned', WED + HOUR, { toEmail: 'kim@vendor.example' }),
    e('reassigned', WED + 30 * MINUTE, { toEmail: 'lee@vendor.example' }), // a device clock behind: the later stamp wins
  ]);
  const before = fold(loop({ score: 2 }), WED + 2 * HOUR);
  it.each([NY, KOL, 'Europe/Berlin'])('folded in %s: owner kim, due and warning times unchanged', (tz) => {
    const after = fold(events, WED + 2 * HOUR, { tz });
    expect(after.ownerEmail).toBe('kim@vendor.example');
    expect([after.firstTouchDueAt, after.resolutionDueAt, after.stageTimes]).toEqual([
      before.firstTouchDueAt,
      before.resolutionDueAt,
      before.stageTimes,
    ]);
    expect(after.sla).toEqual(before.sla);
  });
  it('the next action is written on the reader’s clock', () => {
    // critical Wed 10:00 NY, due 14:00 NY = 00:30 IST Thursday
    expect(fold(events, WED + HOUR + 50 * MINUTE, { tz: KOL }).nextAction.text).toBe('Call now — 2 h 10 min left');
  });
});

describe('advocacy: 3 days after the score, once per contact per quarter, in the owner’s zone', () => {
  const cases: [string, string, string, string[], number, string, 'cool_off' | 'quarter_cap'][] = [
    // zone, response, asks (local), max per quarter → allowed from (local), reason
    [
      'ask 1 Apr 02:00 in Kolkata is Q2 there (31 Mar in UTC)',
      KOL,
      '2026-04-02 10:00',
      ['2026-04-01 02:00'],
      1,
      '2026-07-01 00:00',
      'quarter_cap',
    ],
    ['the same instant seen from UTC is Q1: no cap', 'UTC', '2026-04-02 04:30', ['2026-03-31 20:30'], 1, '2026-04-05 04:30', 'cool_off'],
    [
      'an ask late on 31 Mar in New York (1 Apr UTC) is Q1 there',
      NY,
      '2026-03-30 10:00',
      ['2026-03-31 22:00'],
      1,
      '2026-04-02 10:00',
      'cool_off',
    ],
    [
      'cool-off ends in Q1 where an ask was made: moves to 1 Apr local midnight',
      KOL,
      '2026-03-27 10:00',
      ['2026-03-31 23:00'],
      1,
      '2026-04-01 00:00',
      'quarter_cap',
    ],
    [
      'asks in two quarters in a row: skips both',
      NY,
      '2026-05-10 10:00',
      ['2026-04-15 10:00', '2026-08-01 10:00'],
      1,
      '2026-10-01 00:00',
      'quarter_cap',
    ],
    ['the cap is configurable: 2 per quarter, one used', NY, '2026-05-10 10:00', ['2026-04-15 10:00'], 2, '2026-05-13 10:00', 'cool_off'],
    ['across the year end', KOL, '2026-12-30 10:00', ['2027-01-01 09:00'], 1, '2027-04-01 00:00', 'quarter_cap'],
  ];
  it.each(cases)('%s', (_name, tz, respondedAt, asks, max, allowed, reason) => {
    const policy: Policy = { ...DEFAULT_POLICY, advocacy: { ...DEFAULT_POLICY.advocacy, maxAsksPerQuarter: max } };
    const w = advocacyWindow(
      local(tz, respondedAt),
      asks.map((a) => local(tz, a)),
      policy,
      tz,
    );
    expect([wall(tz, w.allowedFrom), w.reason]).toEqual([allowed, reason]);
  });

  it('the fold says when, and the next action names a far-off day by its date', () => {
    const respondedAt = local(KOL, '2026-04-02 10:00');
    const events = loop({ score: 10, respondedAt, comment: 'Love it' }, [], DEFAULT_POLICY, KOL);
    const s = fold(events, respondedAt + HOUR, { tz: KOL, contact: { otherAdvocacyAsks: [local(KOL, '2026-04-01 02:00')] } });
    expect(s.advocacy).toEqual({ allowedFrom: local(KOL, '2026-07-01 00:00'), reason: 'quarter_cap' });
    expect(s.nextAction.text).toBe('Thank them now; ask for a review from Wed 1 Jul');
    // within the coming week the weekday is enough
    expect(fold(events, respondedAt + HOUR, { tz: KOL }).nextAction.text).toBe('Thank them now; ask for a review from Sun');
  });
});

describe('re-survey 30–60 days after a recovery loop is resolved, and only then', () => {
  const closedAt = WED + 2 * DAY;
  it.each<[string, Partial<SurveyResponse>, LoopEvent[], Policy, { from: number; to: number } | undefined]>([
    [
      'recovery, resolved',
      { score: 4 },
      [close(closedAt, 'resolved')],
      DEFAULT_POLICY,
      { from: closedAt + 30 * DAY, to: closedAt + 60 * DAY },
    ],
    [
      'critical, resolved',
      { score: 1 },
      [close(closedAt, 'resolved')],
      DEFAULT_POLICY,
      { from: closedAt + 30 * DAY, to: closedAt + 60 * DAY },
    ],
    [
      'CSAT recovery, resolved',
      { scale: 'csat', score: 2 },
      [close(closedAt, 'resolved')],
      DEFAULT_POLICY,
      { from: closedAt + 30 * DAY, to: closedAt + 60 * DAY },
    ],
    [
      'a one-day window (min = max = 45)',
      { score: 4 },
      [close(closedAt, 'resolved')],
      { ...DEFAULT_POLICY, resurvey: { minDays: 45, maxDays: 45 } },
      { from: closedAt + 45 * DAY, to: closedAt + 45 * DAY },
    ],
    ['recovery, churned', { score: 4 }, [close(closedAt, 'churned')], DEFAULT_POLICY, undefined],
    ['recovery, escalated', { score: 4 }, [close(closedAt, 'escalated')], DEFAULT_POLICY, undefined],
    [
      'recovery, no_response by attempts',
      { score: 4 },
      [1, 2, 3].map((h) => touch(WED + h * HOUR, 'no_answer')),
      DEFAULT_POLICY,
      undefined,
    ],
    [
      'recovery, resolved then reopened',
      { score: 4 },
      [close(closedAt, 'resolved', 'rs1'), reopen(closedAt + HOUR, 'rs1')],
      DEFAULT_POLICY,
      undefined,
    ],
    ['recovery, still open', { score: 4 }, [], DEFAULT_POLICY, undefined],
    ['improvement, resolved', { score: 8 }, [close(closedAt, 'resolved')], DEFAULT_POLICY, undefined],
    ['advocacy, resolved', { score: 10 }, [close(closedAt, 'resolved')], DEFAULT_POLICY, undefined],
  ])('%s', (_name, r, extra, policy, window) => {
    const s = fold(loop(r, extra, policy), closedAt + DAY, { policy });
    expect(s.resurvey).toEqual(window);
    if (window)
      expect(s.nextAction).toEqual({
        text: expect.stringMatching(/^Resolved — re-survey between \w{3} \d+ \w{3} and \w{3} \d+ \w{3}$/),
        dueAt: window.to,
      });
  });
});

describe('next action: one sentence and a due time', () => {
  it.each<[string, Partial<SurveyResponse>, LoopEvent[], number, string, number | undefined]>([
    ['critical, 2 h 10 min left', { score: 2 }, [], WED + HOUR + 50 * MINUTE, 'Call now — 2 h 10 min left', local(NY, '2026-03-04 14:00')],
    [
      'critical without a comment: e-mail first',
      { score: 1, comment: '' },
      [],
      WED + HOUR,
      'E-mail first: no comment given — ask what happened (3 h left)',
      local(NY, '2026-03-04 14:00'),
    ],
    [
      'a comment of blanks is no comment',
      { score: 5, comment: '  \n ' },
      [],
      WED + HOUR,
      'E-mail first: no comment given — ask what happened (23 h left)',
      local(NY, '2026-03-05 10:00'),
    ],
    [
      'the e-mail went unanswered: now the call',
      { score: 5, comment: '' },
      [touch(WED + HOUR, 'no_answer', 'email')],
      WED + 2 * HOUR,
      'Retry by phone before Fri 6 Mar, 11:00 New York time',
      local(NY, '2026-03-06 11:00'),
    ],
    // 5 business days → Wed 11 Mar 10:00 EDT: 167 real hours after Wed 10:00 EST (spring-forward), 166 from now
    ['passive, untouched', { score: 7 }, [], WED + HOUR, 'Follow up on their feedback — 6 d 22 h left', local(NY, '2026-03-11 10:00')],
    [
      'reached, root cause set',
      { score: 5 },
      [touch(WED + HOUR, 'reached'), e('reason_set', WED + HOUR, { category: 'support' })],
      WED + 2 * HOUR,
      'Resolve and close the loop by Wed 11 Mar, 10:00 New York time',
      local(NY, '2026-03-11 10:00'),
    ],
    [
      'promoter asked',
      { score: 10 },
      [e('advocacy_asked', WED + 4 * DAY, { channel: 'email' })],
      WED + 4 * DAY,
      'Asked for advocacy — close the loop when they answer',
      undefined,
    ],
    [
      'promoter thanked, window open',
      { score: 10 },
      [touch(WED + HOUR, 'reached')],
      WED + 3 * DAY,
      'Ask for a review or referral now',
      WED + 5 * DAY,
    ],
  ])('%s', (_name, r, extra, now, text, dueAt) => {
    const s = fold(loop(r, extra), now);
    expect(s.nextAction.text).toBe(text);
    expect(s.nextAction.dueAt).toBe(dueAt);
  });
});

// ───────────────────────────── KPIs ─────────────────────────────

describe('KPIs: escalation rate and promoter activation, hand-computed', () => {
  const NOW = WED + 10 * DAY;
  const L = (id: string, r: Partial<SurveyResponse>, extra: LoopEvent[] = [], contact?: ContactContext) =>
    fold(
      loop(
        { id, ...r },
        extra.map((x) => ({ ...x, loopId: id })),
      ),
      NOW,
      contact ? { contact } : {},
    );
  // recovery loops:
  //  E1 touched at +1 h, resolved → not escalated
  //  E2 recorded `escalated` event → escalated
  //  E3 closed as `escalated` without an event → escalated
  //  E4 untouched for 10 days → ladder (manager, CX lead) → escalated
  //  E5 critical with churn intent, touched at +1 h → escalated at once
  //  E6 closed untouched at +2 h → no ladder → not escalated
  const loops = [
    L('E1', { score: 5 }, [touch(WED + HOUR, 'reached'), close(WED + DAY, 'resolved')]),
    L('E2', { score: 5 }, [
      touch(WED + HOUR, 'reached'),
      e('escalated', WED + 2 * HOUR, { level: 'manager', reason: 'asked for a refund' }),
    ]),
    L('E3', { score: 5 }, [touch(WED + HOUR, 'reached'), close(WED + DAY, 'escalated')]),
    L('E4', { score: 5 }),
    L('E5', { score: 1, comment: 'We are switching to Zendesk.' }, [touch(WED + HOUR, 'reached')]),
    L('E6', { score: 5 }, [close(WED + 2 * HOUR, 'resolved')]),
    L('P1', { score: 9 }), // a promoter does not count in the escalation rate
  ];
  it('escalation rate = 4 / 6 (E2, E3, E4, E5 of six recovery loops)', () => {
    expect(loops.filter(hasEscalated).map((l) => l.loopId)).toEqual(['E2', 'E3', 'E4', 'E5']);
    expect(escalationRate(loops)).toEqual({ value: 4 / 6, numerator: 4, denominator: 6 });
  });

  it('promoter activation measures from the allowed moment the engine computed (the quarter cap moves it)', () => {
    // A1: responded Wed 4 Mar, contact already asked 20 Jan (Q1) → allowed from 1 Apr 00:00; asked 2 Apr → in window
    // A2: same cap, asked 4 Apr 00:00 (more than 48 h after 1 Apr) → a miss
    // A3: no cap → allowed 7 Mar 10:00; asked 8 Mar → in window
    // A4: capped like A1, not asked; at NOW (14 Mar) the window has not even opened → excluded
    const capped = { otherAdvocacyAsks: [local(NY, '2026-01-20 10:00')] };
    const late = local(NY, '2026-04-06 00:00');
    const asked = (at: number) => e('advocacy_asked', at, { channel: 'email' });
    const A1 = L('A1', { score: 10 }, [asked(local(NY, '2026-04-02 12:00'))], capped);
    const A2 = L('A2', { score: 10 }, [asked(local(NY, '2026-04-03 00:01'))], capped);
    const A3 = L('A3', { score: 10 }, [asked(local(NY, '2026-03-08 12:00'))]);
    const A4 = L('A4', { score: 10 }, [], capped);
    expect(A1.advocacy?.allowedFrom).toBe(local(NY, '2026-04-01 00:00'));
    expect(promoterActivation([A1, A2, A3, A4], NOW)).toEqual({ value: 1, numerator: 2, denominator: 2 });
    expect(promoterActivation([A1, A2, A3, A4], late)).toEqual({ value: 0.5, numerator: 2, denominator: 4 });
    // an explicit window option still measures from the response
    expect(promoterActivation([A1, A3], late, { windowOpensAfterMs: 3 * DAY })).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
  });
});
