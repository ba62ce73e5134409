/**
 * The dashboard's compute, in a dedicated Web Worker: loading, folding and adding up 100,000 loops
 * never blocks the page. It reads the store itself (IndexedDB works in an extension page's workers)
 * through the one loop loader — a `period` selection covering the period shown and the one before
 * it — folds each loop once and keeps its KPI facts here. A filter change inside the loaded span
 * only adds the numbers up again; the page gets the headline numbers first, the charts' numbers
 * right after, and never a list of loop ids: each number carries a reference the page asks the
 * rows for when someone opens it (see `LoopList`).
 *
 * A write anywhere in the extension (a touch logged in a sidebar, an import, a team pull) reaches
 * this worker as Dexie's `storagemutated` broadcast; when it changed the events, the team directory,
 * the settings, the policy or the revenue threshold, the span is read and folded again and the view
 * redrawn, as the queue does. The scan's bookkeeping on the loop rows reads nothing again.
 */
import Dexie from 'dexie';
import { getDb } from '@/lib/db/schema';
import { foldLoaded, loadLoops, type LoadedLoops } from '@/lib/db/loop-loader';
import { readPolicy, readSettings } from '@/lib/db/settings';
import { readRevenueThreshold } from '@/lib/db/contact-context';
import { loopFacts, type LoopFacts } from '@/lib/dashboard/facts';
import { loopsCsv, kpiCsv } from '@/lib/dashboard/csv';
import { drillRows } from '@/lib/dashboard/drill';
import type { DashboardFilters } from '@/lib/dashboard/filters';
import { viewDetails, viewHead, type DashboardHead } from '@/lib/dashboard/model';
import { resolvePeriod, type Span } from '@/lib/dashboard/period';
import type { LoopState } from '@/lib/loop';
import type { FromWorker, LoopList, SlimDetails, SlimHead, ToWorker, ViewTimings } from './dashboard-protocol';

interface Loaded {
  span: Span;
  data: LoadedLoops;
  now: number;
  facts: LoopFacts[];
  byId: Map<string, LoopState>;
  timings: Pick<ViewTimings, 'load' | 'fold' | 'facts'>;
}

const post = (message: FromWorker) => (self as unknown as Worker).postMessage(message);

let loaded: Loaded | null = null;
/** the load under way, and the span it reads */
let loading: { span: Span; done: Promise<Loaded> } | null = null;
/** the store changed since `loaded` was read */
let stale = false;
let wanted: { seq: number; filters: DashboardFilters } | null = null;
let shownHead: DashboardHead | null = null;

const covers = (outer: Span, inner: Span) => outer.from <= inner.from && outer.to >= inner.to;

/** Loops folded per slice: between slices the worker reads its messages, so a filter change is not kept waiting. */
const FOLD_SLICE = 2_000;
const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function load(span: Span): Promise<Loaded> {
  const t0 = performance.now();
  const data = await loadLoops(getDb(), { kind: 'period', from: span.from, to: span.to });
  const t1 = performance.now();
  const now = Date.now();
  const states: LoopState[] = [];
  for (let i = 0; i < data.loops.length; i += FOLD_SLICE) {
    if (i > 0) await nextTurn();
    // The loader's own fold, a slice at a time: each loop folds the same whatever the slice.
    states.push(...foldLoaded({ ...data, loops: data.loops.slice(i, i + FOLD_SLICE) }, now));
  }
  const t2 = performance.now();
  const facts = loopFacts(states, now);
  const t3 = performance.now();
  return {
    span,
    data,
    now,
    facts,
    byId: new Map(states.map((s) => [s.loopId, s])),
    timings: { load: t1 - t0, fold: t2 - t1, facts: t3 - t2 },
  };
}

/** The loaded loops covering `span`, read again when the store changed since. */
function ensureLoaded(span: Span): Promise<Loaded> {
  if (loaded && !stale && covers(loaded.span, span)) return Promise.resolve(loaded);
  if (loading && covers(loading.span, span)) return loading.done;
  stale = false;
  const current = {
    span,
    done: load(span).then((l) => {
      // A load started after this one (the store changed meanwhile) has the newer numbers.
      if (loading === current) {
        loading = null;
        loaded = l;
      }
      return loaded && loaded !== l && covers(loaded.span, span) ? loaded : l;
    }),
  };
  current.done.catch(() => {
    if (loading === current) loading = null;
  });
  loading = current;
  return current.done;
}

// ── lists of loop ids, kept here and named to the page by reference ──

/** Arrays in a view model that hold objects, not loop ids. */
const OBJECT_ARRAYS = new Set(['ownerChoices', 'teamChoices', 'tiles', 'weeks', 'byOwner', 'funnel', 'themes']);
let nextRef = 1;
/** the lists of the views posted for the last two requests: a list opened from a view just replaced still answers */
let lists = new Map<number, string[]>();
let olderLists = new Map<number, string[]>();
let listsSeq = 0;

