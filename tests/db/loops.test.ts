import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, openLoop, type LoopEvent, type SurveyResponse } from '@/lib/loop';
import { LoopsideDb } from '@/lib/db/schema';
import { appendEvents } from '@/lib/db/loops';

const calendar = { ...DEFAULT_POLICY.calendar, timeZone: 'Europe/Berlin' };
const monday9 = Date.UTC(2026, 10, 23, 8, 0); // Mon 23 Nov 2026, 09:00 in Berlin

const response = (id: string, over: Partial<SurveyResponse> = {}): SurveyResponse => ({
  id,
  scale: 'nps',
  score: 2,
  comment: 'It broke.',
  respondedAt: monday9,
  email: 'maria@nordwind.example',
  extra: {},
  ...over,
});

let db: LoopsideDb;
let n = 0;
beforeEach(() => {
  db = new LoopsideDb(`test-${++n}`);
});
afterEach(async () => {
  await db.delete();
});

const ctx = { policy: DEFAULT_POLICY, calendar, now: monday9 + 60_000 };
const open = (r: SurveyResponse) => openLoop(r, DEFAULT_POLICY, { calendar, recordedAt: ctx.now });

describe('appendEvents', () => {
  it('creates the loop and its searchable projection', async () => {
    const result = await appendEvents(db, open(response('r1')), ctx);
    expect(result.loopsCreated).toBe(1);
    const row = await db.loops.get('r1');
    expect(row).toMatchObject({ loopId: 'r1', email: 'maria@nordwind.example', route: 'recovery', status: 'open', firstTouchAt: 0 });
    expect(row!.firstTouchDueAt).toBeGreaterThan(monday9);
  });

  it('importing the same response twice adds nothing the second time', async () => {
    await appendEvents(db, open(response('r1')), ctx);
    const again = await appendEvents(db, open(response('r1')), ctx);
    expect(again).toEqual({ added: [], loopsCreated: 0 });
    expect(await db.events.count()).toBe(2);
  });

  it('a logged touch updates the projection and is queued for sync in the same write', async () => {
    await appendEvents(db, open(response('r1')), ctx);
    const touch: LoopEvent = {
      id: 't1',
      loopId: 'r1',
      at: monday9 + 3_600_000,
      actor: 'alex@loopside.example',
      type: 'touch_logged',
      channel: 'call',
      outcome: 'reached',
      note: '',
    };
    await appendEvents(db, [touch, touch], { ...ctx, now: touch.at }, { queueForSync: true });
    expect((await db.loops.get('r1'))!.firstTouchAt).toBe(touch.at);
    expect(await db.outbox.toArray()).toEqual([{ eventId: 't1', loopId: 'r1', queuedAt: touch.at, attempts: 0, nextAttemptAt: 0 }]);
    expect(await db.events.where('loopId').equals('r1').count()).toBe(3);
  });

  it('rejects a malformed event at the boundary and writes nothing', async () => {
    const bad = {
      id: 'x',
      loopId: 'r1',
      at: 1,
      actor: 'me',
      type: 'touch_logged',
      channel: 'pigeon',
      outcome: 'reached',
      note: '',
    } as unknown as LoopEvent;
    await expect(appendEvents(db, [bad], ctx)).rejects.toThrow();
    expect(await db.events.count()).toBe(0);
  });

  it('keeps a touch that arrives before its response and folds it in later', async () => {
    const touch: LoopEvent = {
      id: 't0',
      loopId: 'r2',
      at: monday9 + 1000,
      actor: 'sam@loopside.example',
      type: 'touch_logged',
      channel: 'email',
      outcome: 'reached',
      note: 'synced early',
    };
    await appendEvents(db, [touch], ctx);
    expect(await db.loops.get('r2')).toBeUndefined();
    await appendEvents(db, open(response('r2')), ctx);
    expect((await db.loops.get('r2'))!.firstTouchAt).toBe(touch.at);
  });
});
