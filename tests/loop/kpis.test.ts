import { describe, expect, it } from 'vitest';
import { sameContact } from '@/lib/crm/match';
import {
  DEFAULT_POLICY,
  foldLoop,
  openLoop,
  type LoopEvent,
  type LoopState,
  type Route,
  type Scale,
  type SurveyResponse,
} from '@/lib/loop';
import {
  contactRateInSla,
  contactRateWithin,
  contactRateWithin72h,
  escalationRate,
  followUpRate,
  hasFollowUp,
  kpiReport,
  latestReason,
  loopsClosed,
  medianOf,
  medianTimeToFirstTouch,
  promoterActivation,
  toRate,
  resolutionRate,
  rootCauseThemes,
  scoreRecovery,
} from '@/lib/loop/kpis';

const H = 3_600_000;
const D = 24 * H;
const T0 = Date.UTC(2024, 0, 1, 9); // Monday 09:00 UTC
const NOW = T0 + 10 * D;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Extra = DistributiveOmit<LoopEvent, 'id' | 'loopId'>;
let seq = 0;

/**
 * A loop folded by the engine from hand-made events: the `routed` event fixes route and due times
 * so every KPI below can be computed on paper. A terminal `status` without a `closed` event adds a
 * system close right after the response.
 */
function mk(o: {
  id: string;
  route: Route;
  score: number;
  scale?: Scale;
  respondedAt: number;
  firstTouchDueAt: number;
  resolutionDueAt?: number;
  status?: LoopState['status'];
  email?: string;
  hubspotId?: string;
  revenue?: number;
  events?: Extra[];
}): LoopState {
  const response: SurveyResponse = {
    id: o.id,
    scale: o.scale ?? 'nps',
    score: o.score,
    comment: '',
    respondedAt: o.respondedAt,
    extra: {},
    ...(o.email ? { email: o.email } : {}),
    ...(o.hubspotId ? { hubspotId: o.hubspotId } : {}),
    ...(o.revenue !== undefined ? { accountRevenue: o.revenue } : {}),
  };
  const extra: Extra[] = [...(o.events ?? [])];
  if (o.status && o.status !== 'open' && !extra.some((e) => e.type === 'closed'))
    extra.push({ type: 'closed', at: o.respondedAt + 1, actor: 'system', state: o.status, reason: '' });
  const events: LoopEvent[] = [
    { id: `${o.id}/received`, loopId: o.id, at: o.respondedAt, actor: 'system', type: 'received', response },
    {
      id: `${o.id}/routed`,
      loopId: o.id,
      at: o.respondedAt,
      actor: 'system',
      type: 'routed',
      route: o.route,
      severity: 'standard',
      firstTouchDueAt: o.firstTouchDueAt,
      nearBreachAt: o.firstTouchDueAt,
      ...(o.resolutionDueAt !== undefined ? { resolutionDueAt: o.resolutionDueAt } : {}),
      policyVersion: 1,
    },
    ...extra.map((e) => ({ ...e, id: `${o.id}/e${String(++seq).padStart(4, '0')}`, loopId: o.id }) as LoopEvent),
  ];
  const state = foldLoop(events, { policy: DEFAULT_POLICY, calendar: DEFAULT_POLICY.calendar, now: NOW });
  if (state.status !== (o.status ?? 'open')) throw new Error(`${o.id}: folded status ${state.status}`);
  return state;
}

const rep = 'rep@acme.test';
const touch = (at: number, actor = rep): Extra => ({ type: 'touch_logged', at, actor, channel: 'call', outcome: 'reached', note: '' });
const reason = (at: number, category: string): Extra => ({ type: 'reason_set', at, actor: rep, category });
const escalated = (at: number, actor = 'system'): Extra => ({ type: 'escalated', at, actor, level: 'manager', reason: 'ladder' });
const closed = (at: number, state: 'resolved' | 'escalated' | 'churned' | 'no_response', actor = rep): Extra => ({
  type: 'closed',
  at,
  actor,
  state,
  reason: '',
});
const asked = (at: number): Extra => ({ type: 'advocacy_asked', at, actor: rep, channel: 'email' });

