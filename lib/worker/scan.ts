import type { BusinessCalendar } from '@/lib/loop';
import { calendarFor } from '@/lib/db/engine-context';
import { foldLoaded, loadLoops, type LoadedLoops } from '@/lib/db/loop-loader';
import type { LoopRow, LoopsideDb, WakeRow } from '@/lib/db/schema';
import { personCalendar, type Person } from '@/lib/people/schema';
import { isUnassigned } from '@/lib/people/team';
import { ROUTE_LABEL, SCALE_MAX } from '@/lib/labels';
import {
  alertKey,
  alertPresentation,
  alertSubject,
  alertText,
  directoryWithMe,
  dueAlerts,
  loopOwner,
  nextAlertAt,
  planAlerts,
  summaryText,
  type Alert,
  type AlertKind,
  type AlertPlan,
  type AlertRecord,
  type AlertSubject,
  type PlannedAlert,
} from '@/lib/notify';

export interface ShownAlert {
  /** the `notified` row's key: use it as the notification id, and for snooze */
  key: string;
  loopId: string;
  kind: AlertKind;
  /** shown again after a snooze */
  reminder: boolean;
  title: string;
  message: string;
  priority: 0 | 1 | 2;
  requireInteraction: boolean;
}

export interface ScanResult {
  /** notifications to show now, most urgent first, already recorded as shown */
  toShow: ShownAlert[];
  /** one notification for the alerts over the budget (recorded too); clicking it opens the queue */
  summary?: { title: string; message: string; count: number };
  /** my untouched open loops that are near breach or breached: the badge */
  attentionCount: number;
  /** when to scan again (next alert, end of quiet hours, snooze end), for a one-shot alarm */
  nextWakeAt?: number;
}

/** What a scan cost: the worker keeps it with the scan's record, for `npm run bench` and for support. */
export interface ScanMeasure {
  /** loops folded from their events (due ones whose events changed, or every waiting one on a full pass) */
  folded: number;
  /**
   * ms: read wake rows, changed loops and what the folded loops need; fold + decide (with reading
   * the folded loops' alerts); the write transaction; the badge's running count
   */
  phases: { readMs: number; foldMs: number; writeMs: number; countMs: number };
}

const HOUR = 3_600_000;
export const SNOOZE_MS = HOUR;

/** What the scan's per-loop wake-up times were computed against (see scanInputsKey). */
export const SCAN_INPUTS_KEY = 'scan/inputs';

/** FNV-1a over a string: a short, stable fingerprint. */
function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36) + ':' + text.length.toString(36);
}

/**
 * Everything besides a loop's own events that decides which alerts reach me and when: who I am,
 * quiet hours, the policy, the team directory (recipients, calendars), the top-revenue threshold.
 * When it changes, every stored wake-up time may be wrong, so the next scan is a full one.
 */
export const scanInputsKey = (loaded: Pick<LoadedLoops, 'policy' | 'settings' | 'people' | 'revenueThreshold'>) =>
  fingerprint(JSON.stringify([loaded.settings, loaded.policy, loaded.people, loaded.revenueThreshold]));

export interface ScanOptions {
  /**
   * Fold every waiting loop instead of only the ones whose wake-up time has come (what the scan
   * did before it was incremental; the incremental scan does it by itself when its inputs change).
   */
  full?: boolean;
  /** filled in with what the scan cost */
  measure?: ScanMeasure;
}

/**
 * The scan's bookkeeping beside its wake rows: `gen` counts its commits (and snoozes), so a scan
 * whose reads another one overtook starts again; `count` is the badge as of `at` for `me`.
 */
export const SCAN_STATE_KEY = 'scan/state';
interface ScanState {
  gen: number;
  me?: string;
  at?: number;
  count?: number;
}

function scanState(value: unknown): ScanState {
  const v = (value ?? {}) as Partial<ScanState>;
  return typeof v.gen === 'number' ? (v as ScanState) : { gen: 0 };
}

const isWaitingRow = (r: LoopRow | undefined): r is LoopRow => r !== undefined && r.status === 'open' && r.firstTouchAt === 0;

