import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { LoopsideDb } from '@/lib/db/schema';
import { appendEvents } from '@/lib/db/loops';
import { DEFAULT_POLICY, openLoop, type SurveyResponse } from '@/lib/loop';
import { importBatch, KnownResponses } from '@/lib/worker/import';

let n = 0;
const freshDb = () => new LoopsideDb(`import-batch-${process.pid}-${++n}`);
const T0 = Date.UTC(2026, 10, 23, 9);

const response = (i: number, extra: Partial<SurveyResponse> = {}): SurveyResponse => ({
  id: `r_${i}`,
  scale: 'nps',
  score: i % 11,
  comment: `comment ${i}`,
  respondedAt: T0 - i * 60_000,
  email: `p${i}@x.example`,
  extra: {},
  ...extra,
});

describe('writing a batch of imported responses', () => {
  it('creates one loop per new response, counts the known ones, and adds nothing the second time', async () => {
    const db = freshDb();
    const batch = Array.from({ length: 300 }, (_, i) => response(i));
    expect(await importBatch(db, batch, T0)).toEqual({ loopsCreated: 300, alreadyImported: 0 });
    expect(await db.loops.count()).toBe(300);
    expect(await db.events.count()).toBe(600);
    const overlapping = Array.from({ length: 200 }, (_, i) => response(i + 200));
    expect(await importBatch(db, overlapping, T0)).toEqual({ loopsCreated: 100, alreadyImported: 100 });
    expect(await importBatch(db, batch, T0)).toEqual({ loopsCreated: 0, alreadyImported: 300 });
    expect(await db.loops.count()).toBe(400);
    expect(await db.outbox.count()).toBe(0);
  });

  it('a response listed twice in one batch makes one loop', async () => {
    const db = freshDb();
    expect(await importBatch(db, [response(1), response(1)], T0)).toEqual({ loopsCreated: 1, alreadyImported: 1 });
  });

  it('folds in a touch that synced in before its response arrived', async () => {
    const db = freshDb();
    const touch = {
      id: 'touch-1',
      loopId: 'r_3',
      at: T0 + 60_000,
      actor: 'alex@x.example',
      type: 'touch_logged' as const,
      channel: 'call' as const,
      outcome: 'reached' as const,
      note: 'called',
    };
    await appendEvents(db, [touch], { policy: DEFAULT_POLICY, calendar: DEFAULT_POLICY.calendar, now: T0 });
    expect(await db.loops.count()).toBe(0);
    expect(await importBatch(db, [response(3)], T0 + 120_000)).toEqual({ loopsCreated: 1, alreadyImported: 0 });
    expect(await db.loops.get('r_3')).toMatchObject({ firstTouchAt: T0 + 60_000, status: 'open' });
    expect(await db.orphans.count()).toBe(0);
  });

  it('a loop a teammate created already keeps what happened to it; the import only adds the event it lacked', async () => {
    const db = freshDb();
    const [received, routed] = eventsOf(4);
    const touch = {
      id: 'touch-4',
      loopId: 'r_4',
      at: T0 + 60_000,
      actor: 'alex@x.example',
      type: 'touch_logged' as const,
      channel: 'call' as const,
      outcome: 'reached' as const,
      note: 'called',
    };
    // Synced in from the CRM: the response and a touch, without the routing (never pushed).
    await appendEvents(db, [received!, touch], { policy: DEFAULT_POLICY, calendar: DEFAULT_POLICY.calendar, now: T0 });
    expect(await importBatch(db, [response(4), response(5)], T0 + 120_000)).toEqual({ loopsCreated: 1, alreadyImported: 1 });
    expect(await db.events.get(routed!.id)).toBeDefined();
    // Folded from all it holds: the touch stays, and the routing's due time is now known.
    expect(await db.loops.get('r_4')).toMatchObject({
      firstTouchAt: T0 + 60_000,
      firstTouchDueAt: routed!.type === 'routed' ? routed!.firstTouchDueAt : -1,
    });
    expect(await db.loops.get('r_5')).toMatchObject({ firstTouchAt: 0, status: 'open' });
  });
});

describe('an older low score in an import', () => {
  it.each([
    ['a large batch', 300],
    ['a small batch', 2],
  ])('wakes the same contact’s newer waiting loop for the scan (%s)', async (_, size) => {
    const db = freshDb();
    const now = T0 + 60_000;
    await importBatch(db, [response(0, { id: 'newer', email: 'c@x.example', score: 3, respondedAt: T0 })], T0);
    // the scan looked at it: nothing due before its next stage
    await db.loops.update('newer', { nextWakeAt: now + 3_600_000 });
    await db.scanDirty.clear();
    const batch = Array.from({ length: size }, (_, i) => response(i + 1, { score: 2 }));
    batch[0] = response(1, { email: 'C@x.example', score: 4, respondedAt: T0 - 86_400_000 });
    await importBatch(db, batch, now);
    const dirty = (await db.scanDirty.toArray()).flatMap((r) => r.loopIds);
    expect(dirty).toContain('newer');
    expect(await db.loops.get('newer')).toMatchObject({ nextWakeAt: now });
  });
});

describe('the write path of an import', () => {
  it('an event id the store holds under another loop is skipped alone; the rest of the batch is written', async () => {
    const db = freshDb();
    await importBatch(db, [response(1)], T0);
    // `r_1/received` exists; a second response whose loop would reuse that event id cannot overwrite it.
    const clash = {
      id: 'r_1/received',
      loopId: 'r_other',
      at: T0,
      actor: 'system',
      type: 'received' as const,
      response: response(1, { id: 'r_other' }),
    };
    const result = await appendEvents(db, [clash, ...eventsOf(2)], { policy: DEFAULT_POLICY, calendar: DEFAULT_POLICY.calendar, now: T0 });
    expect(result.added.map((e) => e.id)).not.toContain('r_1/received');
    expect(await db.loops.get('r_2')).toMatchObject({ status: 'open' });
    expect((await db.events.get('r_1/received'))?.loopId).toBe('r_1');
  });

  it('answers "already imported" for a whole import from one read of the loop ids', async () => {
    const db = freshDb();
    await importBatch(db, [response(1), response(2)], T0);
    const known = new KnownResponses(() => db);
    expect(await known.of('imp-1', ['r_1', 'r_3', 'r_2'])).toEqual([true, false, true]);
    await importBatch(db, [response(3)], T0);
    // a new import reads the ids again
    expect(await known.of('imp-2', ['r_3'])).toEqual([true]);
  });
});

function eventsOf(i: number) {
  return openLoop(response(i), DEFAULT_POLICY, { calendar: DEFAULT_POLICY.calendar, recordedAt: T0 });
}
