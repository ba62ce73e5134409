/**
 * KPIs of the closed loop (DESIGN.md, "KPIs the product measures"). Pure functions over folded
 * loop states; `now` is always a parameter. No clock, no storage, no browser API.
 *
 * Conventions shared by every rate below:
 * - A rate is `{ value, numerator, denominator }`, `value = numerator / denominator` in 0…1,
 *   and `null` when the denominator is 0 (never NaN, never 0 by default).
 * - The numerator is always a subset of the denominator, so a rate never exceeds 1.
 * - "A moment has passed at `now`" means `moment <= now` (the same rule `foldLoop` uses for a breach).
 * - A loop still open whose outcome cannot be known yet (not due, window still running) is left out
 *   of both numerator and denominator; a loop whose outcome is already known counts even if its
 *   deadline has not come yet (e.g. touched in time before its due time).
 * - "Detractor loop" means a loop on the `recovery` route (the policy's low band of any scale).
 */
import type { LoopState } from './fold';
import type { LoopEvent, LoopEventOf, Route, Scale, SurveyResponse } from './schemas';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export interface Rate {
  /** numerator / denominator, in 0…1; null when the denominator is 0 */
  value: number | null;
  numerator: number;
  denominator: number;
}

export interface MedianResult {
  /** median in ms; the mean of the two middle values for an even count; null when count is 0 */
  value: number | null;
  /** how many values the median is taken over */
  count: number;
}

export function toRate(numerator: number, denominator: number): Rate {
  return { value: denominator === 0 ? null : numerator / denominator, numerator, denominator };
}

/** Median of a list of numbers; even counts take the mean of the two middle values. */
export function medianOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const isRecovery = (l: LoopState) => l.route === 'recovery';
const isTerminal = (l: LoopState) => l.status !== 'open';

// ───────────────────────────── contact rate ─────────────────────────────

/**
 * Contact rate in SLA.
 *
 * numerator: recovery loops whose first logged touch (`firstTouchAt`) is at or before
 *   `firstTouchDueAt`.
 * denominator: recovery loops that were touched (at any time) or whose `firstTouchDueAt` has
 *   passed at `now` (`firstTouchDueAt <= now`). Open or closed, a loop untouched after its due time
 *   counts as a miss; a loop not yet touched and not yet due is excluded (its outcome is unknown).
 */
export function contactRateInSla(loops: readonly LoopState[], now: number): Rate {
  let num = 0;
  let den = 0;
  for (const l of loops) {
    if (!isRecovery(l)) continue;
    if (l.firstTouchAt !== undefined) {
      den++;
      if (l.firstTouchAt <= l.firstTouchDueAt) num++;
    } else if (l.firstTouchDueAt <= now) den++;
  }
  return toRate(num, den);
}

/**
 * Contact rate within a fixed window of the response (default 72 h, wall-clock).
 *
 * numerator: recovery loops first touched at or before `response.respondedAt + withinMs`.
 * denominator: recovery loops that were touched, or whose `respondedAt + withinMs` has passed at
 *   `now`. Untouched loops still inside the window are excluded.
 */
export function contactRateWithin(loops: readonly LoopState[], now: number, withinMs: number = 72 * HOUR_MS): Rate {
  let num = 0;
  let den = 0;
  for (const l of loops) {
    if (!isRecovery(l)) continue;
    const deadline = l.response.respondedAt + withinMs;
    if (l.firstTouchAt !== undefined) {
      den++;
      if (l.firstTouchAt <= deadline) num++;
    } else if (deadline <= now) den++;
  }
  return toRate(num, den);
}

/** `contactRateWithin(loops, now, 72 h)`: see there. */
export function contactRateWithin72h(loops: readonly LoopState[], now: number): Rate {
  return contactRateWithin(loops, now, 72 * HOUR_MS);
}

// ───────────────────────── median time to first touch ─────────────────────────