/** Whether a loop (its row, or its wake row as last counted) counts towards my badge at `t`. */
const counts = (x: Pick<WakeRow, 'ownerEmail' | 'attentionAt'> | undefined, me: string, t: number): number =>
  x !== undefined && x.attentionAt >= 1 && x.attentionAt <= t && (me === '' || x.ownerEmail === me) ? 1 : 0;

/** My loops whose badge moment is in [from, to], through the index (every loop in one-person mode). */
function countAttention(db: LoopsideDb, me: string, from: number, to: number): Promise<number> {
  if (to < from) return Promise.resolve(0);
  return me === ''
    ? db.loops.where('attentionAt').between(from, to, true, true).count()
    : db.loops.where('[ownerEmail+attentionAt]').between([me, from], [me, to], true, true).count();
}

/** What the read phase found and decided; the write phase records it if nothing overtook it. */
interface ScanRead {
  state: ScanState;
  full: boolean;
  inputsKey: string;
  storedInputsKey: unknown;
  me: string;
  settings: LoadedLoops['settings'];
  directory: Map<string, Person> | null;
  calendarOf: (recipient: string) => BusinessCalendar;
  /** the dirty rows read (their `seq`s are deleted on commit) and the loop rows they name, as read */
  dirtySeqs: Set<number>;
  dirtyRows: Map<string, LoopRow | undefined>;
  /** the due loops decided from their kept subject, with their wake rows */
  fastWakes: Map<string, WakeRow>;
  /** the due loops folded from their events, as read */
  toFold: LoopRow[];
  /** the loops to fold with their events, or (sliced) only the context: each slice is read on its own */
  loaded: LoadedLoops;
  sliced: boolean;
  countMs: number;
  folded: Map<string, { row: LoopRow; subject: AlertSubject | null }>;
  subjects: Map<string, AlertSubject>;
  due: Alert[];
  nextAlert: Map<string, number | undefined>;
  nextDueAt: number | undefined;
  notified: Map<string, AlertRecord>;
  count: number;
  phases: ScanMeasure['phases'];
}

/**
 * Reads, in one read-only transaction: the loops changed since the last scan, the wake rows whose
 * time has come, and for the due loops whose kept subject is missing or out of date, their events
 * and contacts (folded here). A due loop whose kept subject still holds is decided from it alone.
 * Read-only, so an import's reads and other readers are not held up while a large fold runs.
 */
