import type { SurveyResponse } from '@/lib/loop';
import { CsvRowStream, ResponseReader, type MappingNeeded, type ResponseReaderOptions, type RowError } from './csv';
import type { ExportFormat } from './formats';
import { fileFingerprint } from './fingerprint';

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  /** data rows read so far, good or bad */
  rowsRead: number;
  loopsCreated: number;
  alreadyImported: number;
  /** rows refused so far */
  errors: number;
}

export interface StreamSummary {
  /** responses read from the file (duplicates within the file not counted) */
  responses: number;
  loopsCreated: number;
  alreadyImported: number;
  duplicates: number;
  /** comments longer than a response holds: the responses were kept, the comments cut */
  longComments: number;
  /** rows refused (also) for a date after this computer's clock: a later import of the file may take them */
  futureRows: number;
  /** all refused rows */
  errorCount: number;
  /** the first MAX_LISTED_ERRORS of them, by line */
  errors: RowError[];
  format: ExportFormat;
  /** field → the header it was read from */
  columns: Record<string, string>;
}

export type StreamOutcome =
  /** `fingerprint`: the file's (see `imported`), when it was taken */
  | { kind: 'done'; summary: StreamSummary; fingerprint?: string }
  /** stopped by the person: what was written stays and is what the summary counts (importing the file again continues, adding nothing twice) */
  | { kind: 'cancelled'; summary: StreamSummary }
  | { kind: 'fatal'; message: string; mapping?: MappingNeeded };

export interface StreamImportOptions extends ResponseReaderOptions {
  /** writes one batch (the worker's `import/batch`); at most one is in flight while the next is read */
  send(batch: SurveyResponse[]): Promise<{ loopsCreated: number; alreadyImported: number }>;
  /**
   * Which of these response ids are imported already (the worker's `import/known`, keys only):
   * those rows are counted and not sent, so importing a file again moves ids, not responses.
   */
  known?(ids: string[]): Promise<boolean[]>;
  /**
   * A file imported in full before: the worker's summary of that import when every loop it made
   * is still stored (null otherwise). With it, the file's fingerprint (its bytes and
   * `fingerprintContext`) is taken first, and a file known this way is not parsed again.
   */
  imported?(fingerprint: string): Promise<StreamSummary | null>;
  /** what else the reading depends on besides the time zone (remembered column choices) */
  fingerprintContext?: string;
  onProgress?(progress: ImportProgress): void;
  signal?: AbortSignal;
  /** bytes read per slice of the file */
  sliceBytes?: number;
  /** responses per batch */
  batchSize?: number;
}

/**
 * What the worker may remember of a finished import for "same file again": a file read in full
 * whose every response is stored now, and none of whose rows a later day could read differently
 * (a row refused for a date after the clock may be taken tomorrow). Null otherwise.
 */
export function rememberable(outcome: StreamOutcome): { fingerprint: string; summary: StreamSummary } | null {
  if (outcome.kind !== 'done' || !outcome.fingerprint) return null;
  const { summary } = outcome;
  if (summary.futureRows > 0 || summary.loopsCreated + summary.alreadyImported !== summary.responses) return null;
  return { fingerprint: outcome.fingerprint, summary };
}

export const MAX_LISTED_ERRORS = 500;
// A slice is parsed in one task of the page: small enough that the page never freezes.
const SLICE_BYTES = 256 * 1024;
const BATCH_SIZE = 2000;

/** The slices of a file (or text) as decoded text: a character split across two slices is decoded whole. */
async function* slices(source: Blob | string, size: number): AsyncGenerator<{ text: string; bytes: number }> {
  if (typeof source === 'string') {
    for (let at = 0; at < source.length; at += size) {
      yield { text: source.slice(at, at + size), bytes: Math.min(at + size, source.length) };
      // let the page breathe between slices, as a file read does
      await Promise.resolve();
    }
    return;
  }
  const decoder = new TextDecoder('utf-8');
  for (let at = 0; at < source.size; at += size) {
    const buffer = await source.slice(at, at + size).arrayBuffer();
    yield { text: decoder.decode(buffer, { stream: at + size < source.size }), bytes: Math.min(at + size, source.size) };
  }
}

