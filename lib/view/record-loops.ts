import { useEffect, useMemo } from 'react';
import { browser } from 'wxt/browser';
import type { LoopState } from '@/lib/loop';
import { ACCOUNT_KINDS } from '@/lib/crm/types';
import { foldLoaded, type LoadedLoops } from '@/lib/db/loop-loader';
import { classifySender } from '@/lib/messaging/sender';
import { STORE_CHANGED } from '@/lib/messaging/protocol';
import { ask } from '@/lib/messaging/ask';
import type { PageRecord, SidebarSelection } from '@/lib/messaging/protocol';
import { useRead } from './background-read';

/** What the sidebar reads for the page: the record's loops, or on an account's page the account's. */
export function selectionFor(page: PageRecord | undefined): SidebarSelection | null {
  const record = page?.record;
  if (!record) return null;
  if (ACCOUNT_KINDS.includes(record.kind)) return { kind: 'account', account: page.account ?? { ids: [], name: null, domain: null } };
  return { kind: 'record', record, email: page.email };
}

/**
 * Without news from the background (a broadcast lost while the worker restarted), a sidebar still
 * reads again this often.
 */
const BACKSTOP_REFRESH_MS = 30_000;

export interface RecordLoops {
  /** undefined while reading; null when the page shows no record */
  data: LoadedLoops | null | undefined;
  /** the background could not be asked: never read this as "no feedback" */
  error: string | null;
}

/**
 * The loops of the record on the page, each with its contact's other loops, read through the
 * background: a CRM tab holds no store of its own (no IndexedDB, no Dexie in each tab), so it
 * works the same where the browser refuses this frame storage (third-party storage partitioning
 * off while third-party cookies are blocked). The background says when what it shows changed
 * (STORE_CHANGED), so a touch logged in one tab shows in all of them at once.
 */
export function useRecordLoops(page: PageRecord | undefined): RecordLoops {
  const selection = useMemo(() => selectionFor(page), [page]);
  const key = JSON.stringify(selection);
  const read = useRead(key, () => (selection ? ask({ type: 'record/loops', selection }) : Promise.resolve(null)), {
    retry: (failures) => failures < 3,
    refreshEveryMs: BACKSTOP_REFRESH_MS,
  });
  const { refresh } = read;
  useEffect(() => {
    const self = { id: browser.runtime.id, origin: browser.runtime.getURL('/') };
    const listener = (message: unknown, sender: Parameters<typeof classifySender>[0]) => {
      if ((message as { type?: unknown } | null)?.type !== STORE_CHANGED) return undefined;
      // Only this extension's own pages and worker say so; a content script cannot make every tab read again.
      if (classifySender(sender, self).kind !== 'extension-page') return undefined;
      refresh();
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, [refresh]);
  if (read.data !== undefined) return { data: read.data, error: null };
  if (read.error)
    return {
      data: undefined,
      error: `Loopside could not read this record’s feedback through its background (${read.error.message}). It is unknown, not absent.`,
    };
  return { data: undefined, error: null };
}

/**
 * The loops as of `now`, newest response first. The engine decides every state (on track, near
 * breach, breached, met); the view only re-asks it as the clock ticks.
 */
export function useLoopStates(data: LoadedLoops | null | undefined, now: number): LoopState[] {
  return useMemo(() => (data ? foldLoaded(data, now).sort((a, b) => b.response.respondedAt - a.response.respondedAt) : []), [data, now]);
}
