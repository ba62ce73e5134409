import { describe, expect, it } from 'vitest';
import { sameContact } from '@/lib/crm/match';
import { loopFacts, scoreRecoveryPlaces, Place } from '@/lib/dashboard/facts';
import type { DashboardFilters } from '@/lib/dashboard/filters';
import { kpiCsv, loopsCsv } from '@/lib/dashboard/csv';
import { dashboardView, type DashboardView } from '@/lib/dashboard/model';
import type { KpiId } from '@/lib/dashboard/kpi-tiles';
import { DEFAULT_POLICY, kpiReport } from '@/lib/loop';
import type { Me } from '@/lib/people/team';
import Papa from 'papaparse';
import { ALICE, BOB, CURRENT, fold, HOUR, MONA, NOW, PEOPLE, PREVIOUS, VIEWER_ZONE } from './fixture';

const states = fold([...CURRENT, ...PREVIOUS]);
const facts = loopFacts(states, DEFAULT_POLICY);
const LAST_30: DashboardFilters = { period: { kind: 'last', days: 30 } };
const view = (filters: DashboardFilters = LAST_30, me: Me = { email: '', role: 'rep' }): DashboardView =>
  dashboardView({ facts, filters, now: NOW, timeZone: VIEWER_ZONE, me, people: PEOPLE });
const tile = (v: DashboardView, id: KpiId) => v.tiles.find((t) => t.id === id)!;
const sorted = (ids: readonly string[]) => [...ids].sort();

describe('the period, in the viewer’s time zone (New York)', () => {
  const v = view();
  it('"last 30 days" runs from 24 Feb 00:00 EST to 26 Mar 00:00 EDT, across the DST change', () => {
    expect(v.period.from).toBe(Date.UTC(2026, 1, 24, 5, 0));
    expect(v.period.to).toBe(Date.UTC(2026, 2, 26, 4, 0));
    expect(v.period.previous).toEqual({ from: Date.UTC(2026, 0, 25, 5, 0), to: Date.UTC(2026, 1, 24, 5, 0) });
    expect(v.period.label).toBe('Last 30 days (24 Feb 2026 – 25 Mar 2026)');
  });
  it('a response at 05:00 UTC on 24 Feb (midnight in New York) is in; one a minute earlier belongs to the previous period', () => {
    expect(v.loopIds).toContain('B2');
    expect(v.loopIds).not.toContain('B1');
    expect(sorted(v.loopIds)).toEqual(['B2', 'L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7', 'L8', 'L9']);
  });
  it('weeks start on Monday at midnight New York time: 23 Feb (EST) … 23 Mar (EDT)', () => {
    expect(v.weeks.map((w) => w.weekStart)).toEqual([
      Date.UTC(2026, 1, 23, 5),
      Date.UTC(2026, 2, 2, 5),
      Date.UTC(2026, 2, 9, 4),
      Date.UTC(2026, 2, 16, 4),
      Date.UTC(2026, 2, 23, 4),
    ]);
    const counts = v.weeks.map((w) => w.responses.recovery.length + w.responses.improvement.length + w.responses.advocacy.length);
    // B2 | L8, L9 | – | L5 (Fri 20 Mar) | L1, L2, L3, L4, L6, L7
    expect(counts).toEqual([1, 2, 0, 1, 6]);
    expect(v.weeks[1]!.contactRateInSla).toMatchObject({ numerator: 1, denominator: 1 });
    expect(v.weeks[4]!.contactRateInSla).toMatchObject({ numerator: 1, denominator: 4 });
  });
});

