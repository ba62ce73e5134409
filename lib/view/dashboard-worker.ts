/**
 * The dashboard's compute, in a dedicated Web Worker: loading, folding and adding up 100,000 loops
 * never blocks the page. It reads through the one loop loader (a `period` selection covering the
 * period shown and the one before it) inside a Dexie live query, so a touch logged in a sidebar
 * shows here as it does in the queue; a filter change that stays inside the loaded span only adds
 * the numbers up again.
 */
import { liveQuery, type Subscription } from 'dexie';
import { getDb } from '@/lib/db/schema';
import { foldLoaded, loadLoops, type LoadedLoops } from '@/lib/db/loop-loader';
import { readSettings } from '@/lib/db/settings';
import { loopFacts, type LoopFacts } from '@/lib/dashboard/facts';
import { loopsCsv, kpiCsv } from '@/lib/dashboard/csv';
import { drillRows } from '@/lib/dashboard/drill';
import type { DashboardFilters } from '@/lib/dashboard/filters';
import { dashboardView, type DashboardView } from '@/lib/dashboard/model';
import { resolvePeriod, type Span } from '@/lib/dashboard/period';
import type { LoopState } from '@/lib/loop';
import type { FromWorker, ToWorker } from './dashboard-protocol';

interface Loaded {
  span: Span;
  data: LoadedLoops;
  now: number;
  facts: LoopFacts[];
  byId: Map<string, LoopState>;
  foldMs: number;
}

const post = (message: FromWorker) => (self as unknown as Worker).postMessage(message);

let loaded: Loaded | null = null;
let subscription: Subscription | null = null;
let subscribedSpan: Span | null = null;
let wanted: { seq: number; filters: DashboardFilters } | null = null;
let lastView: DashboardView | null = null;

const covers = (outer: Span, inner: Span) => outer.from <= inner.from && outer.to >= inner.to;

function show(startedAt: number) {
  if (!loaded || !wanted) return;
  const t0 = performance.now();
  const { settings, people } = loaded.data;
  const view = dashboardView({
    facts: loaded.facts,
    filters: wanted.filters,
    now: loaded.now,
    timeZone: settings.timeZone,
    me: { email: settings.myEmail, role: settings.role },
    people,
  });
  lastView = view;
  post({
    kind: 'view',
    seq: wanted.seq,
    view,
    meta: {
      timeZone: settings.timeZone,
      me: { email: settings.myEmail, role: settings.role },
      loaded: loaded.facts.length,
      now: loaded.now,
      computeMs: performance.now() - Math.min(startedAt, t0),
    },
  });
}

/** Watches the loops of `span`: every write to the store folds them again and redraws the view asked for last. */
function watch(span: Span, startedAt: number) {
  subscription?.unsubscribe();
  subscribedSpan = span;
  let first = true;
  subscription = liveQuery(() => loadLoops(getDb(), { kind: 'period', from: span.from, to: span.to })).subscribe({
    next: (data) => {
      const t0 = performance.now();
      const now = Date.now();
      const states = foldLoaded(data, now);
      const facts = loopFacts(states, now);
      loaded = { span, data, now, facts, byId: new Map(states.map((s) => [s.loopId, s])), foldMs: performance.now() - t0 };
      show(first ? startedAt : performance.now());
      first = false;
    },
    error: (e: unknown) => post({ kind: 'error', seq: wanted?.seq ?? 0, message: e instanceof Error ? e.message : String(e) }),
  });
}

async function onView(seq: number, filters: DashboardFilters) {
  const startedAt = performance.now();
  wanted = { seq, filters };
  const settings = loaded?.data.settings ?? (await readSettings(getDb()));
  const period = resolvePeriod(filters.period, Date.now(), settings.timeZone);
  const need: Span = { from: period.previous.from, to: period.to };
  if (loaded && covers(loaded.span, need)) show(startedAt);
  if (!subscribedSpan || !covers(subscribedSpan, need)) watch(need, startedAt);
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  try {
    if (m.kind === 'view') {
      onView(m.seq, m.filters).catch((err: unknown) => post({ kind: 'error', seq: m.seq, message: String(err) }));
    } else if (m.kind === 'drill') {
      const { rows, total } = loaded ? drillRows(loaded.byId, m.ids, loaded.data.people) : { rows: [], total: 0 };
      post({ kind: 'drill', seq: m.seq, rows, total });
    } else {
      const tz = loaded?.data.settings.timeZone ?? 'UTC';
      const text =
        m.which === 'kpis'
          ? kpiCsv(lastView?.tiles ?? [])
          : loopsCsv((lastView?.loopIds ?? []).map((id) => loaded!.byId.get(id)!).filter(Boolean), tz);
      post({ kind: 'csv', seq: m.seq, text });
    }
  } catch (err) {
    post({ kind: 'error', seq: m.seq, message: err instanceof Error ? err.message : String(err) });
  }
};
