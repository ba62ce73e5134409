/**
 * The dashboard's stored KPI facts (Dexie v9, `dashboardFacts`), kept equal to what folding the
 * events gives, so opening the dashboard reads a few packed rows instead of ~100,000 events.
 *
 * Layout: one row per week of responses (`w:<epoch week>`), each loop's facts packed in columns (a
 * Float64Array of the numbers, an array of the strings: a handful of values to clone, not one object
 * per loop), and a `meta` row: what the facts were folded with (`basis`), whether every week is in
 * (`complete`: a missing week is then an empty one), and the prune run they agree with.
 *
 * Keeping them current:
 * - appendEvents marks the loops it changes (`factsDirty`, one row per append, in the same
 *   transaction). `refresh` folds the marked loops again, with every other loop of the same contact
 *   (their repeat-low-score and ask-window facts read this one's events), writes them into their
 *   weeks, and takes them out of the marker rows it read — unless a loop it covers lives in a week
 *   not stored yet (a computation of that week may have read the events before the change). A
 *   change meanwhile wrote a row of its own, which stays.
 * - Everything is dropped when the policy, the business zone, the team directory's calendars, the
 *   revenue threshold or the build changes (the `basis`), and a daily prune's removals are found by
 *   comparing loop ids.
 * - `keepUp` does the long work, in the background (lib/worker/dashboard-refresh.ts starts it in an
 *   offscreen document's worker after an import, a pull, a policy or calendar change or an update)
 *   or in the page's fill worker: it folds a large burst of marked loops again (dropping everything
 *   past `KEEP_REFRESH_AT_MOST`), and fills dropped facts newest week first, a slice at a time,
 *   saying after each slice how far it is (`progress`).
 *   A page read never does that work itself: it refreshes a few marked loops, and otherwise reads
 *   what is stored and says what is not counted yet (`updating`), never a silent wrong number.
 * Writers take one Web Lock (`navigator.locks`), each write a short hold, so two dashboard tabs and
 * the background never write over each other; one more lock lets only one `keepUp` run at a time.
 */
import { foldLoaded, loadLoops, type LoadedLoop, type LoadedLoops } from '@/lib/db/loop-loader';
import { readRevenueThreshold } from '@/lib/db/contact-context';
import { readPolicy, readSettings } from '@/lib/db/settings';
import type { FactsDirtyRow, LoopsideDb } from '@/lib/db/schema';
import { sameContact } from '@/lib/crm/match';
import type { Person } from '@/lib/people/schema';
import type { Policy, Route, Scale } from '@/lib/loop';
import type { Settings } from '@/lib/settings/schema';
import { contactKeys, factsOf, identity, type LoopFacts } from './facts';
import type { Span } from './period';

/** Bumped whenever the packed layout or what a fact means changes: every store then recomputes. */
export const FACTS_FORMAT = 2;

const WEEK = 7 * 24 * 3_600_000;
/** A loop's week: whole weeks since the epoch, by its response time (any fixed bucketing does). */
export const weekOf = (respondedAt: number): number => Math.floor(respondedAt / WEEK);
const weekKey = (week: number) => `w:${week}`;
const META = 'meta';
const PRUNED_AT_KEY = 'prune/last';

/** How many loops the marker rows name (a row per append: an import batch names thousands). */
const markedCount = async (db: LoopsideDb) => new Set((await db.factsDirty.toArray()).flatMap((m) => m.loopIds)).size;

/** Past this many marked loops a page leaves the refresh to `keepUp` and says the numbers are updating. */
export const REFRESH_AT_MOST = 2_000;
/** `keepUp` folds marked loops again up to this many; past it, computing everything again is cheaper. */
export const KEEP_REFRESH_AT_MOST = 20_000;
/** Loops folded per slice of a fill: each slice's write is a short lock hold. */
const SLICE = 2_000;

// ── packing ──

const ROUTES: readonly Route[] = ['recovery', 'improvement', 'advocacy'];
const STATUSES: readonly LoopFacts['status'][] = ['open', 'resolved', 'escalated', 'churned', 'no_response'];
const SCALES: readonly Scale[] = ['nps', 'csat', 'ces'];
const CRMS: readonly LoopFacts['crm'][] = ['hubspot', 'salesforce', 'none'];

