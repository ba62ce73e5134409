import { openLoop, type SurveyResponse } from '@/lib/loop';
import { parseResponsesCsv } from '@/lib/ingest/csv';
import { demoHistory, demoResponsesCsv } from '@/lib/ingest/demo';
import { responseId } from '@/lib/ingest/response-id';
import { appendEvents } from '@/lib/db/loops';
import { refreshRevenueThreshold } from '@/lib/db/contact-context';
import { readClockContext } from '@/lib/db/engine-context';
import { readSettings } from '@/lib/db/settings';
import { isTeamMode } from '@/lib/settings/schema';
import type { LoopsideDb } from '@/lib/db/schema';
import type { ImportSummary } from '@/lib/messaging/protocol';

/**
 * Turns parsed responses into loops. Response ids are deterministic and loop events carry
 * ids derived from them, so importing the same file twice adds nothing the second time.
 * In team mode the new loops' events and projections are queued for sync with them, so the team
 * (and the CRM task list) sees the loop; in local mode nothing is queued.
 */
export async function importResponses(db: LoopsideDb, responses: readonly SurveyResponse[], now: number) {
  const { policy, settings, calendar, calendarOf } = await readClockContext(db);
  // Each loop's due times are set on its owner's clock (zone, hours, workdays from the directory).
  const events = responses.flatMap((response) =>
    openLoop(response, policy, { calendar: calendarOf(response.ownerEmail), recordedAt: now, ownerEmail: response.ownerEmail }),
  );
  const { loopsCreated } = await appendEvents(db, events, { policy, calendar, calendarOf, now }, { queueForSync: isTeamMode(settings) });
  if (loopsCreated > 0) await refreshRevenueThreshold(db, policy);
  return { loopsCreated, alreadyImported: responses.length - loopsCreated };
}

export async function importCsv(db: LoopsideDb, text: string, now: number): Promise<ImportSummary> {
  const settings = await readSettings(db);
  const parsed = parseResponsesCsv(text, { timeZone: settings.timeZone });
  if ('fatal' in parsed && typeof parsed.fatal === 'string') {
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