export interface MedianTimeToFirstTouchOptions {
  /** only loops on these routes; default: every route */
  routes?: readonly Route[];
}

/**
 * Median time to first touch, in ms.
 *
 * Over touched loops only (`firstTouchAt` set; optionally only the given routes), of
 * `firstTouchAt - response.respondedAt`, clamped at 0 (a touch recorded before the response time,
 * e.g. from a skewed clock, counts as immediate). Even count → mean of the two middle values.
 */
export function medianTimeToFirstTouch(loops: readonly LoopState[], opts: MedianTimeToFirstTouchOptions = {}): MedianResult {
  const values: number[] = [];
  for (const l of loops) {
    if (l.firstTouchAt === undefined) continue;
    if (opts.routes && !opts.routes.includes(l.route)) continue;
    values.push(Math.max(0, l.firstTouchAt - l.response.respondedAt));
  }
  return { value: medianOf(values), count: values.length };
}

// ───────────────────────────── follow-up rate ─────────────────────────────

/** Event types that count as an action on a loop when a person (actor ≠ 'system') records them. */
export const FOLLOW_UP_EVENT_TYPES: ReadonlySet<LoopEvent['type']> = new Set([
  'touch_logged',
  'advocacy_asked',
  'reason_set',
  'escalated',
  'closed',
]);

/** Whether a person acted on the loop: an event of FOLLOW_UP_EVENT_TYPES whose actor is not 'system'. */
export function hasFollowUp(loop: LoopState): boolean {
  return loop.events.some((e) => e.actor !== 'system' && FOLLOW_UP_EVENT_TYPES.has(e.type));
}

/**
 * Follow-up rate.
 *
 * numerator: loops (any route) with at least one `touch_logged`, `advocacy_asked`, `reason_set`,
 *   `escalated` or `closed` event recorded by a person (actor ≠ 'system'); automatic escalations and
 *   automatic closes do not count as follow-up.
 * denominator: all loops (one loop per response).
 */
export function followUpRate(loops: readonly LoopState[]): Rate {
  let num = 0;
  for (const l of loops) if (hasFollowUp(l)) num++;
  return toRate(num, loops.length);
}

// ───────────────────────────── resolution / escalation ─────────────────────────────

/**
 * Resolution rate.
 *
 * numerator: recovery loops whose current status is `resolved`.
 * denominator: recovery loops in a terminal state now (`resolved`, `escalated`, `churned`,
 *   `no_response`). Open loops (including reopened ones) are excluded: their outcome is not known.
 */
export function resolutionRate(loops: readonly LoopState[]): Rate {
  let num = 0;
  let den = 0;
  for (const l of loops) {
    if (!isRecovery(l) || !isTerminal(l)) continue;
    den++;
    if (l.status === 'resolved') num++;
  }
  return toRate(num, den);
}

/**
 * Whether a loop escalated: a recorded `escalated` event (by anyone, system included), an
 * escalation the engine found due when the loop was folded (`state.escalations`: churn intent,
 * top revenue, repeat low score, a ladder step reached before a touch or a close), or a close as
 * `escalated`. Whatever the loop's status now.
 */
export function hasEscalated(loop: LoopState): boolean {
  return loop.status === 'escalated' || loop.escalations.length > 0 || loop.events.some((e) => e.type === 'escalated');
}

/**
 * Escalation rate.
 *
 * numerator: recovery loops that escalated (see `hasEscalated`: recorded, automatic as of the
 *   fold's `now`, or closed as `escalated`), whatever their current status.
 * denominator: all recovery loops.
 */
export function escalationRate(loops: readonly LoopState[]): Rate {
  let num = 0;
  let den = 0;
  for (const l of loops) {
    if (!isRecovery(l)) continue;
    den++;
    if (hasEscalated(l)) num++;
  }
  return toRate(num, den);
}

// ───────────────────────────── promoter activation ─────────────────────────────

