import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import type { LoopState } from '@/lib/loop';
import { getDb } from '@/lib/db/schema';
import { foldLoaded, loadLoops, type LoadedLoops } from '@/lib/db/loop-loader';
import type { PageRecord } from '@/lib/messaging/protocol';

/**
 * The loops of the record on the page, each with its contact's other loops, re-read whenever any
 * context writes to the store (Dexie live query): a touch logged in one tab shows in all of them
 * at once. Null when the page shows no record.
 */
export function useRecordLoops(page: PageRecord | undefined): LoadedLoops | null | undefined {
  return useLiveQuery(
    async () => (page?.record ? loadLoops(getDb(), { kind: 'record', record: page.record, email: page.email }) : null),
    [page?.record?.crm, page?.record?.id, page?.record?.kind, page?.record?.host, page?.email],
  );
}

/**
 * The loops as of `now`, newest response first. The engine decides every state (on track, near
 * breach, breached, met); the view only re-asks it as the clock ticks.
 */
export function useLoopStates(data: LoadedLoops | null | undefined, now: number): LoopState[] {
  return useMemo(() => (data ? foldLoaded(data, now).sort((a, b) => b.response.respondedAt - a.response.respondedAt) : []), [data, now]);
}
