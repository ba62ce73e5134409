import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type LoopEvent } from '@/lib/loop';
import { LoopsideDb } from '@/lib/db/schema';
import { appendEvents } from '@/lib/db/loops';
import { pruneDaily, pruneStore } from '@/lib/db/prune';
import { readSettings, writeSettings } from '@/lib/db/settings';
import { eventsFor, HOUR, MON_10, response, UTC } from '../notify/helpers';

const DAY = 24 * HOUR;
let db: LoopsideDb;
let n = 0;
beforeEach(() => {
  db = new LoopsideDb(`prune-${++n}`);
});
afterEach(async () => {
  await db.delete();
});

const ctx = (now: number) => ({ policy: DEFAULT_POLICY, calendar: UTC, now });
const ev = (loopId: string, at: number, extra: Record<string, unknown>): LoopEvent =>
  ({ id: `${loopId}/${String(extra.type)}`, loopId, at, actor: 'me', ...extra }) as LoopEvent;
const notify = (loopId: string) =>
  db.notified.put({ key: `${loopId}|breached|`, loopId, kind: 'breached', recipient: '', at: MON_10, snoozedUntil: 0 });

describe('pruning the store', () => {
  it('drops alerts of touched loops and old links, keeps alerts of waiting loops', async () => {
    await appendEvents(db, [...eventsFor(response({ id: 'waiting' })), ...eventsFor(response({ id: 'touched' }))], ctx(MON_10));
    await appendEvents(
      db,
      [ev('touched', MON_10 + HOUR, { type: 'touch_logged', channel: 'call', outcome: 'reached', note: '' })],
      ctx(MON_10 + HOUR),
    );
    await notify('waiting');
    await notify('touched');
    await db.recordLinks.bulkPut([
      { key: 'email:old@x.example', url: 'https://app.hubspot.com/a', seenAt: MON_10 - 200 * DAY },
      { key: 'email:new@x.example', url: 'https://app.hubspot.com/b', seenAt: MON_10 },
    ]);
    const result = await pruneStore(db, MON_10 + DAY);
    expect(result).toMatchObject({ notified: 1, recordLinks: 1, loops: 0 });
    expect((await db.notified.toArray()).map((r) => r.loopId)).toEqual(['waiting']);
    expect((await db.recordLinks.toArray()).map((r) => r.key)).toEqual(['email:new@x.example']);
  });

  it('removes a loop closed longer than the retention period, never one the sync target has not acknowledged', async () => {
    for (const id of ['old', 'unsynced', 'recent']) await appendEvents(db, eventsFor(response({ id })), ctx(MON_10));
    await appendEvents(db, [ev('old', MON_10 + DAY, { type: 'closed', state: 'resolved', reason: 'done' })], ctx(MON_10 + DAY));
    await appendEvents(db, [ev('unsynced', MON_10 + DAY, { type: 'closed', state: 'resolved', reason: 'done' })], ctx(MON_10 + DAY), {
      queueForSync: true,
    });
    await appendEvents(
      db,
      [ev('recent', MON_10 + 300 * DAY, { type: 'closed', state: 'resolved', reason: 'done' })],
      ctx(MON_10 + 300 * DAY),
    );
    const result = await pruneStore(db, MON_10 + 420 * DAY, { closedLoopDays: 400, recordLinkDays: 180 });
    expect(result.loops).toBe(1);
    expect((await db.loops.toArray()).map((r) => r.loopId).sort()).toEqual(['recent', 'unsynced']);
    expect(await db.events.where('loopId').equals('old').count()).toBe(0);
  });

  it('runs at most once a day', async () => {
    expect(await pruneDaily(db, MON_10)).not.toBeNull();
    expect(await pruneDaily(db, MON_10 + HOUR)).toBeNull();
    expect(await pruneDaily(db, MON_10 + DAY)).not.toBeNull();
  });

  it('the daily prune keeps closed loops as long as options say, 400 days unless changed', async () => {
    for (const id of ['closed', 'open']) await appendEvents(db, eventsFor(response({ id })), ctx(MON_10));
    await appendEvents(db, [ev('closed', MON_10 + DAY, { type: 'closed', state: 'resolved', reason: 'done' })], ctx(MON_10 + DAY));
    expect(await pruneDaily(db, MON_10 + 90 * DAY)).toMatchObject({ loops: 0 });
    await writeSettings(db, { ...(await readSettings(db)), keepClosedLoopsDays: 60 });
    expect(await pruneDaily(db, MON_10 + 92 * DAY)).toMatchObject({ loops: 1 });
    expect((await db.loops.toArray()).map((r) => r.loopId)).toEqual(['open']);
  });
});
