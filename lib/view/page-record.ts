import { useEffect } from 'react';
import { browser } from 'wxt/browser';
import { PageRecordChangedSchema, type PageRecord } from '@/lib/messaging/protocol';
import { ask, askPage } from '@/lib/messaging/ask';
import { classifySender } from '@/lib/messaging/sender';
import { useRead } from './background-read';

/** The tab this sidebar frame lives in: its content script is the only one it listens to. */
async function ownTabId(): Promise<number> {
  const tab = await browser.tabs.getCurrent().catch(() => undefined);
  if (tab?.id !== undefined) return tab.id;
  const { tabId } = await ask({ type: 'tab/whoami' });
  if (tabId === undefined) throw new Error('The sidebar is not inside a browser tab.');
  return tabId;
}

/** The content script loads after the frame's page sometimes: no answer yet is an error the query retries. */
async function askContentScript(tabId: number): Promise<PageRecord> {
  const page = await askPage(tabId, 3000);
  if (!page) throw new Error('The CRM page did not say which record it shows.');
  return page;
}

/**
 * The record shown on the CRM page around this sidebar: asked of the content script once, then
 * kept current by its broadcasts. Broadcasts are accepted only from the top frame of our own tab
 * and only when they validate, so another tab's page (or a forged message) cannot steer us.
 */
export function usePageRecord() {
  const tab = useRead('own-tab', ownTabId, { retry: (failures) => failures < 2 });
  const tabId = tab.data;
  const record = useRead(`page-record:${tabId}`, () => askContentScript(tabId!), {
    enabled: tabId !== undefined,
    retry: (failures) => failures < 5,
    retryDelay: () => 150,
  });
  const { set } = record;

  useEffect(() => {
    if (tabId === undefined) return;
    const self = { id: browser.runtime.id, origin: browser.runtime.getURL('/') };
    const listener = (message: unknown, sender: Parameters<typeof classifySender>[0]) => {
      if ((message as { type?: unknown } | null)?.type !== 'page/record') return undefined;
      const from = classifySender(sender, self);
      if (from.kind !== 'content-script' || from.tabId !== tabId || from.frameId !== 0) return undefined;
      const parsed = PageRecordChangedSchema.safeParse(message);
      if (!parsed.success) {
        console.warn('[loopside] ignored malformed page/record message', parsed.error.issues);
        return undefined;
      }
      set({ record: parsed.data.record, email: parsed.data.email, account: parsed.data.account ?? null });
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, [tabId, set]);

  return { tabId, page: record.data, error: tab.error ?? record.error, loading: tab.pending || record.pending };
}