describe('each KPI on the fixture, worked out by hand', () => {
  const v = view();
  it('contact rate in SLA: L1 (1 h, due 4 h) and L8 in time; L2 2 h late, L3 and L7 untouched past due → 2 of 5', () => {
    const t = tile(v, 'contactRateInSla');
    expect(t.display).toBe('40 %');
    expect(t.count).toBe('2 of 5 detractor loops contacted before their due time');
    expect(sorted(t.figure.numeratorIds)).toEqual(['L1', 'L8']);
    expect(sorted(t.figure.denominatorIds)).toEqual(['L1', 'L2', 'L3', 'L7', 'L8']);
    expect(t.state).toBe('off_target');
    expect(t.target).toBe('≥ 85 %');
    // previous: P1 in time, P2 a day late → 50 %; 40 − 50 = 10 points down, for the worse
    expect(t.delta).toEqual({ change: expect.closeTo(-0.1, 9), text: 'down 10 pts', better: false });
  });
  it('contact rate within 72 h: L1 (1 h), L2 (26 h), L8 (1 h); L3 and L7 untouched with their 72 h still running → 3 of 3', () => {
    const t = tile(v, 'contactRateWithin72h');
    expect([t.display, t.count, t.state]).toEqual(['100 %', '3 of 3 detractor loops contacted within 72 h', 'healthy']);
    expect(t.delta?.text).toBe('no change');
  });
  it('median time to first touch: 1 h, 1 h, 26 h → 1 h; previous 1 h and 24 h → 12.5 h', () => {
    const t = tile(v, 'medianTimeToFirstTouch');
    expect(t.figure.value).toBe(HOUR);
    expect([t.display, t.count, t.state]).toEqual(['1 h', 'over 3 touched loops', 'healthy']);
    expect(t.previous.value).toBe(12.5 * HOUR);
    expect(t.delta).toMatchObject({ text: 'down 11.5 h', better: true });
  });
  it('follow-up rate: a person acted on L1, L2, L5 (ask), L7 (root cause), L8, L9 (close) → 6 of 10; previous 2 of 3', () => {
    const t = tile(v, 'followUpRate');
    expect([t.display, t.count]).toEqual(['60 %', '6 of 10 responses with an action logged']);
    expect(sorted(t.figure.numeratorIds)).toEqual(['L1', 'L2', 'L5', 'L7', 'L8', 'L9']);
    expect(t.delta).toMatchObject({ text: 'down 6.7 pts', better: false });
  });
  it('resolution rate: L1 is the only closed recovery loop, resolved → 1 of 1', () => {
    expect(tile(v, 'resolutionRate')).toMatchObject({ display: '100 %', count: '1 of 1 closed recovery loops resolved', state: 'healthy' });
  });
  it('escalation rate: L2 (touched after the 24 h step), L3, L7 → 3 of 5; previous 0 of 2', () => {
    const t = tile(v, 'escalationRate');
    expect(sorted(t.figure.numeratorIds)).toEqual(['L2', 'L3', 'L7']);
    expect([t.display, t.state]).toEqual(['60 %', 'off_target']);
    expect(t.delta).toMatchObject({ text: 'up 60 pts', better: false });
  });
  it('promoter activation: L5 asked inside its window; L9’s window closed with no ask; L6’s still runs → 1 of 2', () => {
    const t = tile(v, 'promoterActivation');
    expect([t.display, t.figure.numeratorIds, sorted(t.figure.denominatorIds)]).toEqual(['50 %', ['L5'], ['L5', 'L9']]);
    // previous: B1's window closed with no ask → 0 of 1
    expect(t.delta).toMatchObject({ text: 'up 50 pts', better: true });
  });
  it('score recovery: Maria (L1, 2) came back with 9 (L6); contact 77 (L2, 5) with 3 (L7) → 1 of 2; a band, so no "better"', () => {
    const t = tile(v, 'scoreRecovery');
    expect([t.display, t.figure.numeratorIds, sorted(t.figure.denominatorIds)]).toEqual(['50 %', ['L1'], ['L1', 'L2']]);
    expect(t.state).toBe('off_target');
    expect(t.delta).toBeNull(); // nothing to compare with in the previous period
  });
  it('loops closed: past their target are L8 (9 Mar, open), L9 (closed) and B2 (2 Mar, open) → 1 of 3', () => {
    const t = tile(v, 'loopsClosed');
    expect([t.display, t.figure.numeratorIds, sorted(t.figure.denominatorIds)]).toEqual(['33 %', ['L9'], ['B2', 'L8', 'L9']]);
    expect(t.delta?.text).toBe('no change'); // previous: P1 of P1, P2, B1
  });
  it('every tile agrees with kpiReport over the same loops', () => {
    const current = states.filter((s) => v.loopIds.includes(s.loopId));
    const report = kpiReport(current, NOW, { scoreRecovery: { sameContact } });
    for (const t of v.tiles) {
      const r = report[t.id];
      expect(t.figure.value, t.id).toBe(r.value);
      expect(t.health, t.id).toBe(report.healthy[t.id]);
    }
  });
});

