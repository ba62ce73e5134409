import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { DEFAULT_POLICY, foldLoop, type BusinessCalendar, type LoopEvent, type LoopState, type Policy } from '@/lib/loop';
import { defaultSettings } from '@/lib/settings/schema';
import type { RecordRef } from '@/lib/crm/types';
import { matchesRecord } from '@/lib/crm/match';
import { getDb, type LoopRow } from '@/lib/db/schema';
import { calendarFor } from '@/lib/db/engine-context';
import { readPolicy, readSettings } from '@/lib/db/settings';
import { contactContextFor, readRevenueThreshold } from '@/lib/db/contact-context';
import type { PageRecord } from '@/lib/messaging/protocol';

async function candidateRows(record: RecordRef, email: string | null): Promise<LoopRow[]> {
  const db = getDb();
  const byId =
    record.crm === 'salesforce'
      ? db.loops.where('salesforceId').equals(record.id).toArray()
      : record.kind === 'contact'
        ? db.loops.where('hubspotId').equals(record.id).toArray()
        : Promise.resolve([]);
  const byEmail = email ? db.loops.where('email').equals(email).toArray() : Promise.resolve([]);
  const rows = [...(await byId), ...(await byEmail)];
  return [...new Map(rows.map((r) => [r.loopId, r])).values()];
}

export interface RecordLoops {
  /** each matching loop's events */
  eventsByLoop: LoopEvent[][];
  ctx: { policy: Policy; calendar: BusinessCalendar };
  revenueThreshold: number | null;
}

/**
 * The events of every loop for the record on the page, re-read whenever any context writes to
 * the store (Dexie live query): a touch logged in one tab shows in all of them at once.
 */
export function useRecordLoops(page: PageRecord | undefined): RecordLoops | undefined {
  return useLiveQuery(async () => {
    if (!page?.record) {
      return { eventsByLoop: [], ctx: { policy: DEFAULT_POLICY, calendar: calendarFor(DEFAULT_POLICY, defaultSettings('UTC')) }, revenueThreshold: null };
    }
    const db = getDb();
    const [policy, settings, rows, revenueThreshold] = await Promise.all([
      readPolicy(db),
      readSettings(db),
      candidateRows(page.record, page.email),
      readRevenueThreshold(db),
    ]);
    const matching = rows.filter((row) =>
      matchesRecord({ email: row.email || undefined, hubspotId: row.hubspotId || undefined, salesforceId: row.salesforceId || undefined }, page.record!, page.email),
    );
    const eventsByLoop = await Promise.all(matching.map((row) => db.events.where('loopId').equals(row.loopId).toArray()));
    return { eventsByLoop, ctx: { policy, calendar: calendarFor(policy, settings) }, revenueThreshold };
  }, [page?.record?.crm, page?.record?.id, page?.record?.kind, page?.record?.host, page?.email]);
}

/**
 * The loops as of `now`, newest response first. The engine decides every state (on track, near
 * breach, breached, met); the view only re-asks it as the clock ticks.
 */
export function useLoopStates(data: RecordLoops | undefined, now: number): LoopState[] {
  return useMemo(() => {
    if (!data) return [];
    const loops = data.eventsByLoop
      .filter((events) => events.some((e) => e.type === 'received'))
      .map((events) => ({ loopId: events[0]!.loopId, events }));
    // The contact's other loops feed repeat-score escalation and the advocacy cap.
    const states = loops.map(({ loopId, events }) =>
      foldLoop(events, { ...data.ctx, now, contact: contactContextFor(loopId, loops, data.revenueThreshold) }),
    );
    return states.sort((a, b) => b.response.respondedAt - a.response.respondedAt);
  }, [data, now]);
}