/*
 * The data set, at NOW = T0 + 10 days.
 * id   route        score  contact  touched      due         res. due  status       other
 * L1   recovery     2      a@x      T0+2h        T0+4h       T0+5d     resolved     reasons support→pricing, rev 1000
 * L2   recovery     5      b@x      T0+30h       T0+24h      T0+5d     escalated    reason support, system escalation, rev 500
 * L3   recovery     6      c@x      —            T0+24h      T0+5d     open         system escalation, rev 2000
 * L4   recovery     4      d@x      —            NOW+20h     NOW+5d    open         responded NOW-4h, rev 300 (not yet due)
 * L6   advocacy     9      A@X      —            T0+15d      —         open         next response of L1
 * L7   recovery     4      b@x      T0+9d+1h     T0+10d      T0+14d    open         next response of L2
 * L8   advocacy     10     e@x      —            T0+7d       —         resolved     asked T0+4d (in window), reason product, rev 9999
 * L9   advocacy     9      f@x      —            T0+7d       —         open         asked T0+1d (too early)
 * L10  improvement 3 csat g@x      —            T0+7d       —         no_response  closed by system
 */
const L1 = mk({
  id: 'L1',
  route: 'recovery',
  score: 2,
  respondedAt: T0,
  firstTouchDueAt: T0 + 4 * H,
  resolutionDueAt: T0 + 5 * D,
  status: 'resolved',
  email: 'a@x',
  revenue: 1000,
  events: [touch(T0 + 2 * H), reason(T0 + 2 * H, 'support'), reason(T0 + 3 * H, 'pricing'), closed(T0 + 3 * D, 'resolved')],
});
const L2 = mk({
  id: 'L2',
  route: 'recovery',
  score: 5,
  respondedAt: T0,
  firstTouchDueAt: T0 + 24 * H,
  resolutionDueAt: T0 + 5 * D,
  status: 'escalated',
  email: 'b@x',
  revenue: 500,
  events: [escalated(T0 + 24 * H), touch(T0 + 30 * H), reason(T0 + 30 * H, 'support'), closed(T0 + 4 * D, 'escalated')],
});
const L3 = mk({
  id: 'L3',
  route: 'recovery',
  score: 6,
  respondedAt: T0,
  firstTouchDueAt: T0 + 24 * H,
  resolutionDueAt: T0 + 5 * D,
  email: 'c@x',
  revenue: 2000,
  events: [escalated(T0 + 24 * H)],
});
const L4 = mk({
  id: 'L4',
  route: 'recovery',
  score: 4,
  respondedAt: NOW - 4 * H,
  firstTouchDueAt: NOW + 20 * H,
  resolutionDueAt: NOW + 5 * D,
  email: 'd@x',
  revenue: 300,
});
const L6 = mk({ id: 'L6', route: 'advocacy', score: 9, respondedAt: T0 + 8 * D, firstTouchDueAt: T0 + 15 * D, email: ' A@X ' });
const L7 = mk({
  id: 'L7',
  route: 'recovery',
  score: 4,
  respondedAt: T0 + 9 * D,
  firstTouchDueAt: T0 + 10 * D,
  resolutionDueAt: T0 + 14 * D,
  email: 'b@x',
  events: [touch(T0 + 9 * D + H)],
});
const L8 = mk({
  id: 'L8',
  route: 'advocacy',
  score: 10,
  respondedAt: T0,
  firstTouchDueAt: T0 + 7 * D,
  status: 'resolved',
  email: 'e@x',
  revenue: 9999,
  events: [asked(T0 + 4 * D), reason(T0 + 4 * D, 'product'), closed(T0 + 4 * D, 'resolved')],
});
const L9 = mk({
  id: 'L9',
  route: 'advocacy',
  score: 9,
  respondedAt: T0,
  firstTouchDueAt: T0 + 7 * D,
  email: 'f@x',
  events: [asked(T0 + D)],
});
const L10 = mk({
  id: 'L10',
  route: 'improvement',
  score: 3,
  scale: 'csat',
  respondedAt: T0,
  firstTouchDueAt: T0 + 7 * D,
  status: 'no_response',
  email: 'g@x',
  events: [closed(T0 + 8 * D, 'no_response', 'system')],
});
const ALL = [L1, L2, L3, L4, L6, L7, L8, L9, L10];