export interface PromoterActivationOptions {
  /**
   * the ask is allowed from respondedAt + this; by default the loop's own allowed moment
   * (`state.advocacy.allowedFrom`: the cool-off, moved on by the quarter cap), else 3 days
   */
  windowOpensAfterMs?: number;
  /** an ask counts when made within this of the window opening; default 48 h */
  askWithinMs?: number;
}

/**
 * Promoter activation.
 *
 * Let `opens` be the moment the ask is allowed: `respondedAt + windowOpensAfterMs` when that option
 * is given, else the loop's `advocacy.allowedFrom` (3 days after the score, or the next quarter when
 * the contact was already asked this quarter), else `respondedAt + 3 days`; and
 * `deadline = opens + askWithinMs` (default 48 h).
 * numerator: advocacy loops with an `advocacy_asked` event at `opens <= at <= deadline`
 *   (an ask before the window opens does not count).
 * denominator: advocacy loops that have such an in-window ask, or whose `deadline` has passed at
 *   `now`. Loops still inside their window without an in-window ask are excluded.
 */
export function promoterActivation(loops: readonly LoopState[], now: number, opts: PromoterActivationOptions = {}): Rate {
  const within = opts.askWithinMs ?? 48 * HOUR_MS;
  let num = 0;
  let den = 0;
  for (const l of loops) {
    if (l.route !== 'advocacy') continue;
    const opens =
      opts.windowOpensAfterMs !== undefined
        ? l.response.respondedAt + opts.windowOpensAfterMs
        : (l.advocacy?.allowedFrom ?? l.response.respondedAt + 3 * DAY_MS);
    const deadline = opens + within;
    const asked = l.events.some((e) => e.type === 'advocacy_asked' && e.at >= opens && e.at <= deadline);
    if (asked) {
      num++;
      den++;
    } else if (deadline <= now) den++;
  }
  return toRate(num, den);
}

// ───────────────────────────── score recovery ─────────────────────────────

export interface ScoreRecoveryOptions {
  /** a next NPS score at or above this counts as recovered; default 7 */
  threshold?: number;
  /**
   * Whether two responses come from one contact: the caller passes the product's one rule
   * (`sameContact` in lib/crm/match.ts), so a KPI can never group contacts unlike the sidebar and the scan.
   */
  sameContact: (a: SurveyResponse, b: SurveyResponse) => boolean;
}

/**
 * Score recovery (NPS only).
 *
 * A detractor is an NPS loop on the recovery route. Its next response is the earliest other NPS
 * loop's response from the same contact (`opts.sameContact`) with a strictly later `respondedAt`
 * (ties in time broken by loop id).
 * numerator: detractors whose next response scored ≥ `threshold` (default 7).
 * denominator: detractors that have a next response.
 */
export function scoreRecovery(loops: readonly LoopState[], opts: ScoreRecoveryOptions): Rate {
  const threshold = opts.threshold ?? 7;
  const nps = loops
    .filter((l) => l.response.scale === 'nps')
    .sort((a, b) => a.response.respondedAt - b.response.respondedAt || (a.loopId < b.loopId ? -1 : a.loopId > b.loopId ? 1 : 0));
  let num = 0;
  let den = 0;
  nps.forEach((l, i) => {
    if (!isRecovery(l)) return;
    for (let j = i + 1; j < nps.length; j++) {
      const next = nps[j]!;
      if (next.response.respondedAt <= l.response.respondedAt) continue;
      if (!opts.sameContact(l.response, next.response)) continue;
      den++;
      if (next.response.score >= threshold) num++;
      return;
    }
  });
  return toRate(num, den);
}

// ───────────────────────────── loops closed ─────────────────────────────

/** The moment a loop should be finished by: `resolutionDueAt`, else `firstTouchDueAt`. */
export const resolutionTarget = (l: LoopState): number => l.resolutionDueAt ?? l.firstTouchDueAt;