describe('breakdowns', () => {
  const v = view();
  it('owners worst first: Bob (0 of 1 in SLA) before Alice (2 of 4)', () => {
    expect(v.byOwner.map((o) => [o.name, o.contactRateInSla.numerator, o.contactRateInSla.denominator])).toEqual([
      ['Bob', 0, 1],
      ['Alice', 2, 4],
    ]);
    expect(sorted(v.byOwner[0]!.overdue)).toEqual(['B2', 'L7']);
  });
  it('the recovery funnel: 5 responses → 3 touched → 1 closed → 1 resolved', () => {
    const recovery = v.funnel.find((f) => f.route === 'recovery')!;
    expect(
      [recovery.stages.responses, recovery.stages.touched, recovery.stages.closed, recovery.stages.resolved].map((s) => s.length),
    ).toEqual([5, 3, 1, 1]);
  });
  it('breached loops by lateness: L2 touched 2 h late; L3, L7, L9, B2 never touched', () => {
    expect(v.lateness.up_to_4h).toEqual(['L2']);
    expect(sorted(v.lateness.never)).toEqual(['B2', 'L3', 'L7', 'L9']);
  });
  it('themes by revenue at risk: none set (L3 20,000 + L8 3,000), support (5,000 + 7,000), pricing (resolved: 0)', () => {
    expect(v.themes.map((t) => [t.category, t.revenueAtRisk, t.loopIds.length])).toEqual([
      ['uncategorised', 23000, 7],
      ['support', 12000, 2],
      ['pricing', 0, 1],
    ]);
    // scores 6, 8, 10, 9, 4, 5, 4 → 46 / 7
    expect(v.themes[0]!.meanScore).toBeCloseTo(46 / 7, 9);
    expect(v.themes[1]!.scoreRecovery).toMatchObject({ numerator: 0, denominator: 1 });
    expect(v.themes[2]!.scoreRecovery).toMatchObject({ numerator: 1, denominator: 1 });
    expect(sorted(v.themes[1]!.atRiskIds)).toEqual(['L2', 'L7']);
  });
});

describe('filters and scope', () => {
  it('route = recovery: follow-up becomes L1, L2, L7, L8 of the five detractors', () => {
    const t = tile(view({ ...LAST_30, route: 'recovery' }), 'followUpRate');
    expect(t.count).toBe('4 of 5 responses with an action logged');
  });
  it('owner = Bob: only L7 and B2', () => {
    expect(sorted(view({ ...LAST_30, owner: BOB }).loopIds)).toEqual(['B2', 'L7']);
  });
  it('survey = CSAT and CRM = HubSpot narrow to their loops', () => {
    expect(view({ ...LAST_30, scale: 'csat' }).loopIds).toEqual(['L9']);
    expect(sorted(view({ ...LAST_30, crm: 'hubspot' }).loopIds)).toEqual(['L2', 'L7']);
  });
  it('a rep sees their own loops; a manager the team; the team filter narrows to one manager’s people', () => {
    const alice = view(LAST_30, { email: ALICE, role: 'rep' });
    expect(alice.loopIds).not.toContain('L7');
    expect(alice.scopeLabel).toBe('My loops (Rep)');
    expect(alice.teamChoices).toEqual([]);
    const mona = view(LAST_30, { email: MONA, role: 'manager' });
    expect(mona.loopIds).toHaveLength(10);
    expect(mona.teamChoices.map((t) => t.email)).toEqual([MONA]);
    expect(view({ ...LAST_30, team: MONA }, { email: MONA, role: 'manager' }).loopIds).toHaveLength(10);
  });
});

