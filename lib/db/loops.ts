import Dexie from 'dexie';
import {
  attentionFrom,
  classifyScore,
  foldLoop,
  LoopEventSchema,
  wakeAfterChange,
  type LoopEvent,
  type LoopState,
  type SurveyResponse,
} from '@/lib/loop';
import { normalizeEmail } from '@/lib/crm/email';
import type { LoopRow, LoopsideDb } from './schema';
import type { BusinessCalendar, Policy } from '@/lib/loop';
import type { CalendarOf } from './engine-context';

export interface FoldContext {
  policy: Policy;
  /** the business calendar: the clock of loops whose owner `calendarOf` does not know */
  calendar: BusinessCalendar;
  /** each owner's calendar (readClockContext); without it every loop runs on `calendar` */
  calendarOf?: CalendarOf;
  now: number;
}

/**
 * The loop's row as of `now`: what views search by, and when the SLA scan must look at it next
 * (`policy` gives the escalation ladder's steps).
 */
export function projectLoop(state: LoopState, policy: Policy, now: number): LoopRow {
  const r = state.response;
  return {
    loopId: state.loopId,
    email: r.email ?? '',
    hubspotId: r.hubspotId ?? '',
    salesforceId: r.salesforceId ?? '',
    // Lower-cased: the badge counts "my" loops by this index, and alerts compare owners lower-cased.
    ownerEmail: normalizeEmail(state.ownerEmail ?? r.ownerEmail ?? ''),
    contactName: r.name ?? '',
    score: r.score,
    respondedAt: r.respondedAt,
    route: state.route,
    status: state.status,
    firstTouchDueAt: state.firstTouchDueAt,
    firstTouchAt: state.firstTouchAt ?? 0,
    accountId: r.accountId ?? '',
    companyKey: r.company?.trim().toLowerCase() ?? '',
    emailDomain: r.email?.includes('@') ? r.email.slice(r.email.lastIndexOf('@') + 1).toLowerCase() : '',
    // Its events changed: the scan looks at it as soon as an alert moment has passed (see wakeAfterChange).
    nextWakeAt: wakeAfterChange(state, policy, now),
    attentionAt: attentionFrom(state),
  };
}

export interface AppendResult {
  /** Events that were new to the store (replaying a known event id changes nothing). */
  added: LoopEvent[];
  /** Loops whose `received` event was new: created by this append. */
  loopsCreated: number;
}

/**
 * Appends events (validated on write) and rebuilds the projection of every loop they touch,
 * all in one transaction: a reader never sees an event without its loop row or the reverse.
 * `queueForSync` also writes the outbox entries in that same transaction (user actions, and
 * imports in team mode): one per new event, and one projection upsert per loop whose owner,
 * status or first-touch due time the append changed (or that it created).
 */