/**
 * Loops closed.
 *
 * denominator: loops (any route) whose resolution target (`resolutionDueAt`, or `firstTouchDueAt`
 *   for loops without one) has passed at `now`.
 * numerator: those of them in a terminal state now. Loops closed before their target is reached
 *   are not counted until the target passes (the denominator defines the population).
 */
export function loopsClosed(loops: readonly LoopState[], now: number): Rate {
  let num = 0;
  let den = 0;
  for (const l of loops) {
    if (resolutionTarget(l) > now) continue;
    den++;
    if (isTerminal(l)) num++;
  }
  return toRate(num, den);
}

// ───────────────────────────── root-cause themes ─────────────────────────────

export const UNCATEGORISED = 'uncategorised';

export interface RootCauseTheme {
  category: string;
  /** loops whose latest `reason_set` names this category */
  count: number;
  /** mean response score over those loops (mixed scales mix; see meanScoreByScale) */
  meanScore: number;
  /** mean score per scale, only for scales present in the theme */
  meanScoreByScale: Partial<Record<Scale, number>>;
  /** recovery loops in the theme */
  recoveryCount: number;
  /** sum of accountRevenue (missing = 0) of recovery loops in the theme not currently `resolved` */
  revenueAtRisk: number;
}

/** The category of a loop's latest `reason_set` event (events are in causal order), if any. */
export function latestReason(loop: LoopState): string | undefined {
  let category: string | undefined;
  for (const e of loop.events) if (e.type === 'reason_set') category = (e as LoopEventOf<'reason_set'>).category;
  return category;
}

/**
 * Root-cause themes: every loop is filed under the category of its latest `reason_set` event, or
 * `'uncategorised'` without one. Per theme: count, mean score (all loops of the theme), mean score
 * per scale, recovery loop count and revenue at risk (sum of `response.accountRevenue`, missing = 0,
 * over recovery loops in the theme whose status is not `resolved`).
 * Sorted by revenue at risk desc, then count desc, then category asc. Empty input → [].
 */
export function rootCauseThemes(loops: readonly LoopState[]): RootCauseTheme[] {
  interface Acc {
    count: number;
    sum: number;
    byScale: Partial<Record<Scale, { sum: number; n: number }>>;
    recoveryCount: number;
    revenueAtRisk: number;
  }
  const acc = new Map<string, Acc>();
  for (const l of loops) {
    const category = latestReason(l) ?? UNCATEGORISED;
    let a = acc.get(category);
    if (!a) acc.set(category, (a = { count: 0, sum: 0, byScale: {}, recoveryCount: 0, revenueAtRisk: 0 }));
    a.count++;
    a.sum += l.response.score;
    const s = (a.byScale[l.response.scale] ??= { sum: 0, n: 0 });
    s.sum += l.response.score;
    s.n++;
    if (isRecovery(l)) {
      a.recoveryCount++;
      if (l.status !== 'resolved') a.revenueAtRisk += l.response.accountRevenue ?? 0;
    }
  }
  const themes: RootCauseTheme[] = [...acc].map(([category, a]) => {
    const meanScoreByScale: Partial<Record<Scale, number>> = {};
    for (const [scale, s] of Object.entries(a.byScale) as [Scale, { sum: number; n: number }][]) meanScoreByScale[scale] = s.sum / s.n;
    return {
      category,
      count: a.count,
      meanScore: a.sum / a.count,
      meanScoreByScale,
      recoveryCount: a.recoveryCount,
      revenueAtRisk: a.revenueAtRisk,
    };
  });
  return themes.sort(
    (x, y) => y.revenueAtRisk - x.revenueAtRisk || y.count - x.count || (x.category < y.category ? -1 : x.category > y.category ? 1 : 0),
  );
}

// ───────────────────────────── report ─────────────────────────────

