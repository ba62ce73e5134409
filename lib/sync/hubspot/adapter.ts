import type { LoopEvent } from '@/lib/loop';
import { ASSOCIATION_TO_CONTACT, SEARCH_PAGE_MAX } from '@/lib/crm/hubspot/api/constants';
import type { CreateInput, HubSpotObjects } from '@/lib/crm/hubspot/api/objects';
import { EngagementSchema, LOOPSIDE_EVENT, LOOPSIDE_EVENT_ID, LOOPSIDE_LOOP_ID, TaskSchema } from '@/lib/crm/hubspot/api/schemas';
import type { LoopProjection, PullPage, PushOutcome, SyncAdapter, UpsertResult } from '../adapter';
import { asSyncError, SyncError } from '../errors';
import {
  ENGAGEMENT_OBJECTS,
  engagementFor,
  engagementProperties,
  eventFromEngagement,
  isDerivedFromHubSpot,
  type EngagementObject,
} from './encode';
import { eventKey, loopKey, type HubSpotMemo, type MemoEntry } from './memo';
import { taskProperties } from './task';

/**
 * How a write is made idempotent. `upsert`: the portal holds our event-id / loop-id properties as
 * unique-value properties, so `batch/upsert` with `idProperty` is one request and never doubles.
 * `search`: the portal could not make them unique; find the earlier copy by search first, with the
 * memo covering the seconds in which search lags behind writes.
 */
export type IdempotencyMode = 'upsert' | 'search';

export interface HubSpotAdapterOptions {
  objects: HubSpotObjects;
  now: () => number;
  memo: HubSpotMemo;
  mode: () => Promise<IdempotencyMode>;
  /** the loop's contact id in HubSpot, for associating what we write with it */
  contactOf: (loopId: string) => Promise<string | undefined>;
  /** a person's HubSpot owner id, by e-mail */
  ownerIdOf: (email: string) => Promise<string | undefined>;
  /** what to say on the first touch (the call script), appended to the task body */
  scriptFor?: (loopId: string) => Promise<string | undefined>;
  /** whether this browser writes this loop's task (see lib/worker/handlers/team.ts: one writer per change) */
  writesTask?: (projection: LoopProjection) => Promise<boolean>;
  /** how long HubSpot's search may lag a write, at most: a create whose answer was lost is not repeated sooner */
  searchLagMs?: number;
  /** re-read this much before the cursor on every pull, so a write indexed late is still seen */
  pullOverlapMs?: number;
  /**
   * Whose activities a pull reads (HubSpot owner ids, at most 500), or null for everyone's: in a large
   * portal each member reads only its part of the team (lib/sync/hubspot/poll-plan.ts, pullScope).
   */
  pullScope?: () => Promise<string[] | null>;
  /** the objects a pull searches with (their search budget keeps to this member's cells); pushes use `objects` */
  pullObjects?: HubSpotObjects;
  /**
   * Whether a backlog may take another page now. False: the rest waits for the next poll, and the
   * search left in this member's cell goes to the feedback submissions, which a long backlog (a CX
   * lead reading everyone's activities) would otherwise put off poll after poll.
   */
  readOn?: () => boolean;
}

export const DEFAULT_SEARCH_LAG_MS = 60_000;
const DEFAULT_OVERLAP_MS = 2 * 60_000;
const CURSOR_PREFIX = 'hs1:';
const CURSOR_V2 = 'hs2:';
/** HubSpot's `IN` filter takes up to 100 values. */
const IN_MAX = 100;

const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/**
 * The pull cursor: per engagement kind, the last modification time read and whether a backlog
 * remains after it. Caught up, the next pull re-reads a window before it (search may index a write
 * late); in a backlog it reads strictly on, so a busy window of more than one page can never hold
 * the cursor in place. Kinds are kept apart so a page of more calls costs one search, not four.
 * `hs1:<ms>[:b]` (one time for all kinds) is still read.
 */
export type PullCursor = Record<EngagementObject, { ms: number; backlog: boolean }>;

