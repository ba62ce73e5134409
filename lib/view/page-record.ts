import { browser } from 'wxt/browser';
import { ask } from '@/lib/messaging/ask';
import { useRead } from './background-read';
import { usePageConnection } from './page-port';

/** The tab this sidebar frame lives in: its content script is the only one it listens to. */
async function ownTabId(): Promise<number> {
  const tab = await browser.tabs.getCurrent().catch(() => undefined);
  if (tab?.id !== undefined) return tab.id;
  const { tabId } = await ask({ type: 'tab/whoami' });
  if (tabId === undefined) throw new Error('The sidebar is not inside a browser tab.');
  return tabId;
}

/**
 * The record shown on the CRM page around this sidebar: said by the content script in the top
 * frame of our own tab over the frame's connection to it (page-port.ts), so another tab's page
 * cannot steer us, and checked against the schema.
 */
export function usePageRecord() {
  const tab = useRead('own-tab', ownTabId, { retry: (failures) => failures < 2 });
  const tabId = tab.data;
  const { page, silent } = usePageConnection(tabId);
  const error = tab.error ?? (silent ? new Error('The CRM page did not say which record it shows.') : null);
  return { tabId, page, error, loading: tab.pending || (page === undefined && !silent) };
}