describe('edge periods', () => {
  it('an empty period: every tile says "No data yet", no delta, empty breakdowns', () => {
    const v = view({ period: { kind: 'custom', from: '2026-03-10', to: '2026-03-15' } });
    expect(v.loopIds).toEqual([]);
    for (const t of v.tiles) {
      expect([t.id, t.display, t.state, t.delta]).toEqual([t.id, '—', 'no_data', null]);
    }
    expect(v.byOwner).toEqual([]);
    expect(v.themes).toEqual([]);
    // Tuesday 10 to Sunday 15 March: one week, the one starting Monday 9 March, with nothing in it
    expect(v.weeks.map((w) => [w.weekStart, w.contactRateInSla.denominator])).toEqual([[Date.UTC(2026, 2, 9, 4), 0]]);
  });
  it('a period with one loop (2 March alone, CSAT L9 excluded by survey): L8 only', () => {
    const v = view({ period: { kind: 'custom', from: '2026-03-02', to: '2026-03-02' }, scale: 'nps' });
    expect(v.loopIds).toEqual(['L8']);
    expect(tile(v, 'contactRateInSla')).toMatchObject({
      display: '100 %',
      count: '1 of 1 detractor loops contacted before their due time',
    });
    expect(tile(v, 'medianTimeToFirstTouch')).toMatchObject({ display: '1 h', count: 'over 1 touched loop' });
    expect(tile(v, 'escalationRate').display).toBe('0 %');
    expect(tile(v, 'loopsClosed')).toMatchObject({ display: '0 %', count: '0 of 1 loops past their resolution target closed' });
    // the previous period is 1 March alone (a Sunday): nothing to compare with
    expect(v.period.previous).toEqual({ from: Date.UTC(2026, 2, 1, 5), to: Date.UTC(2026, 2, 2, 5) });
    expect(tile(v, 'contactRateInSla').delta).toBeNull();
  });
  it('a quarter: Q1 2026 is 1 Jan 00:00 EST to 1 Apr 00:00 EDT; the previous is Q4 2025', () => {
    const v = view({ period: { kind: 'quarter', year: 2026, quarter: 1 } });
    expect([v.period.from, v.period.to]).toEqual([Date.UTC(2026, 0, 1, 5), Date.UTC(2026, 3, 1, 4)]);
    expect(v.period.previous.from).toBe(Date.UTC(2025, 9, 1, 4));
    expect(v.loopIds).toHaveLength(13);
  });
});

describe('score recovery places match kpis.ts on a contact with many responses', () => {
  it('a detractor’s next response is the next in time of the same contact, whatever loops lie between', () => {
    const places = scoreRecoveryPlaces(facts);
    expect(places.get('L1')).toBe(Place.Numerator);
    expect(places.get('L2')).toBe(Place.Denominator);
    expect(places.get('L3')).toBe(Place.Out);
  });
});

describe('exports', () => {
  const v = view();
  it('the loops CSV has one row per loop in the view, with times in the viewer’s zone', () => {
    const rows = Papa.parse<string[]>(
      loopsCsv(
        facts.filter((f) => v.loopIds.includes(f.loopId)),
        VIEWER_ZONE,
        NOW,
      ),
      { skipEmptyLines: true },
    ).data;
    expect(rows).toHaveLength(11);
    const l1 = rows.find((r) => r[0] === 'L1')!;
    expect(l1[8]).toBe('2026-03-23T06:00-04:00');
  });
  it('the KPI table CSV has one row per KPI', () => {
    const rows = Papa.parse<string[]>(kpiCsv(v.tiles), { skipEmptyLines: true }).data;
    expect(rows).toHaveLength(10);
    expect(rows[1]).toEqual(['Contact rate in SLA', '40 %', '2', '5', '≥ 85 %', 'Off target', '50 %', 'down 10 pts']);
  });
  it('a cell that a spreadsheet would run as a formula is written as text', () => {
    const [hostile] = fold([{ response: { ...CURRENT[0]!.response, id: 'X', name: '=HYPERLINK("http://evil")' } }]);
    const rows = Papa.parse<string[]>(loopsCsv(loopFacts([hostile!], DEFAULT_POLICY), 'UTC', NOW), { skipEmptyLines: true }).data;
    expect(rows[1]![1]).toBe('\'=HYPERLINK("http://evil")');
  });
});
