/**
 * The headline tiles: every KPI of DESIGN.md with its value, the count behind it, its healthy
 * threshold (KPI_TARGETS, the same numbers `kpiReport` judges by), its state in words and a shape,
 * and the change against the previous period.
 */
import { KPI_TARGETS, medianOf, toRate, type Health } from '@/lib/loop';
import { Place, placeAt, timeToFirstTouch, type LoopFacts, type PerLoopRate } from './facts';

export type KpiId = PerLoopRate | 'medianTimeToFirstTouch' | 'scoreRecovery';

export const KPI_ORDER: readonly KpiId[] = [
  'contactRateInSla',
  'contactRateWithin72h',
  'medianTimeToFirstTouch',
  'followUpRate',
  'resolutionRate',
  'escalationRate',
  'promoterActivation',
  'scoreRecovery',
  'loopsClosed',
];

const HOUR = 3_600_000;
const t = KPI_TARGETS;
const pct = (v: number) => `${Math.round(v * 100)} %`;

interface KpiDefinition {
  label: string;
  /** what the denominator counts, for "41 of 48 …" */
  of: string;
  target: string;
  healthy(value: number): boolean;
  /** +1: higher is better; -1: lower is better; 0: a band (score recovery), neither direction is better */
  better: 1 | -1 | 0;
}

export const KPI_DEFINITIONS: Record<KpiId, KpiDefinition> = {
  contactRateInSla: {
    label: 'Contact rate in SLA',
    of: 'detractor loops contacted before their due time',
    target: `≥ ${pct(t.contactRateInSlaMin)}`,
    healthy: (v) => v >= t.contactRateInSlaMin,
    better: 1,
  },
  contactRateWithin72h: {
    label: 'Contact rate within 72 h',
    of: 'detractor loops contacted within 72 h',
    target: `≥ ${pct(t.contactRateWithin72hMin)}`,
    healthy: (v) => v >= t.contactRateWithin72hMin,
    better: 1,
  },
  medianTimeToFirstTouch: {
    label: 'Median time to first touch',
    of: 'touched loops',
    target: `< ${t.medianTimeToFirstTouchMaxMs / HOUR} h`,
    healthy: (v) => v < t.medianTimeToFirstTouchMaxMs,
    better: -1,
  },
  followUpRate: {
    label: 'Follow-up rate',
    of: 'responses with an action logged',
    target: `> ${pct(t.followUpRateMin)}`,
    healthy: (v) => v > t.followUpRateMin,
    better: 1,
  },
  resolutionRate: {
    label: 'Resolution rate',
    of: 'closed recovery loops resolved',
    target: `≥ ${pct(t.resolutionRateMin)}`,
    healthy: (v) => v >= t.resolutionRateMin,
    better: 1,
  },
  escalationRate: {
    label: 'Escalation rate',
    of: 'recovery loops escalated',
    target: `< ${pct(t.escalationRateMax)}`,
    healthy: (v) => v < t.escalationRateMax,
    better: -1,
  },
  promoterActivation: {
    label: 'Promoter activation',
    of: 'promoters asked within 48 h of the window',
    target: `> ${pct(t.promoterActivationMin)}`,
    healthy: (v) => v > t.promoterActivationMin,
    better: 1,
  },
  scoreRecovery: {
    label: 'Score recovery',
    of: 'detractors whose next score is 7+',
    target: `${Math.round(t.scoreRecoveryMin * 100)}–${pct(t.scoreRecoveryMax)}`,
    healthy: (v) => v >= t.scoreRecoveryMin && v <= t.scoreRecoveryMax,
    better: 0,
  },
  loopsClosed: {
    label: 'Loops closed',
    of: 'loops past their resolution target closed',
    target: `> ${pct(t.loopsClosedMin)}`,
    healthy: (v) => v > t.loopsClosedMin,
    better: 1,
  },
};

/** One KPI over a set of loops, with the loops behind it. */
export interface KpiFigure {
  /** a share in 0…1, or a duration in ms for the median; null when nothing to measure */
  value: number | null;
  /** rates: numerator; median: how many touched loops it is taken over */
  numerator: number;
  /** rates: denominator; median: same as numerator */
  denominator: number;
  /** the loops in the numerator (median: the touched loops) */
  numeratorIds: string[];
  /** the loops in the denominator */
  denominatorIds: string[];
}

