/**
 * What the dashboard keeps of each loop: its KPI facts, worked out once from the engine's fold and
 * stored (./fact-store.ts), so opening the dashboard reads compact facts instead of events.
 *
 * A stored fact must never go stale by time alone, so nothing here is "as of now": whatever the
 * clock decides (an open loop becomes breached, a ladder step is reached, an ask window closes) is
 * kept as the moment it happens, and `placeAt` judges it at view time with the rules of
 * `lib/loop/kpis.ts` (each per-loop KPI, asked of one loop: in the denominator? in the numerator?).
 * The unit tests hold `placeAt` to those functions at many moments. What depends on the contact's
 * other loops (the repeat-low-score escalation, the advocacy quarter cap) comes from a fold with
 * the contact's history, as the sidebar's; score recovery is worked out over the loops shown
 * (see `scoreRecoveryPlaces`).
 */
import { sameContact } from '@/lib/crm/match';
import { normalizeSalesforceId } from '@/lib/crm/salesforce/id';
import {
  escalationsDue,
  hasFollowUp,
  latestReason,
  promoterActivation,
  UNCATEGORISED,
  type LoopState,
  type Policy,
  type Route,
  type Scale,
  type SlaState,
} from '@/lib/loop';
import type { Crm } from './filters';

/** The KPIs that are a share of loops, each decided loop by loop. */
export const PER_LOOP_RATES = [
  'contactRateInSla',
  'contactRateWithin72h',
  'followUpRate',
  'resolutionRate',
  'escalationRate',
  'promoterActivation',
  'loopsClosed',
] as const;
export type PerLoopRate = (typeof PER_LOOP_RATES)[number];

/** Where one loop stands in a rate: left out, counted in the denominator only, or in the numerator (and so the denominator). */
export const Place = { Out: 0, Denominator: 1, Numerator: 2 } as const;
export type Place = (typeof Place)[keyof typeof Place];

