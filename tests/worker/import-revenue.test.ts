import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoopsideDb } from '@/lib/db/schema';
import { forgetAccountRevenues, readRevenueThreshold } from '@/lib/db/contact-context';
import { finishImport, importBatch } from '@/lib/worker/import';
import type { SurveyResponse } from '@/lib/loop';
import { response } from '../loop/helpers';

let db: LoopsideDb;
let n = 0;
beforeEach(() => {
  db = new LoopsideDb(`revenue-${++n}`);
});
afterEach(async () => {
  await db.delete();
});

const now = Date.UTC(2026, 10, 24, 9, 0);
const respond = (i: number, company: string, revenue: number | undefined): SurveyResponse =>
  response({
    id: `r-${i}`,
    email: `c${i}@${company.toLowerCase()}.example`,
    company,
    respondedAt: now - i * 60_000,
    ...(revenue === undefined ? {} : { accountRevenue: revenue }),
  });

describe('the top-revenue threshold across imports', () => {
  it('counts each account once, at its largest revenue, batch after batch and import after import', async () => {
    // Ten accounts of 100 … 1,000; the top 20 % starts at 900. Acme answers twice: 100, then 950.
    await importBatch(db, [respond(1, 'Acme', 100), ...[2, 3, 4, 5].map((i) => respond(i, `Co${i}`, i * 100))], now);
    await importBatch(
      db,
      [6, 7, 8, 9, 10].map((i) => respond(i, `Co${i}`, i * 100)),
      now,
    );
    expect(await finishImport(db)).toBe(900);
    await importBatch(db, [respond(11, 'Acme', 950), respond(12, 'Nameless', undefined)], now);
    // Acme is one account at 950, not two: 950 is now in the top two of ten.
    expect(await finishImport(db)).toBe(950);
    expect(await readRevenueThreshold(db)).toBe(950);
  });

  it('a store pruned since builds the table again from the events it still holds', async () => {
    await importBatch(
      db,
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => respond(i, `Co${i}`, i * 100)),
      now,
    );
    expect(await finishImport(db)).toBe(900);
    // As pruning does: the loops of the two largest accounts are gone, and so is the table.
    const gone = ['r-9', 'r-10'];
    await db.events.where('loopId').anyOf(gone).delete();
    await db.loops.bulkDelete(gone);
    await forgetAccountRevenues(db);
    await importBatch(db, [respond(11, 'Co11', 50)], now);
    // Nine accounts left (50, 100 … 800): the top 20 % starts at the second largest.
    expect(await finishImport(db)).toBe(700);
  });

  it('one import of the whole file gives the same threshold as the same rows in many batches', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => respond(i + 1, `Co${(i * 7) % 23}`, ((i * 37) % 50) * 1000));
    await importBatch(db, rows, now);
    const whole = await finishImport(db);
    const other = new LoopsideDb(`revenue-${++n}`);
    try {
      for (let i = 0; i < rows.length; i += 7) await importBatch(other, rows.slice(i, i + 7), now);
      expect(await finishImport(other)).toBe(whole);
    } finally {
      await other.delete();
    }
  });
});
