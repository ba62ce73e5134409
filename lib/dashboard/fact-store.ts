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
 * - A week not stored yet is computed through the one loop loader (`period`, or `all` for every
 *   week), outside any lock, and written only if it is still missing and the basis unchanged.
 * - Everything is dropped and recomputed when the policy, the business zone, the team directory's
 *   calendars, the revenue threshold or the build changes (the `basis`), when more loops are marked
 *   than a refresh is worth, and a daily prune's removals are found by comparing loop ids.
 * Writers take one Web Lock (`navigator.locks`), so two dashboard tabs never write over each other.
 */
import { foldLoaded, loadLoops, type LoadedLoops, type LoopSelection } from '@/lib/db/loop-loader';
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
export const FACTS_FORMAT = 1;

const WEEK = 7 * 24 * 3_600_000;
/** A loop's week: whole weeks since the epoch, by its response time (any fixed bucketing does). */
export const weekOf = (respondedAt: number): number => Math.floor(respondedAt / WEEK);
const weekKey = (week: number) => `w:${week}`;
const META = 'meta';
const PRUNED_AT_KEY = 'prune/last';

/** How many loops the marker rows name (a row per append: an import batch names thousands). */
const markedCount = async (db: LoopsideDb) => new Set((await db.factsDirty.toArray()).flatMap((m) => m.loopIds)).size;

/** Past this many marked loops, folding them one contact at a time costs more than computing again. */
export const REFRESH_AT_MOST = 2_000;

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
  const calendars = inputs.people
    .map((p) => [p.email.toLowerCase(), p.timeZone, p.workdays, p.workStart, p.workEnd] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return JSON.stringify([FACTS_FORMAT, build, inputs.policy, inputs.settings.timeZone, calendars, inputs.revenueThreshold]);
}

interface Meta {
  basis: string;
  /** every week with a loop has its row */
  complete: boolean;
  /** the prune run (`prune/last`) whose removals the facts already reflect */
  prunedAt: unknown;
}

const isMeta = (v: unknown): v is Meta => typeof v === 'object' && v !== null && typeof (v as Meta).basis === 'string';

// ── the keeper ──

/** How the facts were brought up to date for a read, for the bench and the status line. */
export interface KeepTimings {
  /** folding marked loops again (ms) */
  refresh: number;
  /** computing weeks not stored yet through the loader (ms): 0 when all were stored */
  compute: number;
  /** reading and unpacking the stored weeks (ms) */
  read: number;
  /** loops folded again or computed */
  folded: number;
}

export interface FactsRead {
  inputs: FoldInputs;
  /** every loop responded to in the weeks covering the span */
  facts: LoopFacts[];
  /** weeks are missing that only a full computation fills */
  incomplete: boolean;
  timings: KeepTimings;
}

const LOCK = 'loopside-dashboard-facts';

/** Runs `task` holding the dashboard facts' write lock (where Web Locks exist: pages and their workers). */
function locked<T>(task: () => Promise<T>): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  return locks ? (locks.request(LOCK, task) as Promise<T>) : task();
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
async function foldFacts(data: LoadedLoops, between: () => Promise<void>): Promise<LoopFacts[]> {
  const SLICE = 2_000;
  const now = Date.now();
  const out: LoopFacts[] = [];
  for (let i = 0; i < data.loops.length; i += SLICE) {
    if (i > 0) await between();
    for (const s of foldLoaded({ ...data, loops: data.loops.slice(i, i + SLICE) }, now)) out.push(factsOf(s, data.policy));
  }
  return out;
}

const noPause = () => Promise.resolve();

export interface FactKeeperOptions {
  /** the code's identity (see basisOf) */
  build: string;
  /** called between fold slices: a worker answers its messages there */
  between?: () => Promise<void>;
  /** REFRESH_AT_MOST unless given */
  refreshAtMost?: number;
}

/**
 * Reads the stored facts of a span, bringing them up to date first; fills the missing weeks.
 * One per worker; several workers (tabs) may share a store.
 */
export class FactKeeper {
  private readonly between: () => Promise<void>;
  constructor(
    private readonly db: LoopsideDb,
    private readonly opts: FactKeeperOptions,
  ) {
    this.between = opts.between ?? noPause;
  }

  /** The facts of every loop responded to in the weeks covering `span`, equal to a fold of the store now. */
  async read(span: Span): Promise<FactsRead> {
    const timings: KeepTimings = { refresh: 0, compute: 0, read: 0, folded: 0 };
    const inputs = await readFoldInputs(this.db);
    const basis = basisOf(inputs, this.opts.build);
    const t0 = performance.now();
    const meta = await locked(() => this.upToDate(basis, timings));
    timings.refresh = performance.now() - t0;
    const weeks = weeksOf(span);
    const t1 = performance.now();
    let rows = await this.db.dashboardFacts.bulkGet(weeks.map(weekKey));
    const missing = meta.complete ? [] : weeks.filter((_, i) => rows[i] === undefined);
    if (missing.length > 0) {
      const t = performance.now();
      timings.folded += await this.compute(
        { kind: 'period', from: missing[0]! * WEEK, to: (missing.at(-1)! + 1) * WEEK },
        basis,
        new Set(missing),
        false,
      );
      timings.compute = performance.now() - t;
      rows = await this.db.dashboardFacts.bulkGet(weeks.map(weekKey));
    }
    const facts: LoopFacts[] = [];
    for (const row of rows) if (row) for (const f of unpackWeek(row.value as PackedWeek)) facts.push(f);
    timings.read = performance.now() - t1 - timings.compute;
    return { inputs, facts, incomplete: !meta.complete, timings };
  }