/** A rate over loops, by each loop's place in it. */
export function rateOver(facts: readonly LoopFacts[], placeOf: (f: LoopFacts) => Place): KpiFigure {
  const numeratorIds: string[] = [];
  const denominatorIds: string[] = [];
  for (const f of facts) {
    const place = placeOf(f);
    if (place === Place.Out) continue;
    denominatorIds.push(f.loopId);
    if (place === Place.Numerator) numeratorIds.push(f.loopId);
  }
  const r = toRate(numeratorIds.length, denominatorIds.length);
  return { value: r.value, numerator: r.numerator, denominator: r.denominator, numeratorIds, denominatorIds };
}

/** Median time to first touch over the touched loops (kpis.ts's `medianOf`: even counts take the mean of the middle two). */
export function medianOver(facts: readonly LoopFacts[]): KpiFigure {
  const ids: string[] = [];
  const values: number[] = [];
  for (const f of facts) {
    const ms = timeToFirstTouch(f);
    if (ms === undefined) continue;
    ids.push(f.loopId);
    values.push(ms);
  }
  return { value: medianOf(values), numerator: ids.length, denominator: ids.length, numeratorIds: ids, denominatorIds: ids };
}

/** One KPI over `facts` at `now` (score recovery: the places worked out over the same loops). */
export function figureOf(id: KpiId, facts: readonly LoopFacts[], recovery: ReadonlyMap<string, Place>, now: number): KpiFigure {
  if (id === 'medianTimeToFirstTouch') return medianOver(facts);
  if (id === 'scoreRecovery') return rateOver(facts, (f) => recovery.get(f.loopId) ?? Place.Out);
  return rateOver(facts, (f) => placeAt(id, f, now));
}

export type TileState = 'healthy' | 'off_target' | 'no_data';
export const TILE_STATE_WORDS: Record<TileState, string> = { healthy: 'On target', off_target: 'Off target', no_data: 'No data yet' };
/** A shape per state, so the state never rests on colour alone. */
export const TILE_STATE_SHAPE: Record<TileState, string> = { healthy: '✓', off_target: '✕', no_data: '–' };

export interface Delta {
  /** current − previous: percentage points for rates, ms for the median */
  change: number;
  /** in words: "up 4 pts", "down 2.5 h", "no change" */
  text: string;
  /** whether the change is for the better; null for no change or a KPI with a band */
  better: boolean | null;
}

export interface KpiTile {
  id: KpiId;
  label: string;
  figure: KpiFigure;
  previous: KpiFigure;
  /** the value as shown: "85 %", "21.5 h", "—" */
  display: string;
  /** the count behind it: "41 of 48 detractor loops contacted before their due time" */
  count: string;
  target: string;
  health: Health;
  state: TileState;
  delta: Delta | null;
}

export function formatKpiValue(id: KpiId, value: number | null): string {
  if (value === null) return '—';
  if (id === 'medianTimeToFirstTouch') return formatHours(value);
  return pct(value);
}

/** A duration in hours, one decimal under 100 h: "3.5 h", "26 h", "140 h". */
export function formatHours(ms: number): string {
  const h = ms / HOUR;
  return `${h < 100 ? Math.round(h * 10) / 10 : Math.round(h)} h`;
}

function deltaOf(id: KpiId, now: number | null, before: number | null): Delta | null {
  if (now === null || before === null) return null;
  const isMedian = id === 'medianTimeToFirstTouch';
  const change = now - before;
  const size = isMedian ? formatHours(Math.abs(change)) : `${Math.round(Math.abs(change) * 1000) / 10} pts`;
  const rounded = isMedian ? Math.abs(change) < HOUR / 20 : Math.abs(change) < 0.0005;
  if (rounded) return { change, text: 'no change', better: null };
  const direction = KPI_DEFINITIONS[id].better;
  return {
    change,
    text: `${change > 0 ? 'up' : 'down'} ${size}`,
    better: direction === 0 ? null : change * direction > 0,
  };
}

export function kpiTile(id: KpiId, figure: KpiFigure, previous: KpiFigure): KpiTile {
  const def = KPI_DEFINITIONS[id];
  const health: Health = figure.value === null ? null : def.healthy(figure.value);
  return {
    id,
    label: def.label,
    figure,
    previous,
    display: formatKpiValue(id, figure.value),
    count:
      id === 'medianTimeToFirstTouch'
        ? `over ${figure.numerator} ${figure.numerator === 1 ? 'touched loop' : def.of}`
        : `${figure.numerator} of ${figure.denominator} ${def.of}`,
    target: def.target,
    health,
    state: health === null ? 'no_data' : health ? 'healthy' : 'off_target',
    delta: deltaOf(id, figure.value, previous.value),
  };
}