async function readPhase(db: LoopsideDb, now: number, opts: ScanOptions): Promise<ScanRead> {
  const t0 = performance.now();
  const found = await db.transaction('r', [db.loops, db.events, db.people, db.kv, db.wakes, db.scanDirty], async () => {
    const [dirty, dueWakes, storedInputs, stateRow, context] = await Promise.all([
      db.scanDirty.toArray(),
      db.wakes.where('wakeAt').between(1, now, true, true).toArray(),
      db.kv.get(SCAN_INPUTS_KEY),
      db.kv.get(SCAN_STATE_KEY),
      loadLoops(db, { kind: 'rows', rows: [] }),
    ]);
    const inputsKey = scanInputsKey(context);
    // Who I am, the directory or the policy changed since the subjects were kept: look at every waiting loop once.
    const full = opts.full === true || storedInputs?.value !== inputsKey;
    const state = scanState(stateRow?.value);
    const me = context.settings.myEmail.toLowerCase();

    const dirtyIds = [...new Set(dirty.flatMap((r) => r.loopIds))];
    const dirtySet = new Set(dirtyIds);
    const dirtyRows = new Map<string, LoopRow | undefined>();
    const fastWakes = new Map<string, WakeRow>();
    let toFold: LoopRow[];
    let oldWakes: (WakeRow | undefined)[] = [];
    if (full) {
      toFold = await db.loops.where('[status+firstTouchAt]').equals(['open', 0]).toArray();
      const byId = new Map(toFold.map((r) => [r.loopId, r]));
      for (const id of dirtyIds) dirtyRows.set(id, byId.get(id));
    } else {
      const stale = dueWakes.filter((w) => w.subject === null && !dirtySet.has(w.loopId)).map((w) => w.loopId);
      const [rowsOfDirty, wakesOfDirty, rowsOfStale] = await Promise.all([
        db.loops.bulkGet(dirtyIds),
        db.wakes.bulkGet(dirtyIds),
        db.loops.bulkGet(stale),
      ]);
      oldWakes = wakesOfDirty;
      dirtyIds.forEach((id, i) => dirtyRows.set(id, rowsOfDirty[i]));
      for (const w of dueWakes) if (w.subject !== null && !dirtySet.has(w.loopId)) fastWakes.set(w.loopId, w);
      // A changed loop is folded when its row says a moment has passed (appendEvents sets that), else kept for its time.
      toFold = [
        ...rowsOfDirty.filter((r): r is LoopRow => isWaitingRow(r) && r.nextWakeAt >= 1 && r.nextWakeAt <= now),
        ...rowsOfStale.filter(isWaitingRow),
      ];
      // Loops that vanished or stopped waiting without being marked (not expected) leave with the dirty ones.
      stale.forEach((id, i) => {
        if (!isWaitingRow(rowsOfStale[i])) dirtyRows.set(id, rowsOfStale[i]);
      });
    }

    // The badge: a running count moved by the clock (the index between the last scan's time and
    // this one) and by the loops changed since (their rows now against the wake rows last counted).
    const c0 = performance.now();
    let count: number;
    if (full || state.count === undefined || state.at === undefined || state.me !== me) {
      count = await countAttention(db, me, 1, now);
    } else {
      const since = state.at;
      const moved = now >= since ? await countAttention(db, me, since + 1, now) : -(await countAttention(db, me, now + 1, since));
      let changed = 0;
      dirtyIds.forEach((id, i) => (changed += counts(dirtyRows.get(id), me, since) - counts(oldWakes[i], me, since)));
      count = state.count + changed + moved;
    }
    const countMs = performance.now() - c0;
    // A large full pass reads every loop and event in two bulk reads here; smaller sets are read in slices below.
    const loaded = toFold.length > LOAD_SLICE_UP_TO ? await loadLoops(db, { kind: 'rows', rows: toFold }) : null;
    return {
      state,
      full,
      inputsKey,
      storedInputsKey: storedInputs?.value,
      me,
      dirtySeqs: new Set(dirty.map((r) => r.seq!)),
      dirtyRows,
      fastWakes,
      toFold,
      loaded: loaded ?? context,
      sliced: loaded === null,
      count,
      countMs,
    };
  });
  const t1 = performance.now();

  const { policy, settings, people } = found.loaded;
  const { me, toFold, fastWakes, loaded } = found;
  const myCalendar = calendarFor(policy, settings);
  const directory: Map<string, Person> | null =
    me === '' ? null : directoryWithMe(new Map(people.map((p) => [p.email, p])), { email: me, role: settings.role, calendar: myCalendar });
  const calendarOf = (recipient: string): BusinessCalendar => {
    const person = directory?.get(recipient);
    return person ? personCalendar(person, policy) : myCalendar;
  };
  const rowOf = new Map(toFold.map((r) => [r.loopId, r]));
  const folded = new Map<string, { row: LoopRow; subject: AlertSubject | null }>();
  const subjects = new Map<string, AlertSubject>();
  // Outside the first transaction and in slices: after an import this is thousands of loops, and
  // between slices the worker answers the options page (the next import's reads) and the store
  // serves other transactions.
  const foldSlice = (part: LoadedLoops) => {
    for (const s of foldLoaded(part, now)) {
      const waiting = s.status === 'open' && s.firstTouchAt === undefined;
      const subject = waiting ? alertSubject(s, policy) : null;
      folded.set(s.loopId, { row: rowOf.get(s.loopId)!, subject });
      if (subject) subjects.set(s.loopId, subject);
    }
  };
  const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 0));
  if (found.sliced) {
    for (let i = 0; i < toFold.length; i += LOAD_SLICE) {
      if (i > 0) await nextTurn();
      const rows = toFold.slice(i, i + LOAD_SLICE);
      const part = await db.transaction('r', [db.loops, db.events, db.people, db.kv], () => loadLoops(db, { kind: 'rows', rows }));
      foldSlice({ ...part, policy, settings, people, revenueThreshold: loaded.revenueThreshold });
    }
  } else {
    for (let i = 0; i < loaded.loops.length; i += LOAD_SLICE) {
      if (i > 0) await nextTurn();
      foldSlice({ ...loaded, loops: loaded.loops.slice(i, i + LOAD_SLICE) });
    }
  }
  // A row without its `received` event folds to nothing: its wake row goes.
  for (const r of toFold) if (!folded.has(r.loopId)) folded.set(r.loopId, { row: r, subject: null });
  for (const [id, w] of fastWakes) subjects.set(id, w.subject as AlertSubject);

  const due: Alert[] = [];
  const nextAlert = new Map<string, number | undefined>();
  let nextDueAt: number | undefined;
  for (const subject of subjects.values()) {
    due.push(...dueAlerts(subject, directory, now).filter((a) => a.recipient === me));
    const next = nextAlertAt(subject, policy, now, directory);
    nextAlert.set(subject.loopId, next);
    if (next !== undefined && (nextDueAt === undefined || next < nextDueAt)) nextDueAt = next;
  }
  // What was shown of each loop: kept in its wake row, else (a folded loop) read, one indexed read
  // per loop, all in flight at once (`anyOf` would walk a cursor, a round trip per key). Only a
  // scan's commit or a snooze writes these rows, and both move the generation the write checks.
  const notified = new Map<string, AlertRecord>();
  const unread: string[] = [...folded.keys()];
  for (const [id, w] of fastWakes) {
    if (w.heard) for (const r of w.heard) notified.set(r.key, r);
    else unread.push(id);
  }
  const rowsNotified = await db.transaction('r', db.notified, async () =>
    (await Promise.all(unread.map((id) => db.notified.where('loopId').equals(id).toArray()))).flat(),
  );
  for (const r of rowsNotified) if (r.recipient === me) notified.set(r.key, r);
  const t2 = performance.now();
  return {
    ...found,
    settings,
    directory,
    calendarOf,
    folded,
    subjects,
    due,
    nextAlert,
    nextDueAt,
    notified,
    phases: { readMs: t1 - t0 - found.countMs, foldMs: t2 - t1, writeMs: 0, countMs: found.countMs },
  };
}