/**
 * A survey export → loops, without ever holding the whole file: read in slices, parsed row by row
 * (ResponseReader), the responses sent to the worker in batches (one transaction each) while the
 * next slice is read. Progress after every slice; cancel with `signal` between slices. A file that
 * cannot be imported as it is stops at its header (and the first rows, for the mapping step).
 */
export async function streamImport(source: Blob | string, opts: StreamImportOptions): Promise<StreamOutcome> {
  let fingerprint: string | undefined;
  if (opts.imported) {
    fingerprint = await fileFingerprint(source, `${opts.timeZone}\n${opts.scale ?? ''}\n${opts.fingerprintContext ?? ''}`);
    const before = await opts.imported(fingerprint);
    // Same bytes read the same way, and every loop still there: this import would add nothing.
    if (before) return { kind: 'done', summary: { ...before, loopsCreated: 0, alreadyImported: before.responses }, fingerprint };
  }
  const reader = new ResponseReader(opts);
  const totalBytes = typeof source === 'string' ? source.length : source.size;
  const batchSize = opts.batchSize ?? BATCH_SIZE;
  let bytesRead = 0;
  let loopsCreated = 0;
  let alreadyImported = 0;
  let inFlight: Promise<void> = Promise.resolve();

  const progress = () =>
    opts.onProgress?.({ bytesRead, totalBytes, rowsRead: reader.rowsRead, loopsCreated, alreadyImported, errors: reader.errors.length });
  /** responses read but never sent: a cancel drops them (the next import of the file reads them again) */
  let unsent = 0;
  const send = async (force: boolean) => {
    if (reader.pendingCount === 0 || (!force && reader.pendingCount < batchSize)) return;
    const batch = reader.take();
    await inFlight;
    if (opts.signal?.aborted) {
      unsent += batch.length;
      return;
    }
    inFlight = (async () => {
      const known = opts.known ? await opts.known(batch.map((r) => r.id)) : [];
      const fresh = batch.filter((_, i) => !known[i]);
      const r = fresh.length > 0 ? await opts.send(fresh) : { loopsCreated: 0, alreadyImported: 0 };
      loopsCreated += r.loopsCreated;
      alreadyImported += batch.length - fresh.length + r.alreadyImported;
      progress();
    })();
  };
  const summary = (): StreamSummary => ({
    responses: reader.responsesRead - unsent,
    loopsCreated,
    alreadyImported,
    duplicates: reader.duplicates,
    longComments: reader.longComments,
    futureRows: reader.futureRows,
    errorCount: reader.errors.length,
    errors: reader.errors.slice(0, MAX_LISTED_ERRORS),
    format: reader.format,
    columns: reader.columns,
  });

  if (!reader.fatal) {
    const rows = new CsvRowStream(reader.handlers);
    for await (const slice of slices(source, opts.sliceBytes ?? SLICE_BYTES)) {
      if (opts.signal?.aborted) {
        // Cancel is quick: the batch being written finishes (one transaction: whole or nothing),
        // what was read but not sent is dropped, so the summary counts exactly what is stored.
        unsent += reader.take().length;
        await inFlight;
        return { kind: 'cancelled', summary: summary() };
      }
      rows.push(slice.text);
      bytesRead = slice.bytes;
      if (rows.done || reader.done) break;
      await send(false);
      progress();
    }
    if (!rows.done && !reader.done) rows.end();
  }
  reader.finish();
  if (reader.fatal) {
    await inFlight;
    return { kind: 'fatal', message: reader.fatal, ...(reader.mapping ? { mapping: reader.mapping } : {}) };
  }
  await send(true);
  await inFlight;
  if (opts.signal?.aborted && unsent > 0) return { kind: 'cancelled', summary: summary() };
  bytesRead = totalBytes;
  progress();
  return { kind: 'done', summary: summary(), ...(fingerprint ? { fingerprint } : {}) };
}