describe('KPIs on a hand-computed data set', () => {
  it('contact rate in SLA: L1, L7 in time; L2 late; L3 untouched past due; L4 not yet due is excluded', () => {
    expect(contactRateInSla(ALL, NOW)).toEqual({ value: 0.5, numerator: 2, denominator: 4 });
  });

  it('contact rate within 72 h: L1, L2, L7 / L1, L2, L3, L7', () => {
    expect(contactRateWithin72h(ALL, NOW)).toEqual({ value: 0.75, numerator: 3, denominator: 4 });
  });

  it('median time to first touch over touched loops (1 h, 2 h, 30 h)', () => {
    expect(medianTimeToFirstTouch(ALL)).toEqual({ value: 2 * H, count: 3 });
    expect(medianTimeToFirstTouch(ALL, { routes: ['advocacy'] })).toEqual({ value: null, count: 0 });
  });

  it('follow-up rate counts person actions only (L3 system escalation and L10 system close do not count)', () => {
    expect(followUpRate(ALL)).toEqual({ value: 5 / 9, numerator: 5, denominator: 9 });
    expect(ALL.filter(hasFollowUp).map((l) => l.loopId)).toEqual(['L1', 'L2', 'L7', 'L8', 'L9']);
  });

  it('resolution rate: resolved / terminal recovery loops', () => {
    expect(resolutionRate(ALL)).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
  });

  it('escalation rate: L2, L3 / five recovery loops', () => {
    expect(escalationRate(ALL)).toEqual({ value: 0.4, numerator: 2, denominator: 5 });
  });

  it('promoter activation: L8 asked in window, L9 too early, L6 window still running (excluded)', () => {
    expect(promoterActivation(ALL, NOW)).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
  });

  it('score recovery: L1 → L6 (9, recovered, e-mail matched case-insensitively); L2 → L7 (4); L3, L4, L7 have no next', () => {
    expect(scoreRecovery(ALL, { sameContact })).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
    expect(scoreRecovery(ALL, { threshold: 10, sameContact })).toEqual({ value: 0, numerator: 0, denominator: 2 });
  });

  it('loops closed: L1, L2, L8, L10 terminal / L1, L2, L3, L8, L9, L10 past target', () => {
    expect(loopsClosed(ALL, NOW)).toEqual({ value: 4 / 6, numerator: 4, denominator: 6 });
  });

  it('root-cause themes: latest reason per loop, revenue at risk of unresolved recovery loops, sorted', () => {
    expect(latestReason(L1)).toBe('pricing');
    expect(rootCauseThemes(ALL)).toEqual([
      {
        category: 'uncategorised',
        count: 6,
        meanScore: 35 / 6,
        meanScoreByScale: { nps: 32 / 5, csat: 3 },
        recoveryCount: 3,
        revenueAtRisk: 2300,
      },
      { category: 'support', count: 1, meanScore: 5, meanScoreByScale: { nps: 5 }, recoveryCount: 1, revenueAtRisk: 500 },
      { category: 'pricing', count: 1, meanScore: 2, meanScoreByScale: { nps: 2 }, recoveryCount: 1, revenueAtRisk: 0 },
      { category: 'product', count: 1, meanScore: 10, meanScoreByScale: { nps: 10 }, recoveryCount: 0, revenueAtRisk: 0 },
    ]);
  });

  it('kpiReport gathers every KPI and judges it against the DESIGN.md targets', () => {
    const r = kpiReport(ALL, NOW, { scoreRecovery: { sameContact } });
    expect(r.now).toBe(NOW);
    expect(r.contactRateInSla.value).toBe(0.5);
    expect(r.loopsClosed.value).toBe(4 / 6);
    expect(r.rootCauseThemes).toHaveLength(4);
    expect(r.healthy).toEqual({
      contactRateInSla: false,
      contactRateWithin72h: false,
      medianTimeToFirstTouch: true,
      followUpRate: false,
      resolutionRate: false,
      escalationRate: false,
      promoterActivation: false,
      scoreRecovery: false,
      loopsClosed: false,
    });
  });

  it('kpiReport on a healthy data set', () => {
    const good = mk({
      id: 'G1',
      route: 'recovery',
      score: 5,
      respondedAt: T0,
      firstTouchDueAt: T0 + D,
      resolutionDueAt: T0 + 5 * D,
      status: 'resolved',
      email: 'h@x',
      events: [touch(T0 + H), closed(T0 + 2 * D, 'resolved')],
    });
    const next = mk({
      id: 'G2',
      route: 'improvement',
      score: 7,
      respondedAt: T0 + 3 * D,
      firstTouchDueAt: T0 + 8 * D,
      status: 'resolved',
      email: 'h@x',
      events: [touch(T0 + 3 * D + H), closed(T0 + 4 * D, 'resolved')],
    });
    // two more detractors whose next response (score 6) is again a detractor, all touched and resolved
    const others = [0, 1].flatMap((i) =>
      [0, 2].map((day) =>
        mk({
          id: `G${3 + i}/${day}`,
          route: 'recovery',
          score: 5 + day / 2,
          respondedAt: T0 + day * D,
          firstTouchDueAt: T0 + (day + 1) * D,
          resolutionDueAt: T0 + (day + 5) * D,
          status: 'resolved',
          email: `o${i}@x`,
          events: [touch(T0 + day * D + H), closed(T0 + (day + 1) * D, 'resolved')],
        }),
      ),
    );
    const promoter = mk({
      id: 'G6',
      route: 'advocacy',
      score: 10,
      respondedAt: T0,
      firstTouchDueAt: T0 + 7 * D,
      status: 'resolved',
      email: 'p@x',
      events: [asked(T0 + 3 * D), closed(T0 + 3 * D, 'resolved')],
    });
    const r = kpiReport([good, next, ...others, promoter], NOW, { scoreRecovery: { sameContact } });
    expect(r.scoreRecovery).toEqual({ value: 1 / 3, numerator: 1, denominator: 3 });
    expect(r.healthy).toEqual({
      contactRateInSla: true,
      contactRateWithin72h: true,
      medianTimeToFirstTouch: true,
      followUpRate: true,
      resolutionRate: true,
      escalationRate: true,
      promoterActivation: true,
      scoreRecovery: true,
      loopsClosed: true,
    });
  });
});