/** Loops read and folded between two turns of the worker's event loop. */
const LOAD_SLICE = 500;
/**
 * Up to this many loops to fold are read in slices (a look-up per key, see loop-loader); a full pass
 * over more reads every loop and event at once, which is far less work in all.
 */
const LOAD_SLICE_UP_TO = 10_000;

const wakeFrom = (row: LoopRow, wakeAt: number, subject: AlertSubject | null, heard?: AlertRecord[]): WakeRow => ({
  loopId: row.loopId,
  wakeAt,
  ownerEmail: row.ownerEmail,
  attentionAt: row.attentionAt,
  subject,
  ...(subject && heard ? { heard } : {}),
});

/**
 * Records what the read phase decided, in one short transaction that touches none of the tables an
 * import or a view reads (loops, events): the alerts shown (planned here against the `notified`
 * rows read, which only a scan's commit or a snooze changes), each loop's wake row, the badge.
 * Null when another scan or a snooze committed since the read: the caller reads again, so two
 * overlapping scans (alarm + startup) cannot both fire one alert. A loop whose events changed
 * since the read fires nothing now; it stays marked for the next scan.
 */
async function writePhase(db: LoopsideDb, now: number, read: ScanRead): Promise<{ plan: AlertPlan; nextWakeAt?: number } | null> {
  return db.transaction('rw', [db.kv, db.wakes, db.scanDirty, db.notified], async () => {
    if (scanState((await db.kv.get(SCAN_STATE_KEY))?.value).gen !== read.state.gen) return null;
    const changedSince = new Set((await db.scanDirty.toArray()).filter((r) => !read.dirtySeqs.has(r.seq!)).flatMap((r) => r.loopIds));
    const plan = planAlerts({
      now,
      due: read.due.filter((a) => !changedSince.has(a.loopId)),
      notified: read.notified,
      quietHours: read.settings.quietHours,
      calendarOf: read.calendarOf,
      ...(read.nextDueAt !== undefined ? { nextDueAt: read.nextDueAt } : {}),
    });
    // Each loop looked at: when to look again (0: never, until its events change).
    const wakeAt = (loopId: string) => {
      const candidates = [read.nextAlert.get(loopId), plan.loopWakeAt.get(loopId)].filter((t): t is number => t !== undefined);
      return candidates.length > 0 ? Math.max(now + 1, Math.min(...candidates)) : 0;
    };
    // Each loop's rows for me after this commit, kept with its subject.
    const heard = new Map<string, Map<string, AlertRecord>>();
    for (const r of [...read.notified.values(), ...plan.record]) {
      const rows = heard.get(r.loopId) ?? new Map<string, AlertRecord>();
      heard.set(r.loopId, rows.set(r.key, r));
    }
    const heardOf = (loopId: string) => [...(heard.get(loopId)?.values() ?? [])];
    const put: WakeRow[] = [];
    const drop: string[] = [];
    for (const [id, w] of read.fastWakes) if (!changedSince.has(id)) put.push({ ...w, wakeAt: wakeAt(id), heard: heardOf(id) });
    for (const [id, { row, subject }] of read.folded) {
      if (changedSince.has(id) || read.dirtyRows.has(id)) continue;
      if (subject) put.push(wakeFrom(row, wakeAt(id), subject, heardOf(id)));
      else drop.push(id);
    }
    // Changed loops: their wake rows take the rows read (what the badge counted), with the subject
    // of this fold if there was one and nothing changed them again since.
    for (const [id, row] of read.dirtyRows) {
      const fold = changedSince.has(id) ? undefined : read.folded.get(id);
      if (!isWaitingRow(row)) drop.push(id);
      else if (fold) {
        if (fold.subject) put.push(wakeFrom(row, wakeAt(id), fold.subject, heardOf(id)));
        else drop.push(id);
      } else put.push(wakeFrom(row, row.nextWakeAt, null));
    }
    if (read.full) {
      await db.wakes.clear();
      // A waiting loop changed since the read keeps counting as the read saw it, until the next scan.
      for (const [id, { row }] of read.folded)
        if (changedSince.has(id) && !read.dirtyRows.has(id)) put.push(wakeFrom(row, row.nextWakeAt, null));
    }
    await Promise.all([
      db.notified.bulkPut(plan.record),
      db.wakes.bulkPut(put),
      drop.length > 0 ? db.wakes.bulkDelete(drop) : undefined,
      read.dirtySeqs.size > 0 ? db.scanDirty.bulkDelete([...read.dirtySeqs]) : undefined,
      db.kv.put({ key: SCAN_STATE_KEY, value: { gen: read.state.gen + 1, me: read.me, at: now, count: read.count } satisfies ScanState }),
      read.storedInputsKey !== read.inputsKey ? db.kv.put({ key: SCAN_INPUTS_KEY, value: read.inputsKey }) : undefined,
    ]);
    const next = await db.wakes.where('wakeAt').above(now).first();
    // A loop changed during this scan is looked at in a moment, by the next one.
    const nextWakeAt = changedSince.size > 0 ? now + 1 : next?.wakeAt;
    return nextWakeAt !== undefined ? { plan, nextWakeAt } : { plan };
  });
}