const NUMBERS = [
  'respondedAt',
  'firstTouchDueAt',
  'firstTouchAt',
  'resolutionDueAt',
  'nearBreachAt',
  'ladderAt',
  'askDeadline',
  'score',
  'accountRevenue',
] as const;
const STRINGS = ['loopId', 'ownerEmail', 'name', 'email', 'company', 'hubspotId', 'salesforceId', 'reason'] as const;
/** the numbers, then one more column of small codes and flags */
const WIDTH = NUMBERS.length + 1;

export interface PackedWeek {
  n: number;
  /** WIDTH numbers per loop; NaN where a fact is absent */
  num: Float64Array;
  /** STRINGS.length strings per loop; null where absent */
  str: (string | null)[];
}

export function packWeek(facts: readonly LoopFacts[]): PackedWeek {
  const num = new Float64Array(facts.length * WIDTH);
  const str: (string | null)[] = new Array<string | null>(facts.length * STRINGS.length);
  facts.forEach((f, i) => {
    let o = i * WIDTH;
    for (const k of NUMBERS) num[o++] = f[k] ?? Number.NaN;
    num[o] =
      ROUTES.indexOf(f.route) |
      (STATUSES.indexOf(f.status) << 2) |
      (SCALES.indexOf(f.scale) << 5) |
      (CRMS.indexOf(f.crm) << 7) |
      (f.followedUp ? 1 << 9 : 0) |
      (f.escalated ? 1 << 10 : 0) |
      (f.askedInWindow ? 1 << 11 : 0);
    let s = i * STRINGS.length;
    for (const k of STRINGS) str[s++] = f[k] ?? null;
  });
  return { n: facts.length, num, str };
}

export function unpackWeek(p: PackedWeek): LoopFacts[] {
  const out = new Array<LoopFacts>(p.n);
  for (let i = 0; i < p.n; i++) {
    const o = i * WIDTH;
    const s = i * STRINGS.length;
    const bits = p.num[o + NUMBERS.length]!;
    const ownerEmail = p.str[s + 1]!;
    const f: LoopFacts = {
      loopId: p.str[s]!,
      ownerEmail,
      owner: ownerEmail.trim().toLowerCase(),
      crm: CRMS[(bits >> 7) & 3]!,
      route: ROUTES[bits & 3]!,
      status: STATUSES[(bits >> 2) & 7]!,
      scale: SCALES[(bits >> 5) & 3]!,
      score: p.num[o + 7]!,
      respondedAt: p.num[o]!,
      firstTouchDueAt: p.num[o + 1]!,
      nearBreachAt: p.num[o + 4]!,
      followedUp: (bits & (1 << 9)) !== 0,
      escalated: (bits & (1 << 10)) !== 0,
      askedInWindow: (bits & (1 << 11)) !== 0,
      name: p.str[s + 2]!,
      email: p.str[s + 3]!,
      company: p.str[s + 4]!,
      hubspotId: p.str[s + 5]!,
      salesforceId: p.str[s + 6]!,
    };
    const optional = (at: number) => {
      const v = p.num[o + at]!;
      return Number.isNaN(v) ? undefined : v;
    };
    const firstTouchAt = optional(2);
    if (firstTouchAt !== undefined) f.firstTouchAt = firstTouchAt;
    const resolutionDueAt = optional(3);
    if (resolutionDueAt !== undefined) f.resolutionDueAt = resolutionDueAt;
    const ladderAt = optional(5);
    if (ladderAt !== undefined) f.ladderAt = ladderAt;
    const askDeadline = optional(6);
    if (askDeadline !== undefined) f.askDeadline = askDeadline;
    const accountRevenue = optional(8);
    if (accountRevenue !== undefined) f.accountRevenue = accountRevenue;
    const reason = p.str[s + 7];
    if (reason !== null && reason !== undefined) f.reason = reason;
    out[i] = f;
  }
  return out;
}

// ── what the facts were folded with ──

/** Everything besides the events that a fold reads: the loop loader's inputs. */
export interface FoldInputs {
  policy: Policy;
  settings: Settings;
  people: Person[];
  revenueThreshold: number | null;
}

export async function readFoldInputs(db: LoopsideDb): Promise<FoldInputs> {
  const [policy, settings, people, revenueThreshold] = await Promise.all([
    readPolicy(db),
    readSettings(db),
    db.people.toArray(),
    readRevenueThreshold(db),
  ]);
  return { policy, settings, people, revenueThreshold };
}

