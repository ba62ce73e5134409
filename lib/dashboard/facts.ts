/**
 * Where each loop stands in each KPI, worked out once per load: a filter change then only adds up
 * numbers, and every number can name the loops behind it (drill-down).
 *
 * The rules are `lib/loop/kpis.ts`'s own: each per-loop KPI is asked of the one loop on its own
 * (`contactRateInSla([loop], now)` → in the denominator? in the numerator?), so a tile can never
 * count a loop differently from `kpiReport`. Score recovery depends on the other loops of the same
 * contact, so it is worked out over the population shown (see `scoreRecoveryPlaces`).
 */
import { sameContact } from '@/lib/crm/match';
import { normalizeSalesforceId } from '@/lib/crm/salesforce/id';
import {
  contactRateInSla,
  contactRateWithin72h,
  escalationRate,
  followUpRate,
  latestReason,
  UNCATEGORISED,
  loopsClosed,
  promoterActivation,
  resolutionRate,
  type LoopState,
  type Rate,
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

export interface LoopFacts {
  state: LoopState;
  /** lower-cased owner e-mail; '' when the loop has none */
  owner: string;
  crm: Crm;
  rates: Record<PerLoopRate, Place>;
  /** its root-cause theme: the latest \`reason_set\` category (rootCauseThemes' filing rule), else 'uncategorised' */
  category: string;
  /** response → first logged touch, in ms, clamped at 0 (as the median KPI takes it); undefined while untouched */
  timeToFirstTouch?: number;
}

const placeOf = (r: Rate): Place => (r.denominator === 0 ? Place.Out : r.numerator > 0 ? Place.Numerator : Place.Denominator);

export const crmOf = (state: LoopState): Crm =>
  state.response.hubspotId?.trim() ? 'hubspot' : state.response.salesforceId?.trim() ? 'salesforce' : 'none';

/** Each loop's place in every per-loop KPI at `now`. */
export function loopFacts(states: readonly LoopState[], now: number): LoopFacts[] {
  return states.map((state) => {
    const one = [state];
    return {
      state,
      owner: (state.ownerEmail ?? '').trim().toLowerCase(),
      crm: crmOf(state),
      rates: {
        contactRateInSla: placeOf(contactRateInSla(one, now)),
        contactRateWithin72h: placeOf(contactRateWithin72h(one, now)),
        followUpRate: placeOf(followUpRate(one)),
        resolutionRate: placeOf(resolutionRate(one)),
        escalationRate: placeOf(escalationRate(one)),
        promoterActivation: placeOf(promoterActivation(one, now)),
        loopsClosed: placeOf(loopsClosed(one, now)),
      },
      category: latestReason(state) ?? UNCATEGORISED,
      timeToFirstTouch: state.firstTouchAt === undefined ? undefined : Math.max(0, state.firstTouchAt - state.response.respondedAt),
    };
  });
}

const contactKeys = (s: LoopState): string[] => {
  const keys: string[] = [];
  const { email, hubspotId, salesforceId } = s.response;
  if (email?.trim()) keys.push(`e:${email.trim().toLowerCase()}`);
  if (hubspotId?.trim()) keys.push(`h:${hubspotId.trim()}`);
  const sf = salesforceId ? normalizeSalesforceId(salesforceId) : null;
  if (sf) keys.push(`s:${sf}`);
  return keys;
};

/**
 * Each NPS detractor's place in score recovery, over `states` (the loops shown): the rule of
 * `scoreRecovery` in lib/loop/kpis.ts — a detractor counts when the same contact (`sameContact`)
 * answered NPS again strictly later (ties broken by loop id), and recovers when that next score is
 * 7 or more. `sameContact` only matches responses sharing an e-mail, HubSpot id or Salesforce id,
 * so loops are first grouped by those keys and compared within a group: linear, where comparing
 * every pair of 100,000 loops would not be.
 */
export function scoreRecoveryPlaces(states: readonly LoopState[], threshold = 7): Map<string, Place> {
  const nps = states
    .filter((l) => l.response.scale === 'nps')
    .sort((a, b) => a.response.respondedAt - b.response.respondedAt || (a.loopId < b.loopId ? -1 : a.loopId > b.loopId ? 1 : 0));
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
        if (next.response.respondedAt <= l.response.respondedAt) continue;
        if (!sameContact(l.response, next.response)) continue;
        places.set(l.loopId, next.response.score >= threshold ? Place.Numerator : Place.Denominator);
        return;
      }
    });
  }
  return places;
}
