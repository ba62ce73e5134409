/**
 * The dashboard's compute, in a dedicated Web Worker: nothing here blocks the page. It reads each
 * loop's stored KPI facts (lib/dashboard/fact-store.ts: a few packed rows per period, kept equal to a
 * fold of the events by the one loop loader) for the period shown and the one before it, and adds
 * them up. A filter change inside the loaded span only adds the numbers up again; the page gets the
 * headline numbers first, the charts' numbers right after, and never a list of loop ids: each number
 * carries a reference the page asks the rows for when someone opens it (see `LoopList`). The facts
 * keep times, not verdicts, so each view judges them at its own "now".
 *
 * The first open after an import (nothing stored yet) computes the weeks it needs through the loader
 * and stores them; the page then starts a second instance of this worker (`FILL_WORKER`) to compute
 * every other week, so a later period change reads stored facts too.
 *
 * A write anywhere in the extension (a touch logged in a sidebar, an import, a team pull) reaches
 * this worker as Dexie's `storagemutated` broadcast; when it changed the events, the team directory,
 * the settings, the policy or the revenue threshold, the facts are brought up to date (only the
 * loops appendEvents marked, and their contacts' other loops) and the view redrawn, as the queue does.
 */
import Dexie from 'dexie';
import { getDb } from '@/lib/db/schema';
import { readPolicy, readSettings } from '@/lib/db/settings';
import { readRevenueThreshold } from '@/lib/db/contact-context';
import { FactKeeper, type FoldInputs, type KeepTimings } from '@/lib/dashboard/fact-store';
import type { LoopFacts } from '@/lib/dashboard/facts';
import { loopsCsv, kpiCsv } from '@/lib/dashboard/csv';
import { drillRows } from '@/lib/dashboard/drill';
import type { DashboardFilters } from '@/lib/dashboard/filters';
import { viewDetails, viewHead, type DashboardHead } from '@/lib/dashboard/model';
import { resolvePeriod, type Span } from '@/lib/dashboard/period';
import { FILL_WORKER, type FromWorker, type LoopList, type SlimDetails, type SlimHead, type ToWorker } from './dashboard-protocol';

interface Loaded {
  span: Span;
  inputs: FoldInputs;
  facts: LoopFacts[];
  byId: Map<string, LoopFacts>;
  incomplete: boolean;
  timings: KeepTimings;
}

/** when this script had run (the bundle fetched, parsed and its imports evaluated), for the bench */
const evaluatedAt = performance.now();
let firstRequestAt: number | null = null;
let booted = false;

const post = (message: FromWorker) => (self as unknown as Worker).postMessage(message);

let loaded: Loaded | null = null;
/** the load under way, and the span it reads */
let loading: { span: Span; done: Promise<Loaded> } | null = null;
/** the store changed since `loaded` was read */
let stale = false;
let wanted: { seq: number; filters: DashboardFilters } | null = null;
let shown: { head: DashboardHead; now: number } | null = null;
/** the page was asked once to fill the weeks not stored yet */
let fillAsked = false;

const covers = (outer: Span, inner: Span) => outer.from <= inner.from && outer.to >= inner.to;

const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
/** The worker bundle's hashed name: facts folded by another build are never read (see basisOf). */
const keeper = new FactKeeper(getDb(), { build: self.location.pathname, between: nextTurn });

async function load(span: Span): Promise<Loaded> {
  const read = await keeper.read(span);
  const facts = read.facts.filter((f) => f.respondedAt >= span.from && f.respondedAt < span.to);
  return {
    span,
    inputs: read.inputs,
    facts,
    byId: new Map(facts.map((f) => [f.loopId, f])),
    incomplete: read.incomplete,
    timings: read.timings,
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
  const { settings, people } = l.inputs;
  const me = { email: settings.myEmail, role: settings.role };
  const now = Date.now();
  const t0 = performance.now();
  const view = viewHead({ facts: l.facts, filters: request.filters, now, timeZone: settings.timeZone, me, people });
  const headMs = performance.now() - t0;
  shown = { head: view.head, now };
  keepListsFor(request.seq);
  const first = !booted;
  const kept = loadedNow ? l.timings : { refresh: 0, compute: 0, read: 0, folded: 0 };
  post({
    kind: 'head',
    seq: request.seq,
    head: slim(view.head) as SlimHead,
    meta: {
      timeZone: settings.timeZone,
      me,
      loaded: l.facts.length,
      now,
      timings: {
        ...kept,
        head: headMs,
        ...(!first
          ? {}
          : {
              boot: { origin: performance.timeOrigin, evaluated: evaluatedAt, received: firstRequestAt ?? 0, posted: performance.now() },
            }),
      },
    },
  });
  booted = true;
  // The charts after the tiles, unless a newer request came in meanwhile (its head goes first).
  setTimeout(() => {
    if (wanted?.seq !== request.seq) return;
    const t1 = performance.now();
    const details = viewDetails(view);
    post({ kind: 'details', seq: request.seq, details: slim(details) as SlimDetails, ms: performance.now() - t1 });
    if (l.incomplete && !fillAsked) {
      fillAsked = true;
      post({ kind: 'fill' });
    }
  }, 0);
}

async function showWanted() {
  const request = wanted;
  if (!request) return;
  const settings = loaded?.inputs.settings ?? (await readSettings(getDb()));
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
  return JSON.stringify(now) !== JSON.stringify([l.inputs.policy, l.inputs.settings, l.inputs.revenueThreshold]);
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

function answer(m: ToWorker) {
  if (m.kind === 'view') {
    firstRequestAt ??= performance.now();
    wanted = { seq: m.seq, filters: m.filters };
    showWanted().catch((err: unknown) => fail(m.seq, err));
  } else if (m.kind === 'drill') {
    const ids = m.lists.flatMap(idsOf);
    const { rows, total } = loaded ? drillRows(loaded.byId, ids, loaded.inputs.people, shown?.now ?? Date.now()) : { rows: [], total: 0 };
    post({ kind: 'drill', seq: m.seq, rows, total });
  } else {
    const tz = loaded?.inputs.settings.timeZone ?? 'UTC';
    const text =
      m.which === 'kpis'
        ? kpiCsv(shown?.head.tiles ?? [])
        : loopsCsv(
            (shown?.head.loopIds ?? []).map((id) => loaded?.byId.get(id)).filter((f): f is LoopFacts => f !== undefined),
            tz,
            shown?.now ?? Date.now(),
          );
    post({ kind: 'csv', seq: m.seq, text });
  }
}

if (self.name === FILL_WORKER) {
  // The second instance: compute every week not stored yet, say so, and end.
  new FactKeeper(getDb(), { build: self.location.pathname })
    .fill()
    .then((folded) => post({ kind: 'filled', folded }))
    .catch((err: unknown) => post({ kind: 'error', seq: 0, message: err instanceof Error ? err.message : String(err) }))
    .finally(() => self.close());
} else {
  // Open the store now: the page's first request comes once its own bundle has loaded.
  getDb()
    .open()
    .catch(() => undefined); // the first read reports it
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
    try {
      answer(e.data);
    } catch (err) {
      fail(e.data.seq, err);
    }
  };
}