/**
 * What a fold depends on besides events, as one string: the policy, the business zone, each
 * owner's calendar in the directory, the revenue threshold, and the code (`build`: the worker
 * bundle's hashed name, so a new engine never reads facts an old one folded).
 */
export function basisOf(inputs: FoldInputs, build: string): string {
  return JSON.stringify([FACTS_FORMAT, build, inputsBasisOf(inputs)]);
}

/** The basis without the code: what the background compares (it cannot know the page worker's build). */
export function inputsBasisOf(inputs: FoldInputs): string {
  const calendars = inputs.people
    .map((p) => [p.email.toLowerCase(), p.timeZone, p.workdays, p.workStart, p.workEnd] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return JSON.stringify([inputs.policy, inputs.settings.timeZone, calendars, inputs.revenueThreshold]);
}

/** How far a fill of the current basis is: loops folded, of the loops in the store when it began. */
export interface FillProgress {
  done: number;
  total: number;
}

interface Meta {
  basis: string;
  /** `inputsBasisOf` the inputs of `basis` */
  inputs: string;
  /** every week with a loop has its row */
  complete: boolean;
  /** while a fill runs (newest week first): every week from this one on is stored, an absent row an empty week */
  filledFrom: number | null;
  progress: FillProgress | null;
  /** the prune run (`prune/last`) whose removals the facts already reflect */
  prunedAt: unknown;
}

const isMeta = (v: unknown): v is Meta =>
  typeof v === 'object' && v !== null && typeof (v as Meta).basis === 'string' && typeof (v as Meta).inputs === 'string';

/** Whether a week's facts are stored (an absent row then means no loop responded that week). */
const weekStored = (meta: Meta, week: number) => meta.complete || (meta.filledFrom !== null && week >= meta.filledFrom);

// ── the keeper ──

/** How the facts were brought up to date for a read, for the bench and the status line. */
export interface KeepTimings {
  /** folding marked loops again (ms) */
  refresh: number;
  /** reading and unpacking the stored weeks (ms) */
  read: number;
  /** loops folded again */
  folded: number;
}

/** What a read's numbers do not count yet: shown as "updating, done of total loops", never silently. */
export interface Updating {
  /** loops whose facts are stored and current */
  done: number;
  /** loops in the store */
  total: number;
  /** weeks of the span whose facts are not stored yet */
  missingWeeks: number;
  /** loops whose events changed and whose facts are not folded again yet */
  marked: number;
}

export interface FactsRead {
  inputs: FoldInputs;
  /** every loop responded to in the weeks covering the span (every stored week for `null`) */
  facts: LoopFacts[];
  /** null when every fact read is stored and current */
  updating: Updating | null;
  /** `keepUp` has work left (a fill, or marked loops a page leaves to it) */
  needsKeeping: boolean;
  timings: KeepTimings;
}

const LOCK = 'loopside-dashboard-facts';
const KEEP_LOCK = 'loopside-dashboard-keep';

const lockManager = () => (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;

/** Runs `task` holding the dashboard facts' write lock (where Web Locks exist: pages, workers, the service worker). */
function locked<T>(task: () => Promise<T>): Promise<T> {
  const locks = lockManager();
  return locks ? (locks.request(LOCK, task) as Promise<T>) : task();
}

/** Runs `task` unless another `keepUp` is running (then `idle`): two would only do the same work twice. */
function alone<T>(task: () => Promise<T>, idle: T): Promise<T> {
  const locks = lockManager();
  return locks ? (locks.request(KEEP_LOCK, { ifAvailable: true }, (lock) => (lock ? task() : idle)) as Promise<T>) : task();
}

function byWeek(facts: readonly LoopFacts[]): Map<number, LoopFacts[]> {
  const weeks = new Map<number, LoopFacts[]>();
  for (const f of facts) {
    const w = weekOf(f.respondedAt);
    const list = weeks.get(w);
    if (list) list.push(f);
    else weeks.set(w, [f]);
  }
  return weeks;
}

const weeksOf = (span: Span): number[] => {
  const out: number[] = [];
  if (!(span.from < span.to)) return out;
  for (let w = weekOf(span.from); w <= weekOf(span.to - 1); w++) out.push(w);
  return out;
};

/** Folds the loaded loops (any `now`: the facts keep times, not verdicts), a slice at a time. */
async function foldFacts(data: LoadedLoops, between: () => Promise<void>, slice = SLICE): Promise<LoopFacts[]> {
  const now = Date.now();
  const out: LoopFacts[] = [];
  for (let i = 0; i < data.loops.length; i += slice) {
    if (i > 0) await between();
    for (const s of foldLoaded({ ...data, loops: data.loops.slice(i, i + slice) }, now)) out.push(factsOf(s, data.policy));
  }
  return out;
}

const respondedAtOf = (loop: LoadedLoop): number => {
  for (const e of loop.events) if (e.type === 'received') return e.response.respondedAt;
  return 0;
};

const noPause = () => Promise.resolve();

interface Basis {
  basis: string;
  inputs: string;
}

interface StoreState {
  meta: Meta | null;
  marked: number;
  prunedAt: unknown;
}

async function storeState(db: LoopsideDb): Promise<StoreState> {
  const [metaRow, marked, prunedAt] = await db.transaction('r', [db.dashboardFacts, db.factsDirty, db.kv], async () =>
    Promise.all([db.dashboardFacts.get(META), markedCount(db), db.kv.get(PRUNED_AT_KEY).then((r) => r?.value ?? null)]),
  );
  return { meta: isMeta(metaRow?.value) ? metaRow.value : null, marked, prunedAt };
}

const samePrune = (meta: Meta, prunedAt: unknown) => JSON.stringify(prunedAt) === JSON.stringify(meta.prunedAt);

/**
 * For the background (which cannot know the page worker's build): whether `keepUp` has work that a
 * page opened now would show as "updating" or spend its first second on — facts dropped or still
 * filling, inputs changed since they were folded, a prune not reflected, or `markedAtLeast` loops marked.
 */
export async function factsNeedKeeping(db: LoopsideDb, markedAtLeast: number): Promise<boolean> {
  const [state, inputs] = await Promise.all([storeState(db), readFoldInputs(db)]);
  const { meta } = state;
  if (!meta || !meta.complete || meta.inputs !== inputsBasisOf(inputs) || !samePrune(meta, state.prunedAt)) return true;
  return state.marked >= markedAtLeast;
}

export interface FactKeeperOptions {
  /** the code's identity (see basisOf) */
  build: string;
  /** called between fold slices: a worker answers its messages there */
  between?: () => Promise<void>;
  /** REFRESH_AT_MOST unless given: a page read folds at most this many marked loops itself */
  refreshAtMost?: number;
  /** KEEP_REFRESH_AT_MOST unless given: past it `keepUp` computes everything again */
  keepRefreshAtMost?: number;
  /** loops per fold slice, 2,000 unless given */
  slice?: number;
}

/**
 * Reads the stored facts of a span, refreshing a few marked loops first (`read`, for a page), and
 * does the long work (`keepUp`, for the background or a fill worker). Several may share a store.
 */
export class FactKeeper {
  private readonly between: () => Promise<void>;
  private readonly slice: number;
  constructor(
    private readonly db: LoopsideDb,
    private readonly opts: FactKeeperOptions,
  ) {
    this.between = opts.between ?? noPause;
    this.slice = opts.slice ?? SLICE;
  }

  private basisFor(inputs: FoldInputs): Basis {
    return { basis: basisOf(inputs, this.opts.build), inputs: inputsBasisOf(inputs) };
  }

  /**
   * The stored facts of every loop responded to in the weeks covering `span` (every stored week for
   * null), after folding again the few loops marked since; what is not counted yet is in `updating`.
   */
  async read(span: Span | null): Promise<FactsRead> {
    const db = this.db;
    const timings: KeepTimings = { refresh: 0, read: 0, folded: 0 };
    const inputs = await readFoldInputs(db);
    const basis = this.basisFor(inputs);
    const t0 = performance.now();
    const { meta, marked, deferred } = await this.current(basis, timings);
    timings.refresh = performance.now() - t0;
    const t1 = performance.now();
    let missingWeeks: number;
    let rows: (DashboardWeekRow | undefined)[];
    if (span) {
      const weeks = weeksOf(span);
      rows = (await db.dashboardFacts.bulkGet(weeks.map(weekKey))) as (DashboardWeekRow | undefined)[];
      missingWeeks = weeks.filter((w, i) => rows[i] === undefined && !weekStored(meta, w)).length;
    } else {
      rows = (await db.dashboardFacts.where('key').startsWith('w:').toArray()) as DashboardWeekRow[];
      missingWeeks = meta.complete ? 0 : 1;
    }
    const facts: LoopFacts[] = [];
    for (let i = 0; i < rows.length; i++) {
      // Every week (a page's read after its first view): a turn between weeks for the page's requests.
      if (!span && i % 4 === 3) await this.between();
      const row = rows[i];
      if (row) for (const f of unpackWeek(row.value)) facts.push(f);
    }
    timings.read = performance.now() - t1;
    let updating: Updating | null = null;
    if (missingWeeks > 0 || deferred) {
      const total = await db.loops.count();
      const done = meta.complete ? Math.max(0, total - marked) : Math.min(total, meta.progress?.done ?? 0);
      updating = { done, total, missingWeeks, marked };
    }
    return { inputs, facts, updating, needsKeeping: !meta.complete || marked > 0, timings };
  }

  /**
   * Brings every stored fact up to date: folds marked loops again (or, past `keepRefreshAtMost`,
   * drops everything), fills dropped facts newest week first, and goes on while
   * writes keep marking loops. Returns the loops folded; 0 at once when another `keepUp` runs.
   */
  keepUp(): Promise<number> {
    return alone(async () => {
      let folded = 0;
      for (let round = 0; round < 100; round++) {
        const basis = this.basisFor(await readFoldInputs(this.db));
        const timings: KeepTimings = { refresh: 0, read: 0, folded: 0 };
        const atMost = this.opts.keepRefreshAtMost ?? KEEP_REFRESH_AT_MOST;
        // Every marked loop in one refresh: past ~1,000 loops a refresh reads every loop row (and
        // past 20,000 every event) to find contacts, so slices would each pay that read again.
        const { meta, marked } = await locked(() => this.upToDate(basis, timings, atMost, atMost));
        folded += timings.folded;
        if (!meta.complete) {
          folded += await this.fill(basis);
          continue;
        }
        if (marked === 0 || timings.folded === 0) break;
        await this.between();
      }
      return folded;
    }, 0);
  }

  /** The meta a read goes by, after refreshing marked loops when they are few; only then takes the lock. */
  private async current(basis: Basis, timings: KeepTimings): Promise<{ meta: Meta; marked: number; deferred: boolean }> {
    const state = await storeState(this.db);
    const { meta } = state;
    const atMost = this.opts.refreshAtMost ?? REFRESH_AT_MOST;
    if (meta?.basis === basis.basis) {
      if (state.marked > atMost) return { meta, marked: state.marked, deferred: true };
      // Nothing to do: no lock, so a background fill's write never delays an open.
      if (state.marked === 0 && samePrune(meta, state.prunedAt)) return { meta, marked: 0, deferred: false };
    }
    const up = await locked(() => this.upToDate(basis, timings, atMost, atMost));
    return { ...up, deferred: false };
  }

  /**
   * Drops facts of another basis, reflects a prune, and folds up to `slice` marked loops again (all
   * of them past `resetAbove`: dropped). Holds the lock. Returns the meta and the loops still marked.
   */
  private async upToDate(basis: Basis, timings: KeepTimings, resetAbove: number, slice: number): Promise<{ meta: Meta; marked: number }> {
    const { meta, marked, prunedAt } = await storeState(this.db);
    if (!meta || meta.basis !== basis.basis || marked > resetAbove) return { meta: await this.reset(basis, prunedAt), marked: 0 };
    if (!samePrune(meta, prunedAt)) await this.reconcilePrune(meta, prunedAt, timings);
    if (marked === 0) return { meta, marked };
    await this.refresh(meta, timings, slice);
    return { meta, marked: await markedCount(this.db) };
  }

  /** Forgets every fact and marker at once: what is computed next reads the events after this. */
  private async reset(basis: Basis, prunedAt: unknown): Promise<Meta> {
    const db = this.db;
    const meta: Meta = { basis: basis.basis, inputs: basis.inputs, complete: false, filledFrom: null, progress: null, prunedAt };
    await db.transaction('rw', [db.dashboardFacts, db.factsDirty], async () => {
      await db.factsDirty.clear();
      await db.dashboardFacts.clear();
      await db.dashboardFacts.put({ key: META, value: meta });
    });
    return meta;
  }

  /** Folds up to `slice` marked loops and their contacts' other loops again, and writes them into their weeks. */
  private async refresh(meta: Meta, timings: KeepTimings, slice: number): Promise<void> {
    const db = this.db;
    const markers = await db.factsDirty.toArray();
    if (markers.length === 0) return;
    const marked = [...new Set(markers.flatMap((m) => m.loopIds))].slice(0, slice);
    const first = await loadLoops(db, { kind: 'loops', loopIds: marked });
    const contacts = new Map(first.loops.map((l) => [l.loopId, l.contact.map((c) => c.loopId)]));
    const siblings = [...new Set(first.loops.flatMap((l) => l.contact.map((c) => c.loopId)))].filter((id) => !contacts.has(id));
    // The other loops fold with their own contacts: load them (and the marked ones) again together.
    const data = siblings.length === 0 ? first : await loadLoops(db, { kind: 'loops', loopIds: [...marked, ...siblings] });
    const facts = await foldFacts(data, this.between, this.slice);
    timings.folded += facts.length;
    const weekOfLoop = new Map(facts.map((f) => [f.loopId, weekOf(f.respondedAt)]));
    await this.writeWeeks(
      meta,
      byWeek(facts),
      markers,
      (skipped) =>
        // A marked loop is done once it and every loop it changes are written (none in a week not stored yet).
        new Set(
          marked.filter((loopId) =>
            [loopId, ...(contacts.get(loopId) ?? [])].every((id) => {
              const w = weekOfLoop.get(id);
              return w === undefined || !skipped.has(w);
            }),
          ),
        ),
    );
  }

  /**
   * Writes refreshed facts into their stored weeks (a week not stored yet is left to the fill), and
   * takes the loops `done` names out of the marker rows that were read (a row left empty goes; a
   * change since wrote a row of its own, which stays).
   */
  private async writeWeeks(
    meta: Meta,
    weeks: ReadonlyMap<number, LoopFacts[]>,
    markers: readonly FactsDirtyRow[],
    done: (skipped: ReadonlySet<number>) => ReadonlySet<string>,
  ): Promise<void> {
    const db = this.db;
    const list = [...weeks.keys()];
    await db.transaction('rw', [db.dashboardFacts, db.factsDirty], async () => {
      const current = await db.dashboardFacts.get(META);
      if (!isMeta(current?.value) || current.value.basis !== meta.basis) return;
      const now = current.value;
      const rows = await db.dashboardFacts.bulkGet(list.map(weekKey));
      const skipped = new Set<number>();
      const put: { key: string; value: PackedWeek }[] = [];
      list.forEach((w, i) => {
        const row = rows[i];
        if (!row && !weekStored(now, w)) {
          skipped.add(w);
          return;
        }
        const fresh = new Map(weeks.get(w)!.map((f) => [f.loopId, f]));
        const kept = row ? unpackWeek(row.value as PackedWeek).filter((f) => !fresh.has(f.loopId)) : [];
        put.push({ key: weekKey(w), value: packWeek([...kept, ...fresh.values()]) });
      });
      await db.dashboardFacts.bulkPut(put);
      const finished = done(skipped);
      const emptied: number[] = [];
      const shrunk: FactsDirtyRow[] = [];
      for (const m of markers) {
        const left = m.loopIds.filter((id) => !finished.has(id));
        if (left.length === 0) emptied.push(m.id!);
        else if (left.length < m.loopIds.length) shrunk.push({ ...m, loopIds: left });
      }
      await db.factsDirty.bulkDelete(emptied);
      await db.factsDirty.bulkPut(shrunk);
    });
  }

  /**
   * A prune removed loops: their facts go, and the same contact's loops still here fold again
   * without them (an escalation for a second low score may rest on a removed one).
   */
  private async reconcilePrune(meta: Meta, prunedAt: unknown, timings: KeepTimings): Promise<void> {
    const db = this.db;
    const [rows, ids] = await Promise.all([
      db.dashboardFacts.filter((r) => r.key !== META).toArray(),
      db.loops.toCollection().primaryKeys(),
    ]);
    const present = new Set(ids);
    // Most daily prunes remove nothing kept here: look at the packed ids before unpacking anything.
    const anyGone = rows.some((r) => {
      const p = r.value as PackedWeek;
      for (let i = 0; i < p.n; i++) if (!present.has(p.str[i * STRINGS.length]!)) return true;
      return false;
    });
    const stored = anyGone ? rows.flatMap((r) => unpackWeek(r.value as PackedWeek)) : [];
    const gone = stored.filter((f) => !present.has(f.loopId));
    if (gone.length > 0) {
      const goneIds = new Set(gone.map((f) => f.loopId));
      const keys = new Set(gone.flatMap(contactKeys));
      const affected = stored.filter(
        (f) => !goneIds.has(f.loopId) && contactKeys(f).some((k) => keys.has(k)) && gone.some((g) => sameContact(identity(f), identity(g))),
      );
      const data = affected.length > 0 ? await loadLoops(db, { kind: 'loops', loopIds: affected.map((f) => f.loopId) }) : null;
      const refolded = data ? await foldFacts(data, this.between, this.slice) : [];
      timings.folded += refolded.length;
      const fresh = new Map(refolded.map((f) => [f.loopId, f]));
      await db.transaction('rw', [db.dashboardFacts], async () => {
        const current = await db.dashboardFacts.get(META);
        if (!isMeta(current?.value) || current.value.basis !== meta.basis) return;
        const now = await db.dashboardFacts.filter((r) => r.key !== META).toArray();
        await db.dashboardFacts.bulkPut(
          now.map((r) => ({
            key: r.key,
            value: packWeek(
              unpackWeek(r.value as PackedWeek)
                .filter((f) => !goneIds.has(f.loopId))
                .map((f) => fresh.get(f.loopId) ?? f),
            ),
          })),
        );
      });
    }
    meta.prunedAt = prunedAt;
    await db.dashboardFacts.update(META, { value: meta });
  }

  /**
   * Computes every week through the loader's `all`, folding newest loops first and writing each
   * week once no older loop can fall in it, so the weeks a page shows first (the recent ones) are
   * stored within seconds; each slice's write says how far the fill is. Stops when the basis
   * changed meanwhile. Returns the loops folded.
   */
  private async fill(basis: Basis): Promise<number> {
    const data = await loadLoops(this.db, { kind: 'all' });
    const order = data.loops.map((loop) => ({ loop, at: respondedAtOf(loop) })).sort((a, b) => b.at - a.at);
    const total = order.length;
    const pending = new Map<number, LoopFacts[]>();
    /** loops in the weeks written so far: what a page counts as done */
    let stored = 0;
    const now = Date.now();
    const step = this.slice;
    for (let i = 0; i === 0 || i < total; i += step) {
      if (i > 0) await this.between();
      const slice = order.slice(i, i + step);
      for (const s of foldLoaded({ ...data, loops: slice.map((o) => o.loop) }, now)) {
        const f = factsOf(s, data.policy);
        const w = weekOf(f.respondedAt);
        const list = pending.get(w);
        if (list) list.push(f);
        else pending.set(w, [f]);
      }
      const last = i + step >= total;
      // The loops left are no newer than this slice's oldest: every later week is whole.
      const from = last ? null : weekOf(slice.at(-1)!.at) + 1;
      const ready = [...pending.keys()].filter((w) => from === null || w >= from);
      const done = stored + ready.reduce((n, w) => n + pending.get(w)!.length, 0);
      const written = await this.writeFilled(
        basis,
        ready,
        pending,
        last ? { complete: true, filledFrom: null, progress: null } : { filledFrom: from, progress: { done, total } },
      );
      if (!written) return Math.min(total, i + step);
      stored = done;
      for (const w of ready) pending.delete(w);
    }
    return total;
  }

  /** Stores filled weeks not stored yet and how far the fill is, if the basis is still the one folded with. */
  private writeFilled(
    basis: Basis,
    weeks: readonly number[],
    facts: ReadonlyMap<number, LoopFacts[]>,
    meta: Partial<Pick<Meta, 'complete' | 'filledFrom' | 'progress'>>,
  ): Promise<boolean> {
    const db = this.db;
    return locked(() =>
      db.transaction('rw', [db.dashboardFacts], async () => {
        const current = await db.dashboardFacts.get(META);
        if (!isMeta(current?.value) || current.value.basis !== basis.basis || current.value.complete) return false;
        const have = await db.dashboardFacts.bulkGet(weeks.map(weekKey));
        await db.dashboardFacts.bulkPut(
          weeks.filter((_, i) => have[i] === undefined).map((w) => ({ key: weekKey(w), value: packWeek(facts.get(w)!) })),
        );
        await db.dashboardFacts.put({ key: META, value: { ...current.value, ...meta } });
        return true;
      }),
    );
  }
}

interface DashboardWeekRow {
  key: string;
  value: PackedWeek;
}
