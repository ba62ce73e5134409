import { topRevenueThreshold, type ContactContext, type LoopEvent, type Policy, type SurveyResponse } from '@/lib/loop';
import type { LoopsideDb } from './schema';

const THRESHOLD_KEY = 'topRevenueThreshold';

/**
 * Recomputes which account revenue counts as "top revenue" after an import: one revenue per
 * account (its company name, else the contact), so a large account with many respondents is not
 * counted many times.
 */
export async function refreshRevenueThreshold(db: LoopsideDb, policy: Policy): Promise<number | null> {
  const perAccount = new Map<string, number>();
  await db.events.each((e: LoopEvent) => {
    if (e.type !== 'received' || e.response.accountRevenue === undefined) return;
    const key = (e.response.company ?? e.response.email ?? e.response.id).toLowerCase();
    perAccount.set(key, Math.max(perAccount.get(key) ?? 0, e.response.accountRevenue));
  });
  const threshold = topRevenueThreshold([...perAccount.values()], policy);
  await db.kv.put({ key: THRESHOLD_KEY, value: threshold });
  return threshold;
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
