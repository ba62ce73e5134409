import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { LoopState } from '@/lib/loop';
import { ACCOUNT_KINDS } from '@/lib/crm/types';
import { getDb } from '@/lib/db/schema';
import { foldLoaded, loadLoops, type LoadedLoops } from '@/lib/db/loop-loader';
import { ask } from '@/lib/messaging/ask';
import type { PageRecord, SidebarSelection } from '@/lib/messaging/protocol';

/** What the sidebar reads for the page: the record's loops, or on an account's page the account's. */
export function selectionFor(page: PageRecord | undefined): SidebarSelection | null {
  const record = page?.record;
  if (!record) return null;
  if (ACCOUNT_KINDS.includes(record.kind)) return { kind: 'account', account: page.account ?? { ids: [], name: null, domain: null } };
  return { kind: 'record', record, email: page.email };
}

/** A read of the store here, for the selection named by `key`. */
type LocalRead = { key: string; ok: true; data: LoadedLoops | null } | { key: string; ok: false; error: string };

/** While the background answers for a frame without the store, it is asked again this often. */
const BACKGROUND_REFRESH_MS = 2000;

export interface RecordLoops {
  /** undefined while reading; null when the page shows no record */
  data: LoadedLoops | null | undefined;
  /** the store could be read neither here nor through the background: never read this as "no feedback" */
  error: string | null;
  /** read through the background (this frame was refused the store) */
  viaBackground: boolean;
}

/**
 * The loops of the record on the page, each with its contact's other loops, re-read whenever any
 * context writes to the store (Dexie live query): a touch logged in one tab shows in all of them
 * at once. A frame the browser refuses IndexedDB (third-party storage partitioning off while
 * third-party cookies are blocked) reads the same data through the background instead.
 */
export function useRecordLoops(page: PageRecord | undefined): RecordLoops {
  const selection = useMemo(() => selectionFor(page), [page]);
  const key = JSON.stringify(selection);
  const live = useLiveQuery(async (): Promise<LocalRead> => {
    if (!selection) return { key, ok: true, data: null };
    try {
      return { key, ok: true, data: await loadLoops(getDb(), selection) };
    } catch (error) {
      return { key, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }, [key]);
  // The live query hands back its last answer until the new selection's is read: an answer about
  // the facts the page showed before (no e-mail yet) would say "no feedback" for this record.
  const local = live?.key === key ? live : undefined;
  const refused = local?.ok === false;
  const remote = useQuery({
    queryKey: ['record-loops', key],
    queryFn: () => ask({ type: 'record/loops', selection: selection! }),
    enabled: refused && selection !== null,
    refetchInterval: BACKGROUND_REFRESH_MS,
    retry: 3,
  });
  if (!refused) return { data: local?.data, error: null, viaBackground: false };
  if (remote.data) return { data: remote.data, error: null, viaBackground: true };
  if (remote.error)
    return {
      data: undefined,
      error: `Loopside could not read its store here (${local.error}) nor through its background (${remote.error.message}). This record's feedback is unknown, not absent.`,
      viaBackground: true,
    };
  return { data: undefined, error: null, viaBackground: true };
}

/**
 * The loops as of `now`, newest response first. The engine decides every state (on track, near
 * breach, breached, met); the view only re-asks it as the clock ticks.
 */
export function useLoopStates(data: LoadedLoops | null | undefined, now: number): LoopState[] {
  return useMemo(() => (data ? foldLoaded(data, now).sort((a, b) => b.response.respondedAt - a.response.respondedAt) : []), [data, now]);
}