  /**
   * Computes every week not stored yet (a full fold of the store, through the loader's `all`) and
   * marks the facts complete. For a worker of its own: it reads every event.
   */
  async fill(): Promise<number> {
    const inputs = await readFoldInputs(this.db);
    const basis = basisOf(inputs, this.opts.build);
    const meta = await locked(() => this.upToDate(basis, { refresh: 0, compute: 0, read: 0, folded: 0 }));
    if (meta.complete) return 0;
    return this.compute({ kind: 'all' }, basis, null, true);
  }

  /** Drops what the basis or a prune made wrong and folds the marked loops again. Holds the lock. */
  private async upToDate(basis: string, timings: KeepTimings): Promise<Meta> {
    const db = this.db;
    const [metaRow, marked, prunedAt] = await db.transaction('r', [db.dashboardFacts, db.factsDirty, db.kv], async () =>
      Promise.all([db.dashboardFacts.get(META), markedCount(db), db.kv.get(PRUNED_AT_KEY).then((r) => r?.value ?? null)]),
    );
    const meta = isMeta(metaRow?.value) ? metaRow.value : null;
    if (!meta || meta.basis !== basis || marked > (this.opts.refreshAtMost ?? REFRESH_AT_MOST)) return this.reset(basis, prunedAt);
    if (JSON.stringify(prunedAt) !== JSON.stringify(meta.prunedAt)) await this.reconcilePrune(meta, prunedAt, timings);
    if (marked > 0) await this.refresh(meta, timings);
    return meta;
  }

  /** Forgets every fact and marker at once: what is computed next reads the events after this. */
  private async reset(basis: string, prunedAt: unknown): Promise<Meta> {
    const db = this.db;
    const meta: Meta = { basis, complete: false, prunedAt };
    await db.transaction('rw', [db.dashboardFacts, db.factsDirty], async () => {
      await db.factsDirty.clear();
      await db.dashboardFacts.clear();
      await db.dashboardFacts.put({ key: META, value: meta });
    });
    return meta;
  }

  /** Folds the marked loops and their contacts' other loops again, and writes them into their weeks. */
  private async refresh(meta: Meta, timings: KeepTimings): Promise<void> {
    const db = this.db;
    const markers = await db.factsDirty.toArray();
    if (markers.length === 0) return;
    const marked = [...new Set(markers.flatMap((m) => m.loopIds))];
    const first = await loadLoops(db, { kind: 'loops', loopIds: marked });
    const contacts = new Map(first.loops.map((l) => [l.loopId, l.contact.map((c) => c.loopId)]));
    const siblings = [...new Set(first.loops.flatMap((l) => l.contact.map((c) => c.loopId)))].filter((id) => !contacts.has(id));
    // The other loops fold with their own contacts: load them (and the marked ones) again together.
    const data = siblings.length === 0 ? first : await loadLoops(db, { kind: 'loops', loopIds: [...marked, ...siblings] });
    const facts = await foldFacts(data, this.between);
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
   * Writes refreshed facts into their stored weeks (a new week only when the facts are complete),
   * and takes the loops `done` names out of the marker rows that were read (a row left empty goes;
   * a change since wrote a row of its own, which stays).
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
      const complete = current.value.complete;
      const rows = await db.dashboardFacts.bulkGet(list.map(weekKey));
      const skipped = new Set<number>();
      const put: { key: string; value: PackedWeek }[] = [];
      list.forEach((w, i) => {
        const row = rows[i];
        if (!row && !complete) {
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
      const refolded = data ? await foldFacts(data, this.between) : [];
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
   * Computes `selection`'s loops through the loader, outside the lock, and writes the weeks of
   * `weeks` (every week when null) that are still missing then, unless the basis changed meanwhile.
   * Returns how many loops it folded.
   */
  private async compute(selection: LoopSelection, basis: string, weeks: ReadonlySet<number> | null, completes: boolean): Promise<number> {
    const db = this.db;
    const data = await loadLoops(db, selection);
    const facts = await foldFacts(data, this.between);
    const grouped = byWeek(facts);
    // A week in range with no loop is stored empty: "computed, nothing there", unlike a missing row.
    for (const w of weeks ?? []) if (!grouped.has(w)) grouped.set(w, []);
    await locked(() =>
      db.transaction('rw', [db.dashboardFacts], async () => {
        const current = await db.dashboardFacts.get(META);
        if (!isMeta(current?.value) || current.value.basis !== basis) return;
        const list = [...grouped.keys()].filter((w) => weeks === null || weeks.has(w));
        const have = await db.dashboardFacts.bulkGet(list.map(weekKey));
        await db.dashboardFacts.bulkPut(
          list.filter((_, i) => have[i] === undefined).map((w) => ({ key: weekKey(w), value: packWeek(grouped.get(w)!) })),
        );
        if (completes) await db.dashboardFacts.put({ key: META, value: { ...current.value, complete: true } });
      }),
    );
    return facts.length;
  }
}