export function parseCursor(cursor: string | null): PullCursor {
  const at = (ms: number, backlog: boolean) => Object.fromEntries(ENGAGEMENT_OBJECTS.map((o) => [o, { ms, backlog }])) as PullCursor;
  const num = (text: string | undefined) => {
    const ms = Number(text);
    return Number.isFinite(ms) && ms > 0 ? ms : 0;
  };
  if (cursor?.startsWith(CURSOR_PREFIX)) {
    const [msText, flag] = cursor.slice(CURSOR_PREFIX.length).split(':');
    return at(num(msText), flag === 'b');
  }
  const parsed = at(0, false);
  if (cursor?.startsWith(CURSOR_V2)) {
    const parts = cursor.slice(CURSOR_V2.length).split(',');
    ENGAGEMENT_OBJECTS.forEach((o, i) => {
      const [msText, flag] = (parts[i] ?? '').split(':');
      parsed[o] = { ms: num(msText), backlog: flag === 'b' };
    });
  }
  return parsed;
}
export const formatCursor = (cursor: PullCursor) =>
  CURSOR_V2 + ENGAGEMENT_OBJECTS.map((o) => `${cursor[o].ms}${cursor[o].backlog ? ':b' : ''}`).join(',');

/**
 * Team mode's event log and task list in HubSpot. Each Loopside event is one activity on the
 * contact's timeline (a call, e-mail or meeting for a touch, a note for the rest) carrying the event
 * id in `loopside_event_id` and the event itself in `loopside_event`; each loop is one task.
 */
