/**
 * The dashboard's view model: loaded loops + filters + "now" + the viewer → everything the page
 * draws. Pure (no clock, storage or browser API): it runs in a Web Worker for a large store and in
 * unit tests alike.
 */
import type { Route } from '@/lib/loop';
import type { Me } from '@/lib/people/team';
import type { Person } from '@/lib/people/schema';
import { categoryOf, Place, placeAt, scoreRecoveryPlaces, type LoopFacts } from './facts';
import type { DashboardFilters } from './filters';
import { figureOf, KPI_ORDER, kpiTile, medianOver, rateOver, type KpiFigure, type KpiTile } from './kpi-tiles';
import { resolvePeriod, weekStarts, type ResolvedPeriod } from './period';
import { scopeFor, teamLeads, teamMembers } from './scope';

export const ROUTES: readonly Route[] = ['recovery', 'improvement', 'advocacy'];

export interface WeekPoint {
  /** Monday 00:00 in the viewer's zone */
  weekStart: number;
  contactRateInSla: KpiFigure;
  medianTimeToFirstTouch: KpiFigure;
  /** responses per route that week */
  responses: Record<Route, string[]>;
}

export interface OwnerRow {
  owner: string;
  name: string;
  responses: string[];
  contactRateInSla: KpiFigure;
  medianTimeToFirstTouch: KpiFigure;
  /** open loops past their first-touch due time with no touch */
  overdue: string[];
}

export const FUNNEL_STAGES = ['responses', 'touched', 'closed', 'resolved'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];
export interface FunnelRow {
  route: Route;
  stages: Record<FunnelStage, string[]>;
}

export const LATENESS_BUCKETS = ['up_to_4h', 'up_to_24h', 'up_to_3d', 'over_3d', 'never'] as const;
export type LatenessBucket = (typeof LATENESS_BUCKETS)[number];
export const LATENESS_LABEL: Record<LatenessBucket, string> = {
  up_to_4h: 'Touched up to 4 h late',
  up_to_24h: 'Touched 4–24 h late',
  up_to_3d: 'Touched 1–3 days late',
  over_3d: 'Touched more than 3 days late',
  never: 'Not touched at all',
};

export interface ThemeRow {
  category: string;
  loopIds: string[];
  meanScore: number;
  revenueAtRisk: number;
  /** the open or unresolved recovery loops the revenue at risk is the sum of */
  atRiskIds: string[];
  scoreRecovery: KpiFigure;
}

export interface DashboardView {
  period: ResolvedPeriod;
  scopeLabel: string;
  /** owners the viewer may narrow to (in scope, with loops loaded), sorted by name */
  ownerChoices: { email: string; name: string }[];
  /** managers whose team the viewer may narrow to; empty for a rep */
  teamChoices: { email: string; name: string }[];
  /** every loop behind the current view (the period, after every filter) */
  loopIds: string[];
  tiles: KpiTile[];
  weeks: WeekPoint[];
  /** who is behind: worst first */
  byOwner: OwnerRow[];
  funnel: FunnelRow[];
  lateness: Record<LatenessBucket, string[]>;
  themes: ThemeRow[];
}

export interface ViewInput {
  /** the loaded loops' facts (the period and the one before it may both be in here) */
  facts: readonly LoopFacts[];
  filters: DashboardFilters;
  now: number;
  timeZone: string;
  me: Me;
  people: readonly Person[];
}

const HOUR = 3_600_000;

function latenessOf(s: LoopFacts, now: number): LatenessBucket | null {
  if (s.firstTouchAt === undefined) return s.firstTouchDueAt <= now ? 'never' : null;
  const late = s.firstTouchAt - s.firstTouchDueAt;
  if (late <= 0) return null;
  if (late <= 4 * HOUR) return 'up_to_4h';
  if (late <= 24 * HOUR) return 'up_to_24h';
  if (late <= 72 * HOUR) return 'up_to_3d';
  return 'over_3d';
}

const nameOf = (email: string, people: ReadonlyMap<string, Person>) => (email === '' ? 'No owner' : people.get(email)?.name || email);

