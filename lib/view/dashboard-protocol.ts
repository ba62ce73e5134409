/** What the dashboard page and its compute worker say to each other (same bundle, no zod needed: not a trust boundary). */
import type { DashboardFilters } from '@/lib/dashboard/filters';
import type { DashboardView } from '@/lib/dashboard/model';
import type { DrillRow } from '@/lib/dashboard/drill';
import type { Role } from '@/lib/people/schema';

export type ToWorker =
  | { kind: 'view'; seq: number; filters: DashboardFilters }
  | { kind: 'drill'; seq: number; ids: string[] }
  | { kind: 'csv'; seq: number; which: 'loops' | 'kpis' };

export interface ViewMeta {
  timeZone: string;
  me: { email: string; role: Role };
  /** loops folded for this view (the period and the one before) */
  loaded: number;
  /** the clock the KPIs were judged at */
  now: number;
  /** time spent loading + folding + computing, for the bench */
  computeMs: number;
}

export type FromWorker =
  | { kind: 'view'; seq: number; view: DashboardView; meta: ViewMeta }
  | { kind: 'drill'; seq: number; rows: DrillRow[]; total: number }
  | { kind: 'csv'; seq: number; text: string }
  | { kind: 'error'; seq: number; message: string };
