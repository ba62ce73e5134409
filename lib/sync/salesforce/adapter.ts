import type { LoopEvent } from '@/lib/loop';
import { describeErrors, kindOfSalesforceError, MAX_COMPOSITE, type SalesforceClient } from '@/lib/crm/salesforce/api/client';
import { EventTaskRecordSchema, parseSalesforceDateTime, soqlDateTime, soqlString } from '@/lib/crm/salesforce/api/schemas';
import type { LoopProjection, PullPage, PushOutcome, SyncAdapter, UpsertResult } from '../adapter';
import { SyncError } from '../errors';
import type { SalesforceDirectory } from './directory';
import { eventKey, EVENT_KEY_PREFIX, KEY_FIELD, loopKey } from './keys';
import { readTaskValues, type TaskValues } from './org-values';
import type { PollGate } from './poll-gate';
import { eventFromDescription, eventTaskFields, id18, loopTaskFields, type TaskLinks } from './tasks';

export interface SalesforceAdapterOptions {
  client: SalesforceClient;
  directory: SalesforceDirectory;
  now: () => number;
  /** background polls go only when the allocation plan allows; absent: every pull polls */
  gate?: PollGate;
  /** how far back a browser that never pulled starts reading teammates' events */
  firstPullWindowMs?: number;
}

/** event Tasks per pull page: a busy team writes thousands a day, and each page is one request */
export const PULL_PAGE = 1000;
const DEFAULT_FIRST_PULL_WINDOW_MS = 60 * 24 * 3_600_000;
/** Salesforce's answer when a unique field already holds the value: the event is there already. */
const DUPLICATE_CODES = new Set(['DUPLICATE_VALUE', 'DUPLICATE_EXTERNAL_ID']);

/**
 * Cursor of the event pull: the last Task read, as `SystemModstamp|Id`. Ordering by both and reading
 * strictly after the pair never skips a Task that shares a timestamp with the page's last one.
 */
function parseCursor(cursor: string | null): { stamp: number; id: string } | null {
  if (!cursor) return null;
  const [stamp, id] = cursor.split('|');
  const ms = Number(stamp);
  return Number.isFinite(ms) && id ? { stamp: ms, id } : null;
}

/**
 * Team mode on Salesforce as a sync target. Every Loopside event becomes one completed Task on the
 * contact's activity timeline (a logged call is a Call with its disposition), created with its
 * unique key so the org refuses a second copy; up to 25 go in one Composite call, one API request.
 * Each loop is one open Task, upserted by its key. Teammates' events come back by a query on the
 * key since the last `SystemModstamp` read.
 */