function ownerRows(current: readonly LoopFacts[], now: number, people: ReadonlyMap<string, Person>): OwnerRow[] {
  const byOwner = new Map<string, LoopFacts[]>();
  for (const f of current) {
    const list = byOwner.get(f.owner);
    if (list) list.push(f);
    else byOwner.set(f.owner, [f]);
  }
  const rows = [...byOwner].map(([owner, facts]): OwnerRow => ({
    owner,
    name: nameOf(owner, people),
    responses: facts.map((f) => f.loopId),
    contactRateInSla: rateOver(facts, (f) => placeAt('contactRateInSla', f, now)),
    medianTimeToFirstTouch: medianOver(facts),
    overdue: facts.filter((f) => f.status === 'open' && f.firstTouchAt === undefined && f.firstTouchDueAt <= now).map((f) => f.loopId),
  }));
  // Worst first: the lowest contact rate in SLA (no measure yet goes last), then most overdue, then most loops.
  const rate = (r: OwnerRow) => r.contactRateInSla.value ?? Number.POSITIVE_INFINITY;
  return rows.sort(
    (a, b) =>
      rate(a) - rate(b) ||
      b.overdue.length - a.overdue.length ||
      (b.medianTimeToFirstTouch.value ?? -1) - (a.medianTimeToFirstTouch.value ?? -1) ||
      b.responses.length - a.responses.length ||
      a.name.localeCompare(b.name),
  );
}

function funnelRows(current: readonly LoopFacts[]): FunnelRow[] {
  return ROUTES.map((route) => {
    const stages: Record<FunnelStage, string[]> = { responses: [], touched: [], closed: [], resolved: [] };
    for (const s of current) {
      if (s.route !== route) continue;
      stages.responses.push(s.loopId);
      if (s.firstTouchAt !== undefined) stages.touched.push(s.loopId);
      if (s.status !== 'open') stages.closed.push(s.loopId);
      if (s.status === 'resolved') stages.resolved.push(s.loopId);
    }
    return { route, stages };
  });
}

/**
 * Root-cause themes by `rootCauseThemes`' rules (lib/loop/kpis.ts), from the facts: every loop under
 * its latest `reason_set` category, else uncategorised; the mean score over the theme's loops; the
 * revenue at risk summed over its recovery loops not resolved (no revenue counts 0); sorted by
 * revenue at risk, then count, then name. The unit tests hold it to rootCauseThemes.
 */
function themeRows(current: readonly LoopFacts[], recovery: ReadonlyMap<string, Place>): ThemeRow[] {
  const byCategory = new Map<string, LoopFacts[]>();
  for (const f of current) {
    const category = categoryOf(f);
    const list = byCategory.get(category);
    if (list) list.push(f);
    else byCategory.set(category, [f]);
  }
  const rows = [...byCategory].map(([category, facts]): ThemeRow => {
    const atRisk = facts.filter((f) => f.route === 'recovery' && f.status !== 'resolved');
    return {
      category,
      loopIds: facts.map((f) => f.loopId),
      meanScore: facts.reduce((sum, f) => sum + f.score, 0) / facts.length,
      revenueAtRisk: atRisk.reduce((sum, f) => sum + (f.accountRevenue ?? 0), 0),
      atRiskIds: atRisk.map((f) => f.loopId),
      scoreRecovery: rateOver(facts, (f) => recovery.get(f.loopId) ?? Place.Out),
    };
  });
  return rows.sort(
    (x, y) =>
      y.revenueAtRisk - x.revenueAtRisk ||
      y.loopIds.length - x.loopIds.length ||
      (x.category < y.category ? -1 : x.category > y.category ? 1 : 0),
  );
}

/** The index of the last of `starts` (ascending) at or before `ms`; -1 when before the first. */
function weekIndex(starts: readonly number[], ms: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! <= ms) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function weekPoints(current: readonly LoopFacts[], period: ResolvedPeriod, timeZone: string, now: number): WeekPoint[] {
  const starts = weekStarts(period, timeZone);
  const byWeek = starts.map((): LoopFacts[] => []);
  // The week starts are consecutive, so a loop's week is the last start at or before its response:
  // a binary search, where asking the zone's calendar for every loop's Monday costs a time-zone
  // look-up each (most of a filter change's time over 100,000 loops).
  for (const f of current) {
    const at = weekIndex(starts, f.respondedAt);
    if (at >= 0) byWeek[at]!.push(f);
  }
  return starts.map((w, i) => {
    const facts = byWeek[i]!;
    const responses: Record<Route, string[]> = { recovery: [], improvement: [], advocacy: [] };
    for (const f of facts) responses[f.route].push(f.loopId);
    return {
      weekStart: w,
      contactRateInSla: rateOver(facts, (f) => placeAt('contactRateInSla', f, now)),
      medianTimeToFirstTouch: medianOver(facts),
      responses,
    };
  });
}