function slim(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) {
    if (OBJECT_ARRAYS.has(key)) return value.map((v) => slim(v));
    const ref = nextRef++;
    lists.set(ref, value as string[]);
    return { n: value.length, ref } satisfies LoopList;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, slim(v, k)]));
  }
  return value;
}

function keepListsFor(seq: number) {
  if (seq === listsSeq) return;
  olderLists = lists;
  lists = new Map();
  listsSeq = seq;
}

const idsOf = (list: LoopList) => lists.get(list.ref) ?? olderLists.get(list.ref) ?? [];

// ── views ──

function show(l: Loaded, request: { seq: number; filters: DashboardFilters }, loadedNow: boolean) {
  const { settings, people } = l.data;
  const me = { email: settings.myEmail, role: settings.role };
  const t0 = performance.now();
  const shown = viewHead({ facts: l.facts, filters: request.filters, now: l.now, timeZone: settings.timeZone, me, people });
  const headMs = performance.now() - t0;
  shownHead = shown.head;
  keepListsFor(request.seq);
  post({
    kind: 'head',
    seq: request.seq,
    head: slim(shown.head) as SlimHead,
    meta: {
      timeZone: settings.timeZone,
      me,
      loaded: l.facts.length,
      now: l.now,
      timings: loadedNow ? { ...l.timings, head: headMs } : { load: 0, fold: 0, facts: 0, head: headMs },
    },
  });
  // The charts after the tiles, unless a newer request came in meanwhile (its head goes first).
  setTimeout(() => {
    if (wanted?.seq !== request.seq) return;
    const t1 = performance.now();
    const details = viewDetails(shown);
    post({ kind: 'details', seq: request.seq, details: slim(details) as SlimDetails, ms: performance.now() - t1 });
  }, 0);
}

async function showWanted() {
  const request = wanted;
  if (!request) return;
  const settings = loaded?.data.settings ?? (await readSettings(getDb()));
  const period = resolvePeriod(request.filters.period, Date.now(), settings.timeZone);
  const need: Span = { from: period.previous.from, to: period.to };
  const ready = loaded && !stale && covers(loaded.span, need);
  const l = await ensureLoaded(need);
  // A newer request came while the store was read: it shows instead of this one.
  if (wanted !== request) return;
  show(l, request, !ready);
}

function fail(seq: number, err: unknown) {
  post({ kind: 'error', seq, message: err instanceof Error ? err.message : String(err) });
}

// ── live updates ──

/** Tables whose writes change a number here: the loop rows are only a projection of the events. */
const part = (table: string) => `idb://${getDb().name}/${table}/`;
const CHANGES_FOLDS = [part('events'), part('people')];
/** `kv` also holds sync cursors and status written on every pull: only its engine inputs matter. */
const KV = part('kv');
let refresh: ReturnType<typeof setTimeout> | null = null;

/** Whether the settings, policy or revenue threshold the loaded loops were folded with changed. */
async function inputsChanged(l: Loaded): Promise<boolean> {
  const db = getDb();
  const now = await Promise.all([readPolicy(db), readSettings(db), readRevenueThreshold(db)]);
  return JSON.stringify(now) !== JSON.stringify([l.data.policy, l.data.settings, l.data.revenueThreshold]);
}

function reloadSoon() {
  stale = true;
  loading = null;
  // One re-read for a burst of writes (an import writes in batches).
  if (refresh) clearTimeout(refresh);
  refresh = setTimeout(() => {
    refresh = null;
    if (wanted) showWanted().catch((err: unknown) => fail(wanted?.seq ?? 0, err));
  }, 250);
}

Dexie.on('storagemutated', (parts: Record<string, unknown>) => {
  const changed = Object.keys(parts);
  if (changed.some((p) => CHANGES_FOLDS.some((w) => p.startsWith(w)))) reloadSoon();
  else if (loaded && changed.some((p) => p.startsWith(KV))) {
    const l = loaded;
    inputsChanged(l)
      .then((yes) => {
        if (yes && loaded === l) reloadSoon();
      })
      .catch((err: unknown) => fail(wanted?.seq ?? 0, err));
  }
});

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  try {
    if (m.kind === 'view') {
      wanted = { seq: m.seq, filters: m.filters };
      showWanted().catch((err: unknown) => fail(m.seq, err));
    } else if (m.kind === 'drill') {
      const ids = m.lists.flatMap(idsOf);
      const { rows, total } = loaded ? drillRows(loaded.byId, ids, loaded.data.people) : { rows: [], total: 0 };
      post({ kind: 'drill', seq: m.seq, rows, total });
    } else {
      const tz = loaded?.data.settings.timeZone ?? 'UTC';
      const text =
        m.which === 'kpis'
          ? kpiCsv(shownHead?.tiles ?? [])
          : loopsCsv(
              (shownHead?.loopIds ?? []).map((id) => loaded?.byId.get(id)).filter((s): s is LoopState => s !== undefined),
              tz,
            );
      post({ kind: 'csv', seq: m.seq, text });
    }
  } catch (err) {
    fail(m.seq, err);
  }
};