export async function appendEvents(
  db: LoopsideDb,
  events: readonly LoopEvent[],
  ctx: FoldContext,
  opts: {
    queueForSync: boolean;
    /** the caller built the events from input already checked at its boundary (an import batch): not parsed again */
    validated?: boolean;
    /**
     * The events open loops the caller believes new (an import batch, from responses no loop row
     * had): what the store holds of them is read only for loops known to have events without their
     * response (`orphans`), not with one query per loop. A loop that exists after all is told by
     * its `received` event's id, which the store then refuses; only such loops are read in full.
     */
    newLoops?: boolean;
  } = { queueForSync: false },
): Promise<AppendResult> {
  const valid = opts.validated ? events : events.map((e) => LoopEventSchema.parse(e));
  const byId = new Map<string, LoopEvent>();
  for (const e of valid) if (!byId.has(e.id)) byId.set(e.id, e);
  const unique = [...byId.values()];
  if (unique.length === 0) return { added: [], loopsCreated: 0 };
  const tables = [db.events, db.loops, db.outbox, db.projectionOutbox, db.scanDirty, db.factsDirty, db.orphans];
  return db.transaction('rw', tables, async () => {
    // What the touched loops already hold (an import batch touches thousands of loops, mostly new
    // ones: this finds nothing fast). A known event id is skipped; the new events are not read
    // back, the fold takes them from memory.
    const touched = [...new Set(unique.map((e) => e.loopId))];
    const prior = opts.newLoops ? await eventsOfOrphans(db, touched) : await eventsOfLoops(db, touched);
    const priorIds = new Set(prior.map((e) => e.id));
    const added = await addNew(
      db,
      unique.filter((e) => !priorIds.has(e.id)),
    );
    if (opts.newLoops) prior.push(...(await eventsOfExisting(db, unique, added)));
    if (added.length === 0) return { added, loopsCreated: 0 };
    if (opts.queueForSync) {
      await db.outbox.bulkPut(added.map((e) => ({ eventId: e.id, loopId: e.loopId, queuedAt: ctx.now, attempts: 0, nextAttemptAt: 0 })));
    }
    const loopIds = [...new Set(added.map((e) => e.loopId))];
    const byLoop = new Map<string, LoopEvent[]>();
    for (const e of [...prior, ...added]) {
      const list = byLoop.get(e.loopId);
      if (list) list.push(e);
      else byLoop.set(e.loopId, [e]);
    }
    // Loops that had events but not their response: orphans until now.
    const orphansBefore = new Set(prior.map((e) => e.loopId));
    for (const e of prior) if (e.type === 'received') orphansBefore.delete(e.loopId);
    const rows: LoopRow[] = [];
    const waiting: string[] = [];
    const answered: string[] = [];
    for (const loopId of loopIds) {
      const all = byLoop.get(loopId) ?? [];
      // A loop is only projected once its `received` event exists; a touch that synced in
      // ahead of it waits in the event log (and in `orphans`) and is folded in when the response arrives.
      if (!all.some((e) => e.type === 'received')) {
        waiting.push(loopId);
        continue;
      }
      if (orphansBefore.has(loopId)) answered.push(loopId);
      rows.push(projectLoop(foldLoop(all, ctx), ctx.policy, ctx.now));
    }
    if (waiting.length > 0) await db.orphans.bulkPut(waiting.map((loopId) => ({ loopId })));
    if (answered.length > 0) await db.orphans.bulkDelete(answered);
    if (opts.queueForSync && rows.length > 0) {
      const before = await db.loops.bulkGet(rows.map((r) => r.loopId));
      const changed = rows.filter((row, i) => projectionChanged(before[i], row));
      await db.projectionOutbox.bulkPut(changed.map((r) => ({ loopId: r.loopId, queuedAt: ctx.now, attempts: 0, nextAttemptAt: 0 })));
    }
    await db.loops.bulkPut(rows);
    // The scan's kept alert inputs and the dashboard's stored KPI facts of these loops are out of
    // date. One row for the whole append each (an import batch marks thousands of loops): a row
    // per loop costs a write each.
    await db.scanDirty.add({ loopIds });
    if (rows.length > 0) await db.factsDirty.add({ loopIds: rows.map((r) => r.loopId) });
    await wakeSameContact(db, added, new Set(loopIds), ctx);
    return { added, loopsCreated: added.filter((e) => e.type === 'received').length };
  });
}

/**
 * The events of those of these loops the store knows to wait for their response: one read of the
 * (few) orphans' keys, then one query per orphan among the loops.
 */
async function eventsOfOrphans(db: LoopsideDb, loopIds: readonly string[]): Promise<LoopEvent[]> {
  const orphans = new Set(await db.orphans.toCollection().primaryKeys());
  if (orphans.size === 0) return [];
  return eventsOfLoops(
    db,
    loopIds.filter((id) => orphans.has(id)),
  );
}

/**
 * With `newLoops`: the loops whose `received` event the store refused exist already (a teammate's
 * import synced in, or the same rows in an import running alongside). Their stored events, other
 * than those this append just added, so such a loop is folded from all it holds.
 */
async function eventsOfExisting(db: LoopsideDb, offered: readonly LoopEvent[], added: readonly LoopEvent[]): Promise<LoopEvent[]> {
  const addedIds = new Set(added.map((e) => e.id));
  const existing = [...new Set(offered.filter((e) => e.type === 'received' && !addedIds.has(e.id)).map((e) => e.loopId))];
  if (existing.length === 0) return [];
  return (await eventsOfLoops(db, existing)).filter((e) => !addedIds.has(e.id));
}

