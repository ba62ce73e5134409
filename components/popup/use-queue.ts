import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { foldLoop, type LoopEvent, type LoopState, type Policy } from '@/lib/loop';
import { getDb } from '@/lib/db/schema';
import { calendarFor } from '@/lib/db/engine-context';
import { contactContextFor, readRevenueThreshold } from '@/lib/db/contact-context';
import { readPolicy, readSettings } from '@/lib/db/settings';
import type { Person } from '@/lib/people/schema';
import type { Settings } from '@/lib/settings/schema';

export interface QueueData {
  settings: Settings;
  policy: Policy;
  revenueThreshold: number | null;
  people: Person[];
  /** open loops, each with every loop of the same contact (closed ones too): repeat-score escalation needs them */
  open: { loopId: string; contact: { loopId: string; events: LoopEvent[] }[] }[];
}

/**
 * The open loops and everything the engine needs to fold them, re-read whenever any context writes
 * to the store: a touch logged in a sidebar or a reassignment shows in the popup at once.
 */
export function useQueueData(): QueueData | undefined {
  return useLiveQuery(async () => {
    const db = getDb();
    const [settings, policy, revenueThreshold, people, openRows] = await Promise.all([
      readSettings(db),
      readPolicy(db),
      readRevenueThreshold(db),
      db.people.toArray(),
      db.loops.where('status').equals('open').toArray(),
    ]);
    const emails = [...new Set(openRows.map((r) => r.email).filter((e) => e !== ''))];
    const contactRows = emails.length > 0 ? await db.loops.where('email').anyOf(emails).toArray() : [];
    const loopIds = [...new Set([...openRows.map((r) => r.loopId), ...contactRows.map((r) => r.loopId)])];
    const events = loopIds.length > 0 ? await db.events.where('loopId').anyOf(loopIds).toArray() : [];
    const eventsByLoop = new Map<string, LoopEvent[]>();
    for (const e of events) {
      const list = eventsByLoop.get(e.loopId);
      if (list) list.push(e);
      else eventsByLoop.set(e.loopId, [e]);
    }
    const loopsByEmail = new Map<string, string[]>();
    for (const r of contactRows) loopsByEmail.set(r.email, [...(loopsByEmail.get(r.email) ?? []), r.loopId]);
    const withEvents = (loopId: string) => ({ loopId, events: eventsByLoop.get(loopId) ?? [] });
    const open = openRows
      .filter((r) => eventsByLoop.has(r.loopId))
      .map((r) => ({
        loopId: r.loopId,
        contact: (r.email ? [...new Set([r.loopId, ...(loopsByEmail.get(r.email) ?? [])])] : [r.loopId]).map(withEvents),
      }));
    return { settings, policy, revenueThreshold, people, open };
  }, []);
}

/** The engine's state of every open loop at `now`; the view re-asks it as the clock ticks. */
export function useQueueStates(data: QueueData | undefined, now: number): LoopState[] {
  return useMemo(() => {
    if (!data) return [];
    const calendar = calendarFor(data.policy, data.settings);
    return data.open.map(({ loopId, contact }) =>
      foldLoop(contact.find((l) => l.loopId === loopId)!.events, {
        policy: data.policy,
        calendar,
        now,
        contact: contactContextFor(loopId, contact, data.revenueThreshold),
      }),
    );
  }, [data, now]);
}
