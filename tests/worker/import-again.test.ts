import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { LoopsideDb } from '@/lib/db/schema';
import { rememberable, streamImport, type StreamOutcome } from '@/lib/ingest/stream';
import { importBatch, KnownResponses } from '@/lib/worker/import';
import { importedFile, rememberImportedFile } from '@/lib/db/imported-files';

let n = 0;
const NOW = Date.UTC(2026, 11, 1, 12);

const exportOf = (rows: number, extra: string[] = []) =>
  [
    'response id,email,score,comment,date',
    ...Array.from({ length: rows }, (_, i) => `resp-${i},p${i}@x.example,${i % 11},ok,2026-11-20T10:00:00Z`),
    ...extra,
  ].join('\n');

/** The options page and the worker as they talk: the same calls the messages make, with counters. */
function wired(db: LoopsideDb) {
  const known = new KnownResponses(() => db);
  const calls = { known: 0, sent: 0 };
  let imports = 0;
  return {
    calls,
    async run(file: string, timeZone = 'UTC'): Promise<StreamOutcome> {
      const importId = `imp-${++imports}`;
      const outcome = await streamImport(new Blob([file]), {
        timeZone,
        now: NOW,
        batchSize: 40,
        imported: (fingerprint) => importedFile(db, fingerprint),
        known: (ids) => (calls.known++, known.of(importId, ids)),
        send: (batch) => (calls.sent++, importBatch(db, batch, NOW)),
      });
      const remembered = rememberable(outcome);
      if (remembered) await rememberImportedFile(db, remembered.fingerprint, remembered.summary, known.askedBy(importId), NOW + imports);
      return outcome;
    },
  };
}

describe('the same file again', () => {
  it('is answered without reading it while every loop it made is stored; read again once one is gone', async () => {
    const db = new LoopsideDb(`import-again-${process.pid}-${++n}`);
    const page = wired(db);
    const file = exportOf(100, ['bad@x.example,12,out of scale,2026-11-20T10:00:00Z']);
    const first = await page.run(file);
    expect(first).toMatchObject({ kind: 'done', summary: { responses: 100, loopsCreated: 100, errorCount: 1 } });
    const read = { ...page.calls };

    const again = await page.run(file);
    expect(again).toMatchObject({ kind: 'done', summary: { responses: 100, loopsCreated: 0, alreadyImported: 100, errorCount: 1 } });
    // the refused row is still named, as the first import named it
    expect(again.kind === 'done' && again.summary.errors).toEqual(first.kind === 'done' && first.summary.errors);
    expect(page.calls).toEqual(read);

    // Another time zone could read the dates differently: the file is read again.
    await page.run(file, 'Europe/Berlin');
    expect(page.calls.known).toBeGreaterThan(read.known);

    // A loop removed since (pruned): reading the file again brings it back.
    const [id] = (await db.loops.toCollection().primaryKeys()) as string[];
    await db.loops.delete(id!);
    await db.events.where('loopId').equals(id!).delete();
    const afterPrune = await page.run(file);
    expect(afterPrune).toMatchObject({ kind: 'done', summary: { loopsCreated: 1, alreadyImported: 99 } });
    await db.delete();
  });

  it('is read again when a row was refused for a date after the clock: a later day may take it', async () => {
    const db = new LoopsideDb(`import-again-${process.pid}-${++n}`);
    const page = wired(db);
    const file = exportOf(10, ['resp-late,late@x.example,3,soon,2026-12-24T10:00:00Z']);
    expect(await page.run(file)).toMatchObject({ kind: 'done', summary: { responses: 10, futureRows: 1 } });
    const read = { ...page.calls };
    await page.run(file);
    expect(page.calls.known).toBeGreaterThan(read.known);
    await db.delete();
  });
});
