import { useEffect, useSyncExternalStore } from 'react';
import { browser } from 'wxt/browser';
import { COLLAPSED_WIDTH, LAYOUT_MESSAGE, type SidebarLayoutMessage } from '@/lib/page/sidebar-frame';

/**
 * The content script sizes the frame (it alone knows the page's width and the person's choice in
 * every tab); the sidebar shows what fits the size it was given: the slim tab in a tab-wide frame.
 */
const TAB_QUERY = `(max-width: ${COLLAPSED_WIDTH + 40}px)`;

function subscribe(onChange: () => void): () => void {
  const query = window.matchMedia(TAB_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

export function useShownAsTab(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(TAB_QUERY).matches);
}

/** Tells the content script of this frame's tab what only the frame knows (see SidebarLayoutMessage). */
export function tellPage(tabId: number | undefined, message: Omit<SidebarLayoutMessage, 'type'>): void {
  if (tabId === undefined) return;
  const sent: SidebarLayoutMessage = { type: LAYOUT_MESSAGE, ...message };
  browser.tabs.sendMessage(tabId, sent, { frameId: 0 }).catch(() => {
    // The page is navigating or the content script is gone: its next record starts from the rules anyway.
  });
}

/**
 * Says whether the record has feedback, once that is known for sure; unknown (loading, unreadable)
 * says nothing. `facts` (pageFactsKey) names the page facts the answer was read for: said again for
 * new facts even when the answer is the same, since the page disregards an answer about old ones.
 */
export function useReportEmpty(tabId: number | undefined, empty: boolean | null, facts: string): void {
  useEffect(() => {
    if (empty !== null) tellPage(tabId, { empty, facts });
  }, [tabId, empty, facts]);
}