/** Scans that lose the race to another commit this many times in a row leave the work to it. */
const SCAN_ATTEMPTS = 5;

/**
 * The SLA scan. Each waiting loop has a wake row: when the scan must look at it next (its next
 * alert stage or ladder step, the end of quiet hours holding one of its alerts, a snooze ending)
 * and what the alert decision reads of it. appendEvents marks the loops it changes. A tick reads,
 * through the `wakeAt` index, only the wake rows whose time has come and the marked loops; it
 * folds only those whose events changed, works out which alerts are due for me (all loops' stages
 * in one-person mode; my loops, my team's and the escalations that reach my role in team mode),
 * then records what it shows and the wake rows in a short write that first checks no other scan
 * committed since its reads. The badge is a running count, moved by the clock and by changed loops.
 */
export function scanLoops(db: LoopsideDb, now: number, opts: ScanOptions = {}): Promise<ScanResult> {
  // Scans on one connection run one after the other (the worker's start-up and alarm scans race on
  // a cold start): the second finds the first's work done instead of redoing it and retrying.
  const next = (inFlight.get(db) ?? Promise.resolve()).catch(() => undefined).then(() => scanOnce(db, now, opts));
  inFlight.set(db, next);
  return next;
}

const inFlight = new WeakMap<LoopsideDb, Promise<unknown>>();

