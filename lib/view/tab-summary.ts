import type { LoopState, Route } from '@/lib/loop';
import { ROUTE_LABEL, SLA_STATE_LABEL } from '@/lib/labels';

/** A shape per route beside its colour, so the slim tab never rests on colour alone. */
export const ROUTE_SHAPE: Record<Route, string> = { recovery: '▼', improvement: '◆', advocacy: '▲' };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A span in the fewest words that still tell urgency apart: "25 min", "7 h", "3 d". */
export function shortSpan(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < HOUR) return `${Math.max(1, Math.floor(abs / MINUTE))} min`;
  if (abs < 2 * DAY) return `${Math.floor(abs / HOUR)} h`;
  return `${Math.floor(abs / DAY)} d`;
}

/** A countdown short enough for a 44 px tab, still ticking by the minute: "2 h 05 min", "14 min". */
export function shortCountdown(ms: number): string {
  const abs = Math.max(0, ms);
  if (abs >= 2 * DAY) return `${Math.floor(abs / DAY)} d ${Math.floor((abs % DAY) / HOUR)} h`;
  const h = Math.floor(abs / HOUR);
  const m = Math.floor((abs % HOUR) / MINUTE);
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min`;
}

export interface TabSummary {
  route: Route | null;
  shape: string;
  /** what the tab says: "Breached 7 h", "2 h 05 min left", "First touch met", "No feedback" */
  text: string;
  /** the tab button's accessible name: everything it shows, and what it does */
  label: string;
}

/** What the collapsed sidebar shows for the record's latest loop at `now`. */
export function tabSummary(latest: LoopState | undefined, now: number): TabSummary {
  if (!latest) return { route: null, shape: '', text: 'No feedback', label: 'Loopside: no feedback for this record. Expand the sidebar' };
  const left = latest.sla.dueAt - now;
  const untouchedOpen = latest.status === 'open' && latest.firstTouchAt === undefined;
  const text = !untouchedOpen
    ? SLA_STATE_LABEL[latest.sla.state]
    : left < 0
      ? `Breached ${shortSpan(left)}`
      : `${shortCountdown(left)} left`;
  const route = ROUTE_LABEL[latest.route];
  return {
    route: latest.route,
    shape: ROUTE_SHAPE[latest.route],
    text,
    label: `Loopside: ${route}, score ${latest.response.score}, ${text}. Expand the sidebar`,
  };
}
