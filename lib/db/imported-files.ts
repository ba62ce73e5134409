import type { StreamSummary } from '@/lib/ingest/stream';
import type { LoopsideDb } from './schema';

/** Files remembered for "same file again": a few, each with its response ids (a 100,000-row file holds ~3 MB). */
const FILES_KEPT = 4;

/**
 * After an import read its whole file: the file's summary and the ids of every response in it,
 * under its fingerprint, so the same file again is answered without parsing it (`importedFile`).
 * Only the last few files are kept.
 */
export async function rememberImportedFile(
  db: LoopsideDb,
  fingerprint: string,
  summary: StreamSummary,
  ids: readonly string[],
  now: number,
): Promise<void> {
  if (ids.length !== summary.responses) return; // not every response was asked about (a restarted worker): nothing to vouch for
  await db.transaction('rw', db.importedFiles, async () => {
    await db.importedFiles.put({ fingerprint, summary, ids: [...ids], at: now });
    const older = await db.importedFiles.orderBy('at').reverse().offset(FILES_KEPT).primaryKeys();
    await db.importedFiles.bulkDelete(older);
  });
}

/**
 * The summary of a file imported in full before, while every loop it made or found is still
 * stored (pruning can remove some: then the file is read again); null for a file not seen.
 * Read-only: the options page reads it itself, not through a worker busy with the scan that
 * follows an import.
 */
export async function importedFile(db: LoopsideDb, fingerprint: string): Promise<StreamSummary | null> {
  const file = await db.importedFiles.get(fingerprint);
  if (!file) return null;
  const present = new Set(await db.loops.toCollection().primaryKeys());
  return file.ids.every((id) => present.has(id)) ? (file.summary as StreamSummary) : null;
}