/** Loops in the viewer's scope that pass every filter but the period. */
export function filterLoops(input: Omit<ViewInput, 'filters' | 'now' | 'timeZone'> & { filters: DashboardFilters }): LoopFacts[] {
  const { facts, filters, me, people } = input;
  const scope = scopeFor(me, people);
  const team = filters.team && scope.teams ? teamMembers(filters.team, people) : null;
  return facts.filter(
    (f) =>
      scope.sees(f.owner) &&
      (filters.owner === undefined || f.owner === filters.owner) &&
      (team === null || team.has(f.owner)) &&
      (filters.route === undefined || f.route === filters.route) &&
      (filters.scale === undefined || f.scale === filters.scale) &&
      (filters.crm === undefined || f.crm === filters.crm),
  );
}

const within = (f: LoopFacts, span: { from: number; to: number }) => f.respondedAt >= span.from && f.respondedAt < span.to;

/** What the page paints first: the headline numbers, and what the filter bar offers. */
export type DashboardHead = Pick<DashboardView, 'period' | 'scopeLabel' | 'ownerChoices' | 'teamChoices' | 'loopIds' | 'tiles'>;
/** The charts and tables below the tiles, painted after them. */
export type DashboardDetails = Omit<DashboardView, keyof DashboardHead>;

/** The headline of a view, and what its details are worked out from. */
export interface HeadOfView {
  head: DashboardHead;
  current: readonly LoopFacts[];
  recoveryNow: ReadonlyMap<string, Place>;
  directory: ReadonlyMap<string, Person>;
  now: number;
  timeZone: string;
}

/** The tiles first: the filters applied, every KPI over the period and the one before it. */
export function viewHead(input: ViewInput): HeadOfView {
  const { filters, now, timeZone, me, people } = input;
  const period = resolvePeriod(filters.period, now, timeZone);
  const directory = new Map(people.map((p) => [p.email, p]));
  const scope = scopeFor(me, people);
  const filtered = filterLoops(input);
  const current = filtered.filter((f) => within(f, period));
  const previous = filtered.filter((f) => within(f, period.previous));
  const recoveryNow = scoreRecoveryPlaces(current);
  const recoveryBefore = scoreRecoveryPlaces(previous);
  const ownersInScope = new Set(input.facts.filter((f) => scope.sees(f.owner)).map((f) => f.owner));
  const head: DashboardHead = {
    period,
    scopeLabel: scope.label,
    ownerChoices: [...ownersInScope]
      .map((email) => ({ email, name: nameOf(email, directory) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    teamChoices: scope.teams ? teamLeads(people).map((p) => ({ email: p.email, name: p.name || p.email })) : [],
    loopIds: current.map((f) => f.loopId),
    tiles: KPI_ORDER.map((id) => kpiTile(id, figureOf(id, current, recoveryNow, now), figureOf(id, previous, recoveryBefore, now))),
  };
  return { head, current, recoveryNow, directory, now, timeZone };
}

/** Then the trends, owners, funnel, lateness and themes over the same loops. */
export function viewDetails({ head, current, recoveryNow, directory, now, timeZone }: HeadOfView): DashboardDetails {
  const lateness: Record<LatenessBucket, string[]> = { up_to_4h: [], up_to_24h: [], up_to_3d: [], over_3d: [], never: [] };
  for (const f of current) {
    const bucket = latenessOf(f, now);
    if (bucket) lateness[bucket].push(f.loopId);
  }
  return {
    weeks: weekPoints(current, head.period, timeZone, now),
    byOwner: ownerRows(current, now, directory),
    funnel: funnelRows(current),
    lateness,
    themes: themeRows(current, recoveryNow),
  };
}

export function dashboardView(input: ViewInput): DashboardView {
  const shown = viewHead(input);
  return { ...shown.head, ...viewDetails(shown) };
}