describe('edge cases', () => {
  it('empty input gives null values, zero counts, no themes and null health', () => {
    const none = { value: null, numerator: 0, denominator: 0 };
    expect(contactRateInSla([], NOW)).toEqual(none);
    expect(contactRateWithin72h([], NOW)).toEqual(none);
    expect(medianTimeToFirstTouch([])).toEqual({ value: null, count: 0 });
    expect(followUpRate([])).toEqual(none);
    expect(resolutionRate([])).toEqual(none);
    expect(escalationRate([])).toEqual(none);
    expect(promoterActivation([], NOW)).toEqual(none);
    expect(scoreRecovery([], { sameContact })).toEqual(none);
    expect(loopsClosed([], NOW)).toEqual(none);
    expect(rootCauseThemes([])).toEqual([]);
    const r = kpiReport([], NOW, { scoreRecovery: { sameContact } });
    expect(Object.values(r.healthy).every((h) => h === null)).toBe(true);
  });

  it('toRate() is null only for a zero denominator', () => {
    expect(toRate(0, 3)).toEqual({ value: 0, numerator: 0, denominator: 3 });
    expect(toRate(0, 0).value).toBeNull();
  });

  it('median of an even count is the mean of the middle two; ties are fine', () => {
    expect(medianOf([4, 1, 3, 2])).toBe(2.5);
    expect(medianOf([5, 5, 1, 9])).toBe(5);
    expect(medianOf([7])).toBe(7);
    expect(medianOf([])).toBeNull();
    const a = mk({ id: 'M1', route: 'recovery', score: 1, respondedAt: T0, firstTouchDueAt: T0 + D, events: [touch(T0 + 3 * H)] });
    const b = mk({ id: 'M2', route: 'recovery', score: 1, respondedAt: T0, firstTouchDueAt: T0 + D, events: [touch(T0 + 3 * H)] });
    const c = mk({ id: 'M3', route: 'recovery', score: 1, respondedAt: T0, firstTouchDueAt: T0 + D, events: [touch(T0 + H)] });
    const d = mk({ id: 'M4', route: 'recovery', score: 1, respondedAt: T0, firstTouchDueAt: T0 + D, events: [touch(T0 + 9 * H)] });
    expect(medianTimeToFirstTouch([a, b, c, d])).toEqual({ value: 3 * H, count: 4 });
    expect(medianTimeToFirstTouch([c, d])).toEqual({ value: 5 * H, count: 2 });
  });

  it('a touch recorded before the response time counts as 0 ms', () => {
    const skew = mk({ id: 'S1', route: 'recovery', score: 1, respondedAt: T0, firstTouchDueAt: T0 + D, events: [touch(T0 - H)] });
    expect(medianTimeToFirstTouch([skew])).toEqual({ value: 0, count: 1 });
  });

  it('boundaries are inclusive: touched exactly at due time, asked exactly at window open and at its end', () => {
    const atDue = mk({ id: 'B1', route: 'recovery', score: 5, respondedAt: T0, firstTouchDueAt: T0 + D, events: [touch(T0 + D)] });
    const at72 = mk({ id: 'B2', route: 'recovery', score: 5, respondedAt: T0, firstTouchDueAt: T0 + D, events: [touch(T0 + 72 * H)] });
    expect(contactRateInSla([atDue, at72], NOW)).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
    expect(contactRateWithin72h([atDue, at72], NOW)).toEqual({ value: 1, numerator: 2, denominator: 2 });
    const opens = mk({ id: 'B3', route: 'advocacy', score: 9, respondedAt: T0, firstTouchDueAt: T0 + 7 * D, events: [asked(T0 + 3 * D)] });
    const closes = mk({ id: 'B4', route: 'advocacy', score: 9, respondedAt: T0, firstTouchDueAt: T0 + 7 * D, events: [asked(T0 + 5 * D)] });
    const late = mk({
      id: 'B5',
      route: 'advocacy',
      score: 9,
      respondedAt: T0,
      firstTouchDueAt: T0 + 7 * D,
      events: [asked(T0 + 5 * D + 1)],
    });
    expect(promoterActivation([opens, closes, late], NOW)).toEqual({ value: 2 / 3, numerator: 2, denominator: 3 });
  });

  it('loops not yet due are excluded; once due (or touched) they count', () => {
    const pending = mk({ id: 'P1', route: 'recovery', score: 5, respondedAt: T0, firstTouchDueAt: T0 + D, resolutionDueAt: T0 + 5 * D });
    expect(contactRateInSla([pending], T0 + D - 1).denominator).toBe(0);
    expect(contactRateInSla([pending], T0 + D)).toEqual({ value: 0, numerator: 0, denominator: 1 });
    expect(contactRateWithin72h([pending], T0 + 72 * H - 1).denominator).toBe(0);
    expect(contactRateWithin72h([pending], T0 + 72 * H).denominator).toBe(1);
    expect(loopsClosed([pending], T0 + 5 * D - 1).denominator).toBe(0);
    expect(loopsClosed([pending], T0 + 5 * D)).toEqual({ value: 0, numerator: 0, denominator: 1 });
    // touched early: known met even before the due time
    const early = mk({ id: 'P2', route: 'recovery', score: 5, respondedAt: T0, firstTouchDueAt: T0 + D, events: [touch(T0 + H)] });
    expect(contactRateInSla([early], T0 + 2 * H)).toEqual({ value: 1, numerator: 1, denominator: 1 });
    // closed before its target but target not reached: not yet in loops closed
    const closedEarly = mk({
      id: 'P3',
      route: 'recovery',
      score: 5,
      respondedAt: T0,
      firstTouchDueAt: T0 + D,
      resolutionDueAt: T0 + 5 * D,
      status: 'resolved',
    });
    expect(loopsClosed([closedEarly], T0 + 2 * D).denominator).toBe(0);
    // no resolutionDueAt: the first-touch due time is the target
    const adv = mk({ id: 'P4', route: 'advocacy', score: 9, respondedAt: T0, firstTouchDueAt: T0 + 7 * D });
    expect(loopsClosed([adv], T0 + 7 * D).denominator).toBe(1);
  });

  it('contactRateWithin takes a custom window; promoter activation takes custom window parameters', () => {
    const l = mk({ id: 'W1', route: 'recovery', score: 5, respondedAt: T0, firstTouchDueAt: T0 + D, events: [touch(T0 + 50 * H)] });
    expect(contactRateWithin([l], NOW, 48 * H).value).toBe(0);
    expect(contactRateWithin([l], NOW, 50 * H).value).toBe(1);
    const p = mk({ id: 'W2', route: 'advocacy', score: 9, respondedAt: T0, firstTouchDueAt: T0 + 7 * D, events: [asked(T0 + D + H)] });
    expect(promoterActivation([p], NOW).value).toBe(0);
    expect(promoterActivation([p], NOW, { windowOpensAfterMs: D, askWithinMs: 2 * H }).value).toBe(1);
    // window still running under custom parameters → excluded
    expect(promoterActivation([p], T0 + D, { windowOpensAfterMs: D, askWithinMs: 2 * H })).toEqual({
      value: 1,
      numerator: 1,
      denominator: 1,
    });
    const q = mk({ id: 'W3', route: 'advocacy', score: 9, respondedAt: T0, firstTouchDueAt: T0 + 7 * D });
    expect(promoterActivation([q], T0 + 5 * D - 1).denominator).toBe(0);
    expect(promoterActivation([q], T0 + 5 * D).denominator).toBe(1);
  });

  it('resolution rate excludes open and reopened loops; escalation counts an escalation even after reopening', () => {
    const reopened = mk({
      id: 'R1',
      route: 'recovery',
      score: 3,
      respondedAt: T0,
      firstTouchDueAt: T0 + D,
      events: [escalated(T0 + D), closed(T0 + 2 * D, 'resolved'), { type: 'reopened', at: T0 + 3 * D, actor: rep, reason: '' }],
    });
    const churned = mk({ id: 'R2', route: 'recovery', score: 3, respondedAt: T0, firstTouchDueAt: T0 + D, status: 'churned' });
    expect(resolutionRate([reopened, churned])).toEqual({ value: 0, numerator: 0, denominator: 1 });
    expect(escalationRate([reopened, churned])).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
  });

  it('score recovery follows the same contact by the product’s one rule, and ignores non-NPS and earlier responses', () => {
    const det = mk({ id: 'C1', route: 'recovery', score: 3, respondedAt: T0 + D, firstTouchDueAt: T0 + 2 * D, hubspotId: '42' });
    const before = mk({ id: 'C0', route: 'advocacy', score: 10, respondedAt: T0, firstTouchDueAt: T0 + 7 * D, hubspotId: '42' });
    const csat = mk({
      id: 'C2',
      route: 'advocacy',
      score: 5,
      scale: 'csat',
      respondedAt: T0 + 2 * D,
      firstTouchDueAt: T0 + 9 * D,
      hubspotId: '42',
    });
    expect(scoreRecovery([before, det, csat], { sameContact })).toEqual({ value: null, numerator: 0, denominator: 0 });
    const nextLow = mk({ id: 'C3', route: 'recovery', score: 6, respondedAt: T0 + 3 * D, firstTouchDueAt: T0 + 4 * D, hubspotId: '42' });
    const laterHigh = mk({ id: 'C4', route: 'advocacy', score: 9, respondedAt: T0 + 4 * D, firstTouchDueAt: T0 + 11 * D, hubspotId: '42' });
    // C1 → C3 (6, not recovered), C3 → C4 (9, recovered): only the NEXT response counts
    expect(scoreRecovery([laterHigh, nextLow, csat, det, before], { sameContact })).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
  });

  it('revenue at risk: missing revenue counts 0, resolved recovery loops and non-recovery loops carry none', () => {
    const a = mk({
      id: 'V1',
      route: 'recovery',
      score: 1,
      respondedAt: T0,
      firstTouchDueAt: T0 + D,
      revenue: 100,
      events: [reason(T0 + H, 'billing')],
    });
    const b = mk({ id: 'V2', route: 'recovery', score: 2, respondedAt: T0, firstTouchDueAt: T0 + D, events: [reason(T0 + H, 'billing')] });
    const c = mk({
      id: 'V3',
      route: 'recovery',
      score: 3,
      respondedAt: T0,
      firstTouchDueAt: T0 + D,
      revenue: 50,
      status: 'resolved',
      events: [reason(T0 + H, 'billing')],
    });
    const d = mk({
      id: 'V4',
      route: 'improvement',
      score: 8,
      respondedAt: T0,
      firstTouchDueAt: T0 + D,
      revenue: 1e6,
      events: [reason(T0 + H, 'ux')],
    });
    const e = mk({
      id: 'V5',
      route: 'recovery',
      score: 0,
      respondedAt: T0,
      firstTouchDueAt: T0 + D,
      revenue: 100,
      status: 'churned',
      events: [reason(T0 + H, 'ux')],
    });
    expect(rootCauseThemes([a, b, c, d, e]).map((t) => [t.category, t.count, t.meanScore, t.revenueAtRisk])).toEqual([
      ['billing', 3, 2, 100],
      ['ux', 2, 4, 100],
    ]);
  });
});

