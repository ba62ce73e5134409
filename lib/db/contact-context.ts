import { topRevenueThreshold, type ContactContext, type LoopEvent, type Policy, type SurveyResponse } from '@/lib/loop';
import type { LoopsideDb } from './schema';

const THRESHOLD_KEY = 'topRevenueThreshold';

/** Each account's largest revenue seen so far, kept beside the threshold so an import adds to it instead of reading every event. */
const REVENUES_KEY = 'revenue/byAccount';

const accountKey = (r: SurveyResponse) => (r.company ?? r.email ?? r.id).toLowerCase();

/** Adds responses' revenues to a per-account table (one revenue per account: its largest). */
function addRevenues(perAccount: Record<string, number>, responses: Iterable<SurveyResponse>): void {
  for (const r of responses) {
    if (r.accountRevenue === undefined) continue;
    const key = accountKey(r);
    perAccount[key] = Math.max(perAccount[key] ?? 0, r.accountRevenue);
  }
}

/**
 * The kept per-account table, or one built from every `received` event in the store (one bulk
 * read: a cursor would wait for the store at each event). `added`: responses whose loops were just
 * created; when they are all the loops the store holds (its first import), they are the table and
 * no event is read back.
 */
async function keptRevenues(
  db: LoopsideDb,
  added?: readonly SurveyResponse[],
): Promise<{ perAccount: Record<string, number>; built: boolean }> {
  const kept = (await db.kv.get(REVENUES_KEY))?.value;
  if (kept !== null && typeof kept === 'object') return { perAccount: { ...(kept as Record<string, number>) }, built: false };
  const perAccount: Record<string, number> = {};
  if (added && (await db.loops.count()) <= added.length) {
    addRevenues(perAccount, added);
    return { perAccount, built: true };
  }
  const events = await db.events.toArray();
  addRevenues(
    perAccount,
    events.flatMap((e: LoopEvent) => (e.type === 'received' ? [e.response] : [])),
  );
  return { perAccount, built: true };
}

/**
 * After an import batch: its new loops' revenues join the kept per-account table, so the import's
 * end computes the threshold from it instead of reading every event. Call it after the batch's
 * events are stored: a table built now (the first import) reads them with the rest.
 */
export async function addAccountRevenues(db: LoopsideDb, added: readonly SurveyResponse[]): Promise<void> {
  if (!added.some((r) => r.accountRevenue !== undefined)) return;
  await db.transaction('rw', [db.kv, db.events, db.loops], async () => {
    const { perAccount, built } = await keptRevenues(db, added);
    if (!built) addRevenues(perAccount, added);
    await db.kv.put({ key: REVENUES_KEY, value: perAccount });
  });
}

/** The per-account table no longer matches the store (loops were pruned): the next import builds it again. */
export async function forgetAccountRevenues(db: LoopsideDb): Promise<void> {
  await db.kv.delete(REVENUES_KEY);
}

/**
 * Recomputes which account revenue counts as "top revenue" after an import: one revenue per
 * account (its company name, else the contact), so a large account with many respondents is not
 * counted many times. Read from the per-account table the import's batches kept up to date; a
 * store without one (before this version) builds it from the events once.
 */
export async function refreshRevenueThreshold(db: LoopsideDb, policy: Policy): Promise<number | null> {
  return db.transaction('rw', [db.kv, db.events], async () => {
    const { perAccount, built } = await keptRevenues(db);
    const threshold = topRevenueThreshold(Object.values(perAccount), policy);
    // The kept table is written back only when it was built here: the batches keep it otherwise.
    await db.kv.bulkPut([...(built ? [{ key: REVENUES_KEY, value: perAccount }] : []), { key: THRESHOLD_KEY, value: threshold }]);
    return threshold;
  });
}

export async function readRevenueThreshold(db: LoopsideDb): Promise<number | null> {
  const row = await db.kv.get(THRESHOLD_KEY);
  return typeof row?.value === 'number' ? row.value : null;
}

/** The engine's view of a contact for one loop: the contact's other responses and asks. */
export function contactContextFor(
  loopId: string,
  all: readonly { loopId: string; events: readonly LoopEvent[] }[],
  threshold: number | null,
): ContactContext {
  const others = all.filter((l) => l.loopId !== loopId);
  const otherResponses: SurveyResponse[] = [];
  const otherAdvocacyAsks: number[] = [];
  for (const l of others) {
    for (const e of l.events) {
      if (e.type === 'received') otherResponses.push(e.response);
      else if (e.type === 'advocacy_asked') otherAdvocacyAsks.push(e.at);
    }
  }
  return { otherResponses, otherAdvocacyAsks, topRevenueThreshold: threshold };
}