/** DESIGN.md targets ("healthy" column). Rates are fractions, times are ms. */
export const KPI_TARGETS = {
  /** ≥ 85 % */
  contactRateInSlaMin: 0.85,
  /** ≥ 95 % */
  contactRateWithin72hMin: 0.95,
  /** < 48 h */
  medianTimeToFirstTouchMaxMs: 48 * HOUR_MS,
  /** > 95 % */
  followUpRateMin: 0.95,
  /** ≥ 60 % */
  resolutionRateMin: 0.6,
  /** < 15 % */
  escalationRateMax: 0.15,
  /** > 70 % */
  promoterActivationMin: 0.7,
  /** 25–40 % inclusive */
  scoreRecoveryMin: 0.25,
  scoreRecoveryMax: 0.4,
  /** > 95 % */
  loopsClosedMin: 0.95,
} as const;

/** true / false against the target; null when the KPI has no value (nothing to judge). */
export type Health = boolean | null;

export interface KpiReport {
  now: number;
  contactRateInSla: Rate;
  contactRateWithin72h: Rate;
  medianTimeToFirstTouch: MedianResult;
  followUpRate: Rate;
  resolutionRate: Rate;
  escalationRate: Rate;
  promoterActivation: Rate;
  scoreRecovery: Rate;
  loopsClosed: Rate;
  rootCauseThemes: RootCauseTheme[];
  healthy: {
    contactRateInSla: Health;
    contactRateWithin72h: Health;
    medianTimeToFirstTouch: Health;
    followUpRate: Health;
    resolutionRate: Health;
    escalationRate: Health;
    promoterActivation: Health;
    scoreRecovery: Health;
    loopsClosed: Health;
  };
}

export interface KpiReportOptions {
  promoterActivation?: PromoterActivationOptions;
  scoreRecovery: ScoreRecoveryOptions;
  medianTimeToFirstTouch?: MedianTimeToFirstTouchOptions;
}

const judge = (v: number | null, ok: (v: number) => boolean): Health => (v === null ? null : ok(v));

/**
 * Every KPI at `now`, with `healthy` flags against KPI_TARGETS (DESIGN.md). The median time to
 * first touch is over every touched loop unless `opts.medianTimeToFirstTouch.routes` narrows it.
 */
export function kpiReport(loops: readonly LoopState[], now: number, opts: KpiReportOptions): KpiReport {
  const t = KPI_TARGETS;
  const r = {
    contactRateInSla: contactRateInSla(loops, now),
    contactRateWithin72h: contactRateWithin72h(loops, now),
    medianTimeToFirstTouch: medianTimeToFirstTouch(loops, opts.medianTimeToFirstTouch),
    followUpRate: followUpRate(loops),
    resolutionRate: resolutionRate(loops),
    escalationRate: escalationRate(loops),
    promoterActivation: promoterActivation(loops, now, opts.promoterActivation),
    scoreRecovery: scoreRecovery(loops, opts.scoreRecovery),
    loopsClosed: loopsClosed(loops, now),
  };
  return {
    now,
    ...r,
    rootCauseThemes: rootCauseThemes(loops),
    healthy: {
      contactRateInSla: judge(r.contactRateInSla.value, (v) => v >= t.contactRateInSlaMin),
      contactRateWithin72h: judge(r.contactRateWithin72h.value, (v) => v >= t.contactRateWithin72hMin),
      medianTimeToFirstTouch: judge(r.medianTimeToFirstTouch.value, (v) => v < t.medianTimeToFirstTouchMaxMs),
      followUpRate: judge(r.followUpRate.value, (v) => v > t.followUpRateMin),
      resolutionRate: judge(r.resolutionRate.value, (v) => v >= t.resolutionRateMin),
      escalationRate: judge(r.escalationRate.value, (v) => v < t.escalationRateMax),
      promoterActivation: judge(r.promoterActivation.value, (v) => v > t.promoterActivationMin),
      scoreRecovery: judge(r.scoreRecovery.value, (v) => v >= t.scoreRecoveryMin && v <= t.scoreRecoveryMax),
      loopsClosed: judge(r.loopsClosed.value, (v) => v > t.loopsClosedMin),
    },
  };
}