/** One loop's KPI facts: none of them changes as time passes, only when the loop's or its contact's events do. */
export interface LoopFacts {
  loopId: string;
  /** the owner as the loop names it (after any reassignment); '' when nobody owns it */
  ownerEmail: string;
  /** the same, trimmed and lower-cased: what scope and the owner filter compare */
  owner: string;
  crm: Crm;
  route: Route;
  status: LoopState['status'];
  scale: Scale;
  score: number;
  respondedAt: number;
  firstTouchDueAt: number;
  firstTouchAt?: number;
  resolutionDueAt?: number;
  /** from then on an open loop not yet touched is near breach (the earlier of its two warning moments) */
  nearBreachAt: number;
  /** the latest `reason_set` category, if any */
  reason?: string;
  /** a person acted on the loop (`hasFollowUp`) */
  followedUp: boolean;
  /** escalated whatever the time: recorded, closed as escalated, or due at once (churn intent, top revenue, repeat low score) */
  escalated: boolean;
  /** the first escalation-ladder step the loop reaches without a touch or a close before it: escalated from then on */
  ladderAt?: number;
  /** a promoter asked inside its ask window */
  askedInWindow: boolean;
  /** a promoter's ask window closes then: not asked by then is a miss */
  askDeadline?: number;
  name: string;
  email: string;
  company: string;
  hubspotId: string;
  salesforceId: string;
  accountRevenue?: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** the window promoterActivation and contactRateWithin72h use by default (kpis.ts) */
const ASK_WITHIN = 48 * HOUR;
const WITHIN_72H = 72 * HOUR;
/** later than any clock: the fold's `now` at which every ladder step has come */
const END_OF_TIME = Number.MAX_SAFE_INTEGER;

export const crmOf = (r: { hubspotId?: string | undefined; salesforceId?: string | undefined }): Crm =>
  r.hubspotId?.trim() ? 'hubspot' : r.salesforceId?.trim() ? 'salesforce' : 'none';

/** A loop's facts, from its state as the engine folds it (at any `now`: nothing kept depends on it). */
export function factsOf(state: LoopState, policy: Policy): LoopFacts {
  const r = state.response;
  const closedAt = state.status !== 'open' ? state.closedAt : undefined;
  // The ladder as escalationsDue sees it once every step has come: the first step it reaches is
  // when the loop escalates (the fold at an earlier `now` lists the steps reached by then).
  const ladder = escalationsDue(
    {
      response: r,
      route: state.route,
      severity: state.severity,
      events: state.events,
      ...(state.firstTouchAt !== undefined ? { firstTouchAt: state.firstTouchAt } : {}),
      ...(closedAt !== undefined ? { closedAt } : {}),
    },
    policy,
    {},
    END_OF_TIME,
  ).filter((e) => e.kind === 'ladder');
  const ownerEmail = state.ownerEmail ?? '';
  const facts: LoopFacts = {
    loopId: state.loopId,
    ownerEmail,
    owner: ownerEmail.trim().toLowerCase(),
    crm: crmOf(r),
    route: state.route,
    status: state.status,
    scale: r.scale,
    score: r.score,
    respondedAt: r.respondedAt,
    firstTouchDueAt: state.firstTouchDueAt,
    nearBreachAt: Math.min(state.stageTimes.near_breach_1, state.stageTimes.near_breach_2),
    followedUp: hasFollowUp(state),
    escalated:
      state.status === 'escalated' ||
      state.events.some((e) => e.type === 'escalated') ||
      state.escalations.some((e) => e.kind !== 'ladder'),
    // An ask at any time inside the window counts, so asking at the end of time says whether there was one.
    askedInWindow: state.route === 'advocacy' && promoterActivation([state], END_OF_TIME).numerator > 0,
    name: r.name ?? '',
    email: r.email ?? '',
    company: r.company ?? '',
    hubspotId: r.hubspotId ?? '',
    salesforceId: r.salesforceId ?? '',
  };
  if (state.firstTouchAt !== undefined) facts.firstTouchAt = state.firstTouchAt;
  if (state.resolutionDueAt !== undefined) facts.resolutionDueAt = state.resolutionDueAt;
  const reason = latestReason(state);
  if (reason !== undefined) facts.reason = reason;
  if (ladder.length > 0) facts.ladderAt = Math.min(...ladder.map((e) => e.at));
  if (state.route === 'advocacy') facts.askDeadline = (state.advocacy?.allowedFrom ?? r.respondedAt + 3 * DAY) + ASK_WITHIN;
  if (r.accountRevenue !== undefined) facts.accountRevenue = r.accountRevenue;
  return facts;
}

/** Each loop's facts (see factsOf). */
export function loopFacts(states: readonly LoopState[], policy: Policy): LoopFacts[] {
  return states.map((s) => factsOf(s, policy));
}

/** Its root-cause theme: the latest `reason_set` category (rootCauseThemes' filing rule), else 'uncategorised'. */
export const categoryOf = (f: LoopFacts): string => f.reason ?? UNCATEGORISED;

/** Response → first logged touch, in ms, clamped at 0 (as the median KPI takes it); undefined while untouched. */
export const timeToFirstTouch = (f: LoopFacts): number | undefined =>
  f.firstTouchAt === undefined ? undefined : Math.max(0, f.firstTouchAt - f.respondedAt);

const isTerminal = (f: LoopFacts) => f.status !== 'open';

/** Touched (met or late), else missed once `deadline` has passed at `now`, else not known yet. */
const contactPlace = (f: LoopFacts, deadline: number, now: number): Place =>
  f.route !== 'recovery'
    ? Place.Out
    : f.firstTouchAt !== undefined
      ? f.firstTouchAt <= deadline
        ? Place.Numerator
        : Place.Denominator
      : deadline <= now
        ? Place.Denominator
        : Place.Out;

/**
 * The loop's place in a per-loop KPI at `now`: `kpis.ts`'s rule for that KPI over this one loop
 * (`contactRateInSla([loop], now)`…), from the facts.
 */
export function placeAt(rate: PerLoopRate, f: LoopFacts, now: number): Place {
  switch (rate) {
    case 'contactRateInSla':
      return contactPlace(f, f.firstTouchDueAt, now);
    case 'contactRateWithin72h':
      return contactPlace(f, f.respondedAt + WITHIN_72H, now);
    case 'followUpRate':
      return f.followedUp ? Place.Numerator : Place.Denominator;
    case 'resolutionRate':
      return f.route !== 'recovery' || !isTerminal(f) ? Place.Out : f.status === 'resolved' ? Place.Numerator : Place.Denominator;
    case 'escalationRate':
      return f.route !== 'recovery'
        ? Place.Out
        : f.escalated || (f.ladderAt !== undefined && f.ladderAt <= now)
          ? Place.Numerator
          : Place.Denominator;
    case 'promoterActivation':
      return f.route !== 'advocacy'
        ? Place.Out
        : f.askedInWindow
          ? Place.Numerator
          : f.askDeadline !== undefined && f.askDeadline <= now
            ? Place.Denominator
            : Place.Out;
    case 'loopsClosed':
      return (f.resolutionDueAt ?? f.firstTouchDueAt) > now ? Place.Out : isTerminal(f) ? Place.Numerator : Place.Denominator;
  }
}

/** The loop's first-touch SLA state at `now`, as `foldLoop` names it. */
export function slaStateAt(f: LoopFacts, now: number): SlaState {
  if (f.firstTouchAt !== undefined) return f.firstTouchAt <= f.firstTouchDueAt ? 'met' : 'met_late';
  if (f.status !== 'open') return 'closed';
  if (now >= f.firstTouchDueAt) return 'breached';
  if (now >= f.nearBreachAt) return 'near_breach';
  return 'on_track';
}

/** The keys `sameContact` can match a loop's response by: its e-mail, HubSpot id and Salesforce id. */
export const contactKeys = (f: LoopFacts): string[] => {
  const keys: string[] = [];
  if (f.email.trim()) keys.push(`e:${f.email.trim().toLowerCase()}`);
  if (f.hubspotId.trim()) keys.push(`h:${f.hubspotId.trim()}`);
  const sf = f.salesforceId ? normalizeSalesforceId(f.salesforceId) : null;
  if (sf) keys.push(`s:${sf}`);
  return keys;
};

/** The loop's response as `sameContact` reads it. */
export const identity = (f: LoopFacts) => ({
  ...(f.email ? { email: f.email } : {}),
  ...(f.hubspotId ? { hubspotId: f.hubspotId } : {}),
  ...(f.salesforceId ? { salesforceId: f.salesforceId } : {}),
});

/**
 * Each NPS detractor's place in score recovery, over `loops` (the loops shown): the rule of
 * `scoreRecovery` in lib/loop/kpis.ts — a detractor counts when the same contact (`sameContact`)
 * answered NPS again strictly later (ties broken by loop id), and recovers when that next score is
 * 7 or more. `sameContact` only matches responses sharing an e-mail, HubSpot id or Salesforce id,
 * so loops are first grouped by those keys and compared within a group: linear, where comparing
 * every pair of 100,000 loops would not be.
 */
export function scoreRecoveryPlaces(loops: readonly LoopFacts[], threshold = 7): Map<string, Place> {
  const nps = loops
    .filter((l) => l.scale === 'nps')
    .sort((a, b) => a.respondedAt - b.respondedAt || (a.loopId < b.loopId ? -1 : a.loopId > b.loopId ? 1 : 0));
  // Union-find over shared keys: two responses sharing any key land in one group.
  const parent = nps.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const firstWithKey = new Map<string, number>();
  nps.forEach((l, i) => {
    for (const key of contactKeys(l)) {
      const j = firstWithKey.get(key);
      if (j === undefined) firstWithKey.set(key, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, number[]>();
  nps.forEach((_, i) => {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(i);
    else groups.set(root, [i]);
  });
  const places = new Map<string, Place>();
  for (const members of groups.values()) {
    // Members are in the sorted order already: the first later same-contact response is the next one.
    members.forEach((i, at) => {
      const l = nps[i]!;
      if (l.route !== 'recovery') return;
      places.set(l.loopId, Place.Out);
      for (const j of members.slice(at + 1)) {
        const next = nps[j]!;
        if (next.respondedAt <= l.respondedAt) continue;
        if (!sameContact(identity(l), identity(next))) continue;
        places.set(l.loopId, next.score >= threshold ? Place.Numerator : Place.Denominator);
        return;
      }
    });
  }
  return places;
}
