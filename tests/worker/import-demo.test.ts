import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoopsideDb } from '@/lib/db/schema';
import { importDemo } from '@/lib/worker/import';

let db: LoopsideDb;
let n = 0;
beforeEach(() => {
  db = new LoopsideDb(`demo-${++n}`);
});
afterEach(async () => {
  await db.delete();
});

describe('demo data', () => {
  const now = Date.UTC(2026, 10, 24, 9, 0);

  it('creates eight loops; Maria’s earlier detractor was called and resolved, her new one is open', async () => {
    const summary = await importDemo(db, now);
    expect(summary).toMatchObject({ responses: 8, loopsCreated: 8, errors: [] });
    const maria = await db.loops.where('email').equals('maria.keller@nordwind.example').sortBy('respondedAt');
    expect(maria.map((l) => [l.score, l.status, l.firstTouchAt > 0])).toEqual([
      [6, 'resolved', true],
      [2, 'open', false],
    ]);
  });

  it('loading it twice adds nothing', async () => {
    await importDemo(db, now);
    const events = await db.events.count();
    expect(await importDemo(db, now + 60_000)).toMatchObject({ loopsCreated: 0, alreadyImported: 8 });
    expect(await db.events.count()).toBe(events);
  });
});