export function createSalesforceAdapter(opts: SalesforceAdapterOptions): SyncAdapter & { taskValues(): Promise<TaskValues> } {
  const { client, directory } = opts;
  let values: Promise<TaskValues> | null = null;
  /** the last page was full: the next one is read at once, not at the next planned poll */
  let backlog = false;
  const taskValues = () => {
    values ??= readTaskValues(client).catch((e: unknown) => {
      values = null;
      throw e;
    });
    return values;
  };

  async function linksForEvent(event: LoopEvent): Promise<TaskLinks> {
    const loop = await directory.loop(event.loopId);
    const contactId = event.type === 'received' ? (id18(event.response.salesforceId) ?? loop?.contactId) : loop?.contactId;
    const accountId = event.type === 'received' ? (id18(event.response.accountId) ?? loop?.accountId) : loop?.accountId;
    // The person who acted owns the Task of what they did; system events belong to the loop's owner.
    const actor = event.actor.includes('@') ? event.actor : (loop?.ownerEmail ?? '');
    const ownerId = await directory.userId(actor);
    return { ...(contactId ? { whoId: contactId } : {}), ...(accountId ? { whatId: accountId } : {}), ...(ownerId ? { ownerId } : {}) };
  }

  /**
   * Every member's browser imports the same survey response and so holds the same loop, with the
   * same event ids. Writing those shared parts (the import's own events, the loop's first Task) from
   * every browser would multiply the org's API use by the team's size; the org's unique key would
   * keep one copy, but the requests would still be spent. So the loop owner's browser writes them,
   * and the others leave them — unless the owner is no active user of the org (then everyone does,
   * and the key keeps one copy) or I am not set up (no e-mail in options).
   */
  async function someoneElseWrites(loopId: string, ownerHint?: string): Promise<boolean> {
    const me = await directory.me();
    if (!me) return false;
    const loop = await directory.loop(loopId);
    const owner = (ownerHint || loop?.ownerEmail || '').toLowerCase();
    if (!owner || owner === me) return false;
    return (await directory.userId(owner)) !== undefined;
  }

  return {
    maxBatch: MAX_COMPOSITE,
    taskValues,

    async pushEvents(events): Promise<PushOutcome[]> {
      if (events.length === 0) return [];
      const all = events.slice(0, MAX_COMPOSITE);
      const leftToOwner = new Set<string>();
      for (const event of all) {
        if (!event.actor.includes('@') && (await someoneElseWrites(event.loopId))) leftToOwner.add(event.id);
      }
      const batch = all.filter((e) => !leftToOwner.has(e.id));
      const skipped: PushOutcome[] = [...leftToOwner].map((eventId) => ({ eventId, result: 'already_stored' }));
      if (batch.length === 0) return skipped;
      const v = await taskValues();
      const subrequests = await Promise.all(
        batch.map(async (event, i) => ({
          method: 'POST' as const,
          path: '/sobjects/Task',
          referenceId: `e${i}`,
          body: eventTaskFields(event, await eventKey(event.id), await linksForEvent(event), v),
        })),
      );
      const results = await client.composite(subrequests, `push ${batch.length} event(s)`);
      const byRef = new Map(results.map((r) => [r.referenceId, r]));
      return skipped.concat(
        batch.map((event, i): PushOutcome => {
          const r = byRef.get(`e${i}`);
          if (!r)
            return {
              eventId: event.id,
              result: { error: new SyncError(`push ${event.id}: no answer in the composite`, { kind: 'transient' }) },
            };
          if (r.httpStatusCode === 201 || r.httpStatusCode === 200) return { eventId: event.id, result: 'stored' };
          const error = describeErrors(r.body);
          if (error && DUPLICATE_CODES.has(error.code)) return { eventId: event.id, result: 'already_stored' };
          const kind = kindOfSalesforceError(r.httpStatusCode, error?.code);
          return {
            eventId: event.id,
            result: {
              error: new SyncError(`push ${event.id}: HTTP ${r.httpStatusCode} ${error?.text ?? ''}`.trim(), {
                kind,
                status: r.httpStatusCode,
              }),
            },
          };
        }),
      );
    },

    async upsertLoop(projection: LoopProjection): Promise<UpsertResult> {
      const loop = await directory.loop(projection.loopId);
      // A fresh import's Task is the owner's browser's to write; after a person acted, the actor's browser writes it.
      if (!loop?.touched && projection.status === 'open' && (await someoneElseWrites(projection.loopId, projection.ownerEmail)))
        return 'updated';
      const v = await taskValues();
      const whoId = id18(projection.contact.salesforceId) ?? loop?.contactId;
      const whatId = loop?.accountId;
      const ownerId = await directory.userId(projection.ownerEmail);
      const key = await loopKey(projection.loopId);
      const fields = loopTaskFields(
        projection,
        key,
        { ...(whoId ? { whoId } : {}), ...(whatId ? { whatId } : {}), ...(ownerId ? { ownerId } : {}) },
        v,
      );
      return client.upsert('Task', KEY_FIELD, key, fields, `upsert the Task of loop ${projection.loopId}`);
    },

    async pull(cursor): Promise<PullPage> {
      const now = opts.now();
      const since = parseCursor(cursor);
      if (opts.gate && !backlog && !opts.gate.open('events', now)) return { events: [], rejected: [], cursor: cursor ?? '' };
      const window = opts.firstPullWindowMs ?? DEFAULT_FIRST_PULL_WINDOW_MS;
      const after = since
        ? `(SystemModstamp > ${soqlDateTime(since.stamp)} OR (SystemModstamp = ${soqlDateTime(since.stamp)} AND Id > ${soqlString(since.id)}))`
        : `SystemModstamp > ${soqlDateTime(now - window)}`;
      const soql =
        `SELECT Id, Description, SystemModstamp FROM Task WHERE ${KEY_FIELD} LIKE '${EVENT_KEY_PREFIX}%' AND ${after} ` +
        `ORDER BY SystemModstamp ASC, Id ASC LIMIT ${PULL_PAGE}`;
      const result = await client.query(soql, `pull teammates' events since ${cursor || 'the start'}`, PULL_PAGE);
      backlog = result.records.length >= PULL_PAGE;
      const page: PullPage = { events: [], rejected: [], cursor: cursor ?? '' };
      for (const raw of result.records) {
        const task = EventTaskRecordSchema.safeParse(raw);
        if (!task.success) {
          page.rejected.push({ id: '(task)', reason: 'a Task without Id or SystemModstamp' });
          continue;
        }
        const stamp = parseSalesforceDateTime(task.data.SystemModstamp);
        if (stamp !== null) page.cursor = `${stamp}|${task.data.Id}`;
        const read = eventFromDescription(task.data.Description);
        if ('event' in read) page.events.push(read.event);
        else page.rejected.push({ id: task.data.Id, reason: read.reason });
      }
      return page;
    },
  };
}