export function createHubSpotAdapter(opts: HubSpotAdapterOptions): SyncAdapter {
  const { objects, memo } = opts;
  const lagMs = opts.searchLagMs ?? DEFAULT_SEARCH_LAG_MS;
  const overlapMs = opts.pullOverlapMs ?? DEFAULT_OVERLAP_MS;

  /** an intent younger than the lag bound: the create may have landed and not be searchable yet */
  const intentPending = (entry: MemoEntry | undefined) =>
    entry?.intentAt !== undefined && entry.id === undefined && opts.now() - entry.intentAt < lagMs;
  const waitForSearch = (what: string, entry: MemoEntry) =>
    new SyncError(`${what}: an earlier create may not be searchable yet; checking again shortly`, {
      kind: 'transient',
      retryAfterMs: Math.max(1_000, lagMs - (opts.now() - (entry.intentAt ?? 0))),
    });

  async function associations(loopId: string, object: EngagementObject | 'tasks'): Promise<CreateInput['associations']> {
    const contact = await opts.contactOf(loopId);
    return contact
      ? [{ to: { id: contact }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: ASSOCIATION_TO_CONTACT[object] }] }]
      : [];
  }

  async function propsFor(event: LoopEvent) {
    return engagementProperties(event, event.actor.includes('@') ? await opts.ownerIdOf(event.actor) : undefined);
  }

  /** `batch/upsert` by the unique event id: `new` says whether it stored a copy now. */
  async function upsertEngagements(object: EngagementObject, events: LoopEvent[]): Promise<PushOutcome[]> {
    const inputs = await Promise.all(events.map(async (e) => ({ id: e.id, properties: await propsFor(e) })));
    const answer = await objects.batchUpsert(object, LOOPSIDE_EVENT_ID, inputs, {
      [LOOPSIDE_EVENT_ID]: EngagementSchema.shape.properties.shape[LOOPSIDE_EVENT_ID],
    });
    const byEvent = new Map(answer.results.map((r) => [r.properties[LOOPSIDE_EVENT_ID] ?? '', r]));
    const created = events.flatMap((e) => {
      const r = byEvent.get(e.id);
      return r?.new ? [{ event: e, id: r.id }] : [];
    });
    const pairs = (await Promise.all(created.map(async (c) => ({ from: c.id, to: await opts.contactOf(c.event.loopId) })))).filter(
      (p): p is { from: string; to: string } => !!p.to,
    );
    if (pairs.length > 0) await objects.associateDefault(object, 'contacts', pairs);
    return events.map((e) => {
      const r = byEvent.get(e.id);
      if (!r) return { eventId: e.id, result: { error: new SyncError(`upsert ${object}: no result for ${e.id}`, { kind: 'transient' }) } };
      return { eventId: e.id, result: r.new ? 'stored' : 'already_stored' };
    });
  }

  /** Search for earlier copies, then create what is truly missing (see memo.ts for the lag). */
  async function searchThenCreate(object: EngagementObject, events: LoopEvent[]): Promise<PushOutcome[]> {
    const outcomes = new Map<string, PushOutcome>();
    const known = await memo.get(events.map((e) => eventKey(e.id)));
    let rest = events.filter((e) => {
      if (known.get(eventKey(e.id))?.id === undefined) return true;
      outcomes.set(e.id, { eventId: e.id, result: 'already_stored' });
      return false;
    });
    if (rest.length > 0) {
      const found = await objects.search(
        object,
        {
          filterGroups: [{ filters: [{ propertyName: LOOPSIDE_EVENT_ID, operator: 'IN', values: rest.map((e) => e.id) }] }],
          sorts: [],
          properties: [LOOPSIDE_EVENT_ID],
          limit: SEARCH_PAGE_MAX,
        },
        EngagementSchema,
      );
      const foundIds = new Map(found.results.map((r) => [r.properties[LOOPSIDE_EVENT_ID] ?? '', r.id]));
      await memo.put([...foundIds].filter(([eid]) => rest.some((e) => e.id === eid)).map(([eid, id]) => [eventKey(eid), { id }] as const));
      rest = rest.filter((e) => {
        if (!foundIds.has(e.id)) return true;
        outcomes.set(e.id, { eventId: e.id, result: 'already_stored' });
        return false;
      });
    }
    const toCreate = rest.filter((e) => {
      const entry = known.get(eventKey(e.id));
      if (!intentPending(entry)) return true;
      outcomes.set(e.id, { eventId: e.id, result: { error: waitForSearch(`push ${e.id}`, entry!) } });
      return false;
    });
    if (toCreate.length > 0) {
      const inputs = await Promise.all(
        toCreate.map(async (e) => ({ properties: await propsFor(e), associations: await associations(e.loopId, object) })),
      );
      await memo.put(toCreate.map((e) => [eventKey(e.id), { intentAt: opts.now() }] as const));
      const answer = await objects.batchCreate(object, inputs, EngagementSchema);
      const ids = new Map(answer.results.map((r) => [r.properties[LOOPSIDE_EVENT_ID] ?? '', r.id]));
      await memo.put(toCreate.flatMap((e) => (ids.has(e.id) ? [[eventKey(e.id), { id: ids.get(e.id)! }] as const] : [])));
      for (const e of toCreate) {
        outcomes.set(
          e.id,
          ids.has(e.id)
            ? { eventId: e.id, result: 'stored' }
            : { eventId: e.id, result: { error: new SyncError(`create ${object}: no result for ${e.id}`, { kind: 'transient' }) } },
        );
      }
    }
    return events.map((e) => outcomes.get(e.id)!);
  }

  async function writeGroup(object: EngagementObject, events: LoopEvent[], mode: IdempotencyMode): Promise<PushOutcome[]> {
    try {
      return mode === 'upsert' ? await upsertEngagements(object, events) : await searchThenCreate(object, events);
    } catch (e) {
      const error = asSyncError(e);
      // A refusal of a batch may be about one event in it: try them one by one so only that one is dead-lettered.
      if (error.kind === 'refused' && events.length > 1) {
        const outcomes: PushOutcome[] = [];
        for (const event of events) {
          const [one] = await writeGroup(object, [event], mode);
          outcomes.push(one!);
          if (typeof one!.result === 'object' && one!.result.error.kind !== 'refused') break;
        }
        return outcomes;
      }
      throw error;
    }
  }

  async function findTask(loopId: string): Promise<string | undefined> {
    const found = await objects.search(
      'tasks',
      {
        filterGroups: [{ filters: [{ propertyName: LOOPSIDE_LOOP_ID, operator: 'EQ', value: loopId }] }],
        sorts: [],
        properties: [LOOPSIDE_LOOP_ID],
        limit: 1,
      },
      TaskSchema,
    );
    return found.results[0]?.id;
  }

  return {
    maxBatch: 100,

    async pushEvents(events): Promise<PushOutcome[]> {
      const outcomes: PushOutcome[] = [];
      const groups = new Map<EngagementObject, LoopEvent[]>();
      for (const event of events) {
        if (isDerivedFromHubSpot(event)) outcomes.push({ eventId: event.id, result: 'already_stored' });
        else groups.set(engagementFor(event), [...(groups.get(engagementFor(event)) ?? []), event]);
      }
      if (groups.size === 0) return outcomes;
      const mode = await opts.mode();
      for (const [object, group] of groups) {
        for (const part of chunk(group, IN_MAX)) {
          try {
            outcomes.push(...(await writeGroup(object, part, mode)));
          } catch (e) {
            // About the target (auth, rate limit, down): report it on the first untried event and stop.
            outcomes.push({ eventId: part[0]!.id, result: { error: asSyncError(e) } });
            return outcomes;
          }
        }
      }
      return outcomes;
    },

    async upsertLoop(projection): Promise<UpsertResult> {
      if (opts.writesTask && !(await opts.writesTask(projection))) return 'updated';
      const ownerId = projection.ownerEmail ? await opts.ownerIdOf(projection.ownerEmail) : undefined;
      const script = projection.status === 'open' ? await opts.scriptFor?.(projection.loopId) : undefined;
      const properties = taskProperties(projection, ownerId, script);
      if ((await opts.mode()) === 'upsert') {
        const answer = await objects.batchUpsert('tasks', LOOPSIDE_LOOP_ID, [{ id: projection.loopId, properties }], {});
        const result = answer.results[0];
        if (!result) throw new SyncError(`upsert task ${projection.loopId}: no result`, { kind: 'transient' });
        const contact = await opts.contactOf(projection.loopId);
        if (result.new && contact) await objects.associateDefault('tasks', 'contacts', [{ from: result.id, to: contact }]);
        return result.new ? 'created' : 'updated';
      }
      const key = loopKey(projection.loopId);
      const entry = (await memo.get([key])).get(key);
      let taskId = entry?.id ?? (await findTask(projection.loopId));
      if (taskId) {
        try {
          await objects.update('tasks', taskId, properties, TaskSchema);
          if (!entry?.id) await memo.put([[key, { id: taskId }]]);
          return 'updated';
        } catch (e) {
          // Deleted in HubSpot by a person: forget it and create it again below.
          if (!(e instanceof SyncError && e.status === 404)) throw e;
          await memo.delete([key]);
          taskId = undefined;
        }
      } else if (intentPending(entry)) {
        throw waitForSearch(`upsert task ${projection.loopId}`, entry!);
      }
      await memo.put([[key, { intentAt: opts.now() }]]);
      const answer = await objects.batchCreate(
        'tasks',
        [{ properties, associations: await associations(projection.loopId, 'tasks') }],
        TaskSchema,
      );
      const created = answer.results[0];
      if (!created) throw new SyncError(`create task ${projection.loopId}: no result`, { kind: 'transient' });
      await memo.put([[key, { id: created.id }]]);
      return 'created';
    },

    async pull(cursor): Promise<PullPage> {
      const from = parseCursor(cursor);
      const scope = (await opts.pullScope?.()) ?? null;
      // Activities by the people in scope: one filter group per 100 owner ids (HubSpot ORs the groups).
      const owners: string[][] = scope === null || scope.length === 0 ? [[]] : chunk(scope, IN_MAX).slice(0, 5);
      const unchanged = cursor ?? formatCursor(from);
      // Continuing a backlog reads on only the kinds that have one; a fresh poll reads every kind.
      const inBacklog = ENGAGEMENT_OBJECTS.filter((o) => from[o].backlog);
      const kinds = inBacklog.length > 0 ? inBacklog : ENGAGEMENT_OBJECTS;
      const page: PullPage = { events: [], rejected: [], cursor: unchanged, more: false };
      if (inBacklog.length > 0 && opts.readOn && !opts.readOn()) return page;
      const to: PullCursor = { ...from };
      for (const object of kinds) {
        const { ms: stored, backlog } = from[object];
        const since = backlog ? stored : Math.max(0, stored - overlapMs);
        const answer = await (opts.pullObjects ?? objects).search(
          object,
          {
            filterGroups: owners.map((ids) => ({
              filters: [
                { propertyName: LOOPSIDE_EVENT_ID, operator: 'HAS_PROPERTY' },
                { propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(since) },
                ...(ids.length > 0 ? [{ propertyName: 'hubspot_owner_id', operator: 'IN' as const, values: ids }] : []),
              ],
            })),
            sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
            properties: [LOOPSIDE_EVENT_ID, LOOPSIDE_EVENT, 'hs_lastmodifieddate'],
            limit: SEARCH_PAGE_MAX,
          },
          EngagementSchema,
        );
        let last = 0;
        for (const r of answer.results) {
          const decoded = eventFromEngagement(r.properties);
          if ('event' in decoded) page.events.push(decoded.event);
          else page.rejected.push({ id: `${object}/${r.id}`, reason: decoded.reason });
          last = Math.max(last, Date.parse(r.properties.hs_lastmodifieddate ?? r.updatedAt) || 0);
        }
        // A full page: more of this kind waits after `last`, and the next page starts there.
        const full = answer.paging?.next !== undefined && answer.results.length > 0;
        to[object] = { ms: Math.max(stored, last), backlog: full };
        if (full) page.more = true;
      }
      const moved = ENGAGEMENT_OBJECTS.some((o) => to[o].ms !== from[o].ms || to[o].backlog !== from[o].backlog);
      if (moved) page.cursor = formatCursor(to);
      return page;
    },
  };
}
