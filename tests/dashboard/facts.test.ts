import { describe, expect, it } from 'vitest';
import { factsOf, PER_LOOP_RATES, Place, placeAt, slaStateAt, type PerLoopRate } from '@/lib/dashboard/facts';
import { dashboardView } from '@/lib/dashboard/model';
import {
  contactRateInSla,
  contactRateWithin72h,
  DEFAULT_POLICY,
  escalationRate,
  followUpRate,
  loopsClosed,
  promoterActivation,
  resolutionRate,
  rootCauseThemes,
  type LoopState,
  type Rate,
} from '@/lib/loop';
import { CURRENT, fold, HOUR, NOW, PEOPLE, PREVIOUS, VIEWER_ZONE } from './fixture';

const DAY = 24 * HOUR;
const RULES: Record<PerLoopRate, (loops: LoopState[], now: number) => Rate> = {
  contactRateInSla,
  contactRateWithin72h,
  followUpRate: (l) => followUpRate(l),
  resolutionRate: (l) => resolutionRate(l),
  escalationRate: (l) => escalationRate(l),
  promoterActivation: (l, now) => promoterActivation(l, now),
  loopsClosed,
};
const placeOf = (r: Rate): Place => (r.denominator === 0 ? Place.Out : r.numerator > 0 ? Place.Numerator : Place.Denominator);

const specs = [...CURRENT, ...PREVIOUS];
// Moments around every deadline of the fixture: from before the first response to weeks after the last.
const moments = Array.from({ length: 24 * 70 }, (_, i) => Date.UTC(2026, 0, 30) + i * HOUR);

describe('facts kept once, judged at any moment', () => {
  // Folded long before most deadlines: nothing kept may have been decided by that clock.
  const early = new Map(fold(specs, Date.UTC(2026, 1, 1)).map((s) => [s.loopId, factsOf(s, DEFAULT_POLICY)]));
  const folded = moments.map((now) => [now, fold(specs, now)] as const);

  it('each loop’s place in every per-loop KPI equals kpis.ts on that loop folded at that moment', () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const [now, states] of folded) {
      for (const state of states) {
        const f = early.get(state.loopId)!;
        for (const rate of PER_LOOP_RATES) {
          if (placeAt(rate, f, now) !== placeOf(RULES[rate]([state], now)))
            wrong.push(`${state.loopId} ${rate} at ${new Date(now).toISOString()}`);
          checked++;
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(moments.length * specs.length * PER_LOOP_RATES.length);
  });

  it('the SLA state shown in a drill-down equals the fold’s at that moment', () => {
    const wrong: string[] = [];
    for (const [now, states] of folded)
      for (const state of states)
        if (slaStateAt(early.get(state.loopId)!, now) !== state.sla.state) wrong.push(`${state.loopId} at ${new Date(now).toISOString()}`);
    expect(wrong).toEqual([]);
  });

  it('a loop escalates by the ladder exactly when its 24 h step passes untouched (L3, answered Mon 23 Mar 10:00)', () => {
    const l3 = early.get('L3')!;
    expect(l3.escalated).toBe(false);
    expect(l3.ladderAt).toBe(Date.UTC(2026, 2, 24, 10));
    expect(placeAt('escalationRate', l3, Date.UTC(2026, 2, 24, 10) - 1)).toBe(Place.Denominator);
    expect(placeAt('escalationRate', l3, Date.UTC(2026, 2, 24, 10))).toBe(Place.Numerator);
  });

  it('root-cause themes from facts equal rootCauseThemes over the folded loops', () => {
    const states = fold(specs, NOW);
    const facts = states.map((s) => factsOf(s, DEFAULT_POLICY));
    const view = dashboardView({
      facts,
      filters: { period: { kind: 'custom', from: '2026-01-01', to: '2026-03-31' } },
      now: NOW,
      timeZone: VIEWER_ZONE,
      me: { email: '', role: 'vp_cs' },
      people: PEOPLE,
    });
    expect(view.loopIds).toHaveLength(specs.length);
    expect(view.themes.map((t) => [t.category, t.loopIds.length, t.meanScore, t.revenueAtRisk])).toEqual(
      rootCauseThemes(states).map((t) => [t.category, t.count, t.meanScore, t.revenueAtRisk]),
    );
  });

  it('a week later the same facts give the numbers a fold a week later gives', () => {
    const later = NOW + 7 * DAY;
    const states = fold(specs, later);
    const facts = [...early.values()];
    const input = { now: later, timeZone: VIEWER_ZONE, me: { email: '', role: 'vp_cs' as const }, people: PEOPLE };
    const filters = { period: { kind: 'custom' as const, from: '2026-01-01', to: '2026-04-30' } };
    const fromFacts = dashboardView({ ...input, facts, filters });
    const fromFold = dashboardView({ ...input, facts: states.map((s) => factsOf(s, DEFAULT_POLICY)), filters });
    expect(fromFacts.tiles).toEqual(fromFold.tiles);
  });
});