describe('with loops opened and folded by the engine', () => {
  const calendar = DEFAULT_POLICY.calendar;
  const resp = (id: string, score: number, respondedAt: number): SurveyResponse => ({
    id,
    scale: 'nps',
    score,
    comment: '',
    respondedAt,
    email: `${id}@x`,
    accountRevenue: 10,
    extra: {},
  });
  const fold = (events: LoopEvent[], now: number) => foldLoop(events, { policy: DEFAULT_POLICY, calendar, now });

  it('computes the KPIs from folded states', () => {
    const now = T0 + 14 * D;
    // critical (score 1): due 4 business hours after Monday 09:00 = 13:00; touched at 12:00
    const a = openLoop(resp('f1', 1, T0), DEFAULT_POLICY, { calendar, recordedAt: T0 });
    a.push({ id: 'f1/t', loopId: 'f1', at: T0 + 3 * H, actor: rep, type: 'touch_logged', channel: 'call', outcome: 'reached', note: '' });
    a.push({ id: 'f1/c', loopId: 'f1', at: T0 + D, actor: rep, type: 'closed', state: 'resolved', reason: 'fixed' });
    // standard detractor (score 5): due Tuesday 09:00; never touched
    const b = openLoop(resp('f2', 5, T0), DEFAULT_POLICY, { calendar, recordedAt: T0 });
    b.push({ id: 'f2/r', loopId: 'f2', at: T0 + H, actor: rep, type: 'reason_set', category: 'pricing' });
    const loops = [fold(a, now), fold(b, now)];
    expect(loops[0]!.firstTouchDueAt).toBe(T0 + 4 * H);
    expect(contactRateInSla(loops, now)).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
    expect(medianTimeToFirstTouch(loops)).toEqual({ value: 3 * H, count: 1 });
    expect(followUpRate(loops)).toEqual({ value: 1, numerator: 2, denominator: 2 });
    expect(resolutionRate(loops)).toEqual({ value: 1, numerator: 1, denominator: 1 });
    expect(loopsClosed(loops, now)).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
    expect(rootCauseThemes(loops).map((t) => [t.category, t.revenueAtRisk])).toEqual([
      ['pricing', 10],
      ['uncategorised', 0],
    ]);
  });
});
