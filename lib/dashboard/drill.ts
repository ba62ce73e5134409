/** The rows of a drill-down list: the loops behind one number, as a person reads them. */
import type { LoopState, Route, Scale, SlaState } from '@/lib/loop';
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

/** The loops with these ids, latest response first, up to `limit`; `total` is how many there are. */
export function drillRows(
  byId: ReadonlyMap<string, LoopState>,
  ids: readonly string[],
  people: readonly Person[],
  limit = DRILL_LIMIT,
): { rows: DrillRow[]; total: number } {
  const names = new Map(people.map((p) => [p.email, p.name || p.email]));
  const states = ids.map((id) => byId.get(id)).filter((s): s is LoopState => s !== undefined);
  states.sort((a, b) => b.response.respondedAt - a.response.respondedAt || (a.loopId < b.loopId ? -1 : 1));
  const rows = states.slice(0, limit).map((s): DrillRow => {
    const owner = (s.ownerEmail ?? '').trim().toLowerCase();
    return {
      loopId: s.loopId,
      name: s.response.name || s.response.email || 'Unknown contact',
      email: s.response.email ?? '',
      company: s.response.company ?? '',
      scale: s.response.scale,
      score: s.response.score,
      route: s.route,
      ownerName: owner === '' ? 'No owner' : (names.get(owner) ?? owner),
      respondedAt: s.response.respondedAt,
      status: s.status,
      slaState: s.sla.state,
      firstTouchAt: s.firstTouchAt,
      firstTouchDueAt: s.firstTouchDueAt,
      reason: s.reason,
    };
  });
  return { rows, total: states.length };
}