async function scanOnce(db: LoopsideDb, now: number, opts: ScanOptions): Promise<ScanResult> {
  for (let attempt = 1; ; attempt++) {
    const read = await readPhase(db, now, opts);
    const t0 = performance.now();
    const written = await writePhase(db, now, read);
    const t1 = performance.now();
    if (!written) {
      if (attempt >= SCAN_ATTEMPTS) throw new Error(`the SLA scan was overtaken by other scans ${attempt} times`);
      continue;
    }
    const { plan } = written;
    const textOf = ({ alert, reminder }: PlannedAlert): ShownAlert => {
      const subject = read.subjects.get(alert.loopId)!;
      const owner = loopOwner(subject);
      const { directory } = read;
      const text = alertText({
        kind: alert.kind,
        reminder,
        ...(alert.cause ? { cause: alert.cause } : {}),
        contactName: subject.response.name ?? '',
        showContactName: read.settings.showContactNameInNotifications,
        ...(directory && owner !== read.me
          ? { owner: { name: directory.get(owner)?.name || owner, unassigned: isUnassigned(owner, directory) } }
          : {}),
        routeLabel: ROUTE_LABEL[subject.route],
        score: subject.response.score,
        scaleMax: SCALE_MAX[subject.response.scale],
        dueAt: subject.firstTouchDueAt,
        now,
        timeZone: subject.timeZone,
      });
      return { key: alertKey(alert), loopId: alert.loopId, kind: alert.kind, reminder, ...text, ...alertPresentation(alert.kind) };
    };
    const result: ScanResult = { toShow: plan.show.map(textOf), attentionCount: read.count };
    if (opts.measure) {
      opts.measure.folded = read.folded.size;
      opts.measure.phases = { ...read.phases, writeMs: t1 - t0 };
    }
    if (plan.summarized.length > 0) result.summary = { ...summaryText(plan.summarized.length), count: plan.summarized.length };
    if (written.nextWakeAt !== undefined) result.nextWakeAt = written.nextWakeAt;
    return result;
  }
}

/**
 * "Snooze 1 h": the alert comes back once, an hour from now, if its loop is still waiting then.
 * Only the reminder moves; the loop's SLA and its next stages keep their times. False when the
 * key names no alert that was shown.
 */
export async function snooze(db: LoopsideDb, notificationKey: string, now: number): Promise<boolean> {
  return db.transaction('rw', [db.notified, db.wakes, db.kv], async () => {
    const row = await db.notified.get(notificationKey);
    if (!row) return false;
    const until = now + SNOOZE_MS;
    await db.notified.put({ ...row, snoozedUntil: until });
    // The scan must look at the loop when the snooze ends (it may not be due for anything else).
    const wake = await db.wakes.get(row.loopId);
    if (wake) {
      const heard = wake.heard?.map((r) => (r.key === row.key ? { ...r, snoozedUntil: until } : r));
      await db.wakes.put({ ...wake, wakeAt: wake.wakeAt === 0 || wake.wakeAt > until ? until : wake.wakeAt, ...(heard ? { heard } : {}) });
    }
    // A scan that read the alerts before this snooze must not record over it: it reads again.
    const state = scanState((await db.kv.get(SCAN_STATE_KEY))?.value);
    await db.kv.put({ key: SCAN_STATE_KEY, value: { ...state, gen: state.gen + 1 } });
    return true;
  });
}
