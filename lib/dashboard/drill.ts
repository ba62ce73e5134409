/** The rows of a drill-down list: the loops behind one number, as a person reads them. */
import type { LoopState, Route, Scale, SlaState } from '@/lib/loop';
import { slaStateAt, type LoopFacts } from './facts';
import type { Person } from '@/lib/people/schema';

export interface DrillRow {
  loopId: string;
  name: string;
  email: string;
  company: string;
  scale: Scale;
  score: number;
  route: Route;
  ownerName: string;
  respondedAt: number;
  status: LoopState['status'];
  slaState: SlaState;
  firstTouchAt?: number;
  firstTouchDueAt: number;
  reason?: string;
}

/** At most this many rows are drawn; the CSV export has every one. */
export const DRILL_LIMIT = 200;

/** The loops with these ids, latest response first, up to `limit`; `total` is how many there are. Their SLA state is as of `now`. */
export function drillRows(
  byId: ReadonlyMap<string, LoopFacts>,
  ids: readonly string[],
  people: readonly Person[],
  now: number,
  limit = DRILL_LIMIT,
): { rows: DrillRow[]; total: number } {
  const names = new Map(people.map((p) => [p.email, p.name || p.email]));
  const loops = ids.map((id) => byId.get(id)).filter((f): f is LoopFacts => f !== undefined);
  loops.sort((a, b) => b.respondedAt - a.respondedAt || (a.loopId < b.loopId ? -1 : 1));
  const rows = loops.slice(0, limit).map((f): DrillRow => ({
    loopId: f.loopId,
    name: f.name || f.email || 'Unknown contact',
    email: f.email,
    company: f.company,
    scale: f.scale,
    score: f.score,
    route: f.route,
    ownerName: f.owner === '' ? 'No owner' : (names.get(f.owner) ?? f.owner),
    respondedAt: f.respondedAt,
    status: f.status,
    slaState: slaStateAt(f, now),
    firstTouchAt: f.firstTouchAt,
    firstTouchDueAt: f.firstTouchDueAt,
    reason: f.reason,
  }));
  return { rows, total: loops.length };
}