/**
 * The events of these loops. One query per loop, all sent at once: `anyOf` would walk the index
 * with a cursor that waits for the store at every key, thousands of times for an import batch.
 */
async function eventsOfLoops(db: LoopsideDb, loopIds: readonly string[]): Promise<LoopEvent[]> {
  const lists = await Promise.all(loopIds.map((loopId) => db.events.where('loopId').equals(loopId).toArray()));
  return lists.flat();
}

/**
 * Adds the events in one bulk write and returns those that were new. An id the store already
 * holds under another loop (it was not among the touched loops' events) fails alone and is
 * skipped, as a replay is: the rest of the write stands.
 */
async function addNew(db: LoopsideDb, events: LoopEvent[]): Promise<LoopEvent[]> {
  if (events.length === 0) return events;
  try {
    await db.events.bulkAdd(events);
    return events;
  } catch (e) {
    if (!(e instanceof Dexie.BulkError) || Object.values(e.failuresByPos).some((f) => f.name !== 'ConstraintError')) throw e;
    return events.filter((_, i) => !(i in e.failuresByPos));
  }
}

export async function loopEvents(db: LoopsideDb, loopId: string): Promise<LoopEvent[]> {
  return db.events.where('loopId').equals(loopId).toArray();
}

/** What the CRM task shows: a change to any of these is worth an upsert, anything else is not. */
function projectionChanged(before: LoopRow | undefined, after: LoopRow): boolean {
  return (
    before === undefined ||
    before.ownerEmail !== after.ownerEmail ||
    before.status !== after.status ||
    before.firstTouchDueAt !== after.firstTouchDueAt
  );
}

/**
 * A new low score can escalate the same contact's later loop ("a second low score within 90 days",
 * when an older response arrives after a newer one): those waiting loops are due for the scan now.
 * Only recovery scores can do that, so only their contacts are looked up, by index.
 */
async function wakeSameContact(db: LoopsideDb, added: readonly LoopEvent[], changed: ReadonlySet<string>, ctx: FoldContext): Promise<void> {
  const now = ctx.now;
  const emails = new Set<string>();
  const hubspotIds = new Set<string>();
  const salesforceIds = new Set<string>();
  for (const e of added) {
    if (e.type !== 'received' || !isRecovery(e.response.scale, e.response.score, ctx.policy)) continue;
    if (e.response.email) emails.add(e.response.email.trim().toLowerCase());
    if (e.response.hubspotId) hubspotIds.add(e.response.hubspotId);
    if (e.response.salesforceId) salesforceIds.add(e.response.salesforceId);
  }
  if (emails.size + hubspotIds.size + salesforceIds.size === 0) return;
  // One look-up per key, all in flight at once: `anyOf` walks one cursor that waits for the store at
  // every key. (Reading every loop row instead costs more: the store's cost is per record read.)
  const keysOf = (index: 'email' | 'hubspotId' | 'salesforceId', values: Set<string>) =>
    Promise.all([...values].map((v) => db.loops.where(index).equals(v).primaryKeys())).then((lists) => lists.flat());
  const [byEmail, byHubspot, bySalesforce] = await Promise.all([
    keysOf('email', emails),
    keysOf('hubspotId', hubspotIds),
    keysOf('salesforceId', salesforceIds),
  ]);
  const others = [...new Set([...byEmail, ...byHubspot, ...bySalesforce])].filter((id) => !changed.has(id));
  if (others.length === 0) return;
  const rows = await db.loops.bulkGet(others);
  const woken = rows.filter(
    (row): row is LoopRow =>
      row !== undefined && row.status === 'open' && row.firstTouchAt === 0 && (row.nextWakeAt === 0 || row.nextWakeAt > now),
  );
  if (woken.length > 0) await db.loops.bulkUpdate(woken.map((row) => ({ key: row.loopId, changes: { nextWakeAt: Math.max(1, now) } })));
  await db.scanDirty.add({ loopIds: others });
}

function isRecovery(scale: SurveyResponse['scale'], score: number, policy: Policy): boolean {
  try {
    return classifyScore(scale, score, policy).route === 'recovery';
  } catch {
    return false; // an out-of-scale score escalates nothing
  }
}
