/** What the dashboard page and its compute worker say to each other (same bundle, no zod needed: not a trust boundary). */
import type { DashboardFilters } from '@/lib/dashboard/filters';
import type { DashboardDetails, DashboardHead } from '@/lib/dashboard/model';
import type { DrillRow } from '@/lib/dashboard/drill';
import type { Role } from '@/lib/people/schema';

/**
 * A list of loops behind a number, kept in the worker: the page gets how many there are and a
 * reference it asks the rows for when someone opens the list. A view over 100,000 loops names tens
 * of thousands of loops many times over; copying them to the page would cost more than adding up.
 */
export interface LoopList {
  n: number;
  ref: number;
}

/** A view model as the page gets it: every list of loop ids replaced by a `LoopList`. */
export type Slim<T> = T extends readonly string[]
  ? LoopList
  : T extends readonly (infer U)[]
    ? Slim<U>[]
    : T extends object
      ? { [K in keyof T]: Slim<T[K]> }
      : T;

export type SlimHead = Slim<DashboardHead>;
export type SlimDetails = Slim<DashboardDetails>;

export type ToWorker =
  | { kind: 'view'; seq: number; filters: DashboardFilters }
  | { kind: 'drill'; seq: number; lists: LoopList[] }
  | { kind: 'csv'; seq: number; which: 'loops' | 'kpis' };

/** Where the time of a view went, in the worker (ms): the bench prints it. All 0 but `head` when the loaded facts already covered the view. */
export interface ViewTimings {
  /** bringing the stored facts up to date: loops whose events changed, folded again */
  refresh: number;
  /** computing weeks not stored yet through the loop loader (the first open after an import) */
  compute: number;
  /** reading and unpacking the stored facts */
  read: number;
  /** loops folded for this view (refreshed or computed); 0 when every fact was stored and current */
  folded: number;
  /** adding up the headline numbers for the filters */
  head: number;
  /**
   * The first view only: when the worker was created (its `performance.timeOrigin`, epoch ms), and
   * ms from then until its script had run, the request came in, and the numbers were posted.
   */
  boot?: { origin: number; evaluated: number; received: number; posted: number };
}

export interface ViewMeta {
  timeZone: string;
  me: { email: string; role: Role };
  /** loops whose facts were read for this view (the period and the one before) */
  loaded: number;
  /** the clock the KPIs were judged at */
  now: number;
  timings: ViewTimings;
}

export type FromWorker =
  /** the headline numbers of a view: painted first */
  | { kind: 'head'; seq: number; head: SlimHead; meta: ViewMeta }
  /** the rest of the same view (charts, tables), once the head is posted */
  | { kind: 'details'; seq: number; details: SlimDetails; ms: number }
  | { kind: 'drill'; seq: number; rows: DrillRow[]; total: number }
  | { kind: 'csv'; seq: number; text: string }
  | { kind: 'error'; seq: number; message: string }
  /** weeks are not stored yet: start the fill worker */
  | { kind: 'fill' }
  /** (the fill worker) every week is stored now */
  | { kind: 'filled'; folded: number };

/** The name of the second instance of the worker, which computes every week not stored yet and ends. */
export const FILL_WORKER = 'dashboard-fill';
