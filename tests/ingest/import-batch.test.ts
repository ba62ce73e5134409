import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { LoopsideDb } from '@/lib/db/schema';
import { appendEvents } from '@/lib/db/loops';
import { DEFAULT_POLICY, type SurveyResponse } from '@/lib/loop';
import { importBatch } from '@/lib/worker/import';

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
  });
});
