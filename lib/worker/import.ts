import { openLoop, type SurveyResponse } from '@/lib/loop';
import { parseResponsesCsv } from '@/lib/ingest/csv';
import { demoHistory, demoResponsesCsv } from '@/lib/ingest/demo';
import { responseId } from '@/lib/ingest/response-id';
import { appendEvents } from '@/lib/db/loops';
import { addAccountRevenues, refreshRevenueThreshold } from '@/lib/db/contact-context';
import { readClockContext } from '@/lib/db/engine-context';
import { readPolicy, readSettings } from '@/lib/db/settings';
import { isTeamMode } from '@/lib/settings/schema';
import type { LoopsideDb } from '@/lib/db/schema';
import type { ImportSummary } from '@/lib/messaging/protocol';

export interface BatchResult {
  loopsCreated: number;
  alreadyImported: number;
}

/**
 * Turns parsed responses into loops, one transaction per call. Response ids are deterministic and
 * a loop's id is its response's, so is its `received` event's id: "already imported" is the store
 * refusing that event, never a scan or a read per row. Importing the same file twice adds nothing
 * the second time (the options page does not even send rows `import/known` knows). The new loops'
 * events and rows are written in bulk; events of these loops that arrived before their response
 * (a teammate's touch synced in ahead) are folded in. In team mode the new loops' events and
 * projections are queued for sync in the same transaction; in local mode nothing is. The new
 * loops' revenues join the per-account table; the threshold is computed from it once, by
 * `finishImport` after the last batch.
 */
export async function importBatch(db: LoopsideDb, responses: readonly SurveyResponse[], now: number): Promise<BatchResult> {
  const fresh = new Map<string, SurveyResponse>();
  for (const r of responses) if (!fresh.has(r.id)) fresh.set(r.id, r);
  if (fresh.size === 0) return { loopsCreated: 0, alreadyImported: responses.length };
  const { policy, settings, calendar, calendarOf } = await readClockContext(db);
  // Each loop's due times are set on its owner's clock (zone, hours, workdays from the directory).
  const events = [...fresh.values()].flatMap((response) =>
    openLoop(response, policy, { calendar: calendarOf(response.ownerEmail), recordedAt: now, ownerEmail: response.ownerEmail }),
  );
  // The responses were checked at the message boundary and openLoop builds well-formed events.
  const { added, loopsCreated } = await appendEvents(
    db,
    events,
    { policy, calendar, calendarOf, now },
    { queueForSync: isTeamMode(settings), validated: true, newLoops: true },
  );
  await addAccountRevenues(
    db,
    added.flatMap((e) => (e.type === 'received' ? [e.response] : [])),
  );
  return { loopsCreated, alreadyImported: responses.length - loopsCreated };
}

/**
 * Which response ids are loops already, for one import: the store's loop ids are read once, keys
 * only and in one request (a loop row carries the whole response; none is read), then every batch
 * of the import is answered from memory. Loops created meanwhile by someone else are caught by
 * importBatch's own check; a new import (or a restarted worker) reads the ids again. The ids the
 * import asked about are kept until the next import: they are every response of the file.
 */
export class KnownResponses {
  private importId = '';
  private ids: Promise<Set<string>> | null = null;
  private asked: string[] = [];

  constructor(private readonly db: () => LoopsideDb) {}

  async of(importId: string, ids: readonly string[]): Promise<boolean[]> {
    if (importId !== this.importId || this.ids === null) {
      if (importId !== this.importId) this.asked = [];
      this.importId = importId;
      this.ids = this.db()
        .loops.toCollection()
        .primaryKeys()
        .then((keys) => new Set(keys));
      this.ids.catch(() => (this.ids = null));
    }
    this.asked.push(...ids);
    const present = await this.ids;
    return ids.map((id) => present.has(id));
  }

  /** every response id this import asked about (none after a worker restart, or for another import) */
  askedBy(importId: string): readonly string[] {
    return importId === this.importId ? this.asked : [];
  }
}

/** After the last batch of an import that created loops: the top-revenue threshold follows the new accounts. */
export async function finishImport(db: LoopsideDb): Promise<number | null> {
  return refreshRevenueThreshold(db, await readPolicy(db));
}

/** Responses already parsed → loops, in one go (the demo, `import/csv`, tests). */
export async function importResponses(db: LoopsideDb, responses: readonly SurveyResponse[], now: number): Promise<BatchResult> {
  const result = await importBatch(db, responses, now);
  if (result.loopsCreated > 0) await finishImport(db);
  return result;
}

/** A whole export sent as text (scripts and tests; the options page streams batches instead). */
export async function importCsv(db: LoopsideDb, text: string, now: number): Promise<ImportSummary> {
  const settings = await readSettings(db);
  const parsed = parseResponsesCsv(text, { timeZone: settings.timeZone, now });
  if (parsed.fatal !== undefined) {
    return { responses: 0, loopsCreated: 0, alreadyImported: 0, duplicates: 0, errors: parsed.errors, fatal: parsed.fatal };
  }
  const { loopsCreated, alreadyImported } = await importResponses(db, parsed.responses, now);
  return {
    responses: parsed.responses.length,
    loopsCreated,
    alreadyImported,
    duplicates: parsed.duplicates,
    errors: parsed.errors,
  };
}

/** The demo export, then what the team already did about the oldest loop (see demoHistory). */
export async function importDemo(db: LoopsideDb, now: number): Promise<ImportSummary> {
  const summary = await importCsv(db, demoResponsesCsv(now), now);
  const { policy, settings, calendar, calendarOf } = await readClockContext(db);
  const history = demoHistory(now, (sourceId) => responseId({ sourceId, respondedAt: 0, scale: 'nps', score: 0 }));
  await appendEvents(db, history, { policy, calendar, calendarOf, now }, { queueForSync: isTeamMode(settings) });
  return summary;
}
