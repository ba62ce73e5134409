import { useEffect, useSyncExternalStore } from 'react';
import { COLLAPSED_WIDTH } from '@/lib/page/sidebar-frame';
import { tellPage } from './page-port';

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

/**
 * Says whether the record has feedback, once that is known for sure; unknown (loading, unreadable)
 * says nothing. `facts` (pageFactsKey) names the page facts the answer was read for: said again for
 * new facts even when the answer is the same, since the page disregards an answer about old ones.
 */
export function useReportEmpty(empty: boolean | null, facts: string): void {
  useEffect(() => {
    if (empty !== null) tellPage({ empty, facts });
  }, [empty, facts]);
}
