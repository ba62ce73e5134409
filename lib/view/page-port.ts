import { useEffect, useState } from 'react';
import { browser, type Browser } from 'wxt/browser';
import { PageRecordChangedSchema, type PageRecord } from '@/lib/messaging/protocol';
import { LAYOUT_MESSAGE, SIDEBAR_PORT, type SidebarLayoutMessage } from '@/lib/page/sidebar-frame';

/**
 * The sidebar frame's connection to the content script of its tab (SIDEBAR_PORT). Connecting
 * fails while that script is not there yet (it can load after this frame), and the connection
 * ends when the page goes into the back-forward cache or a newer copy of the script takes over:
 * each time, the frame connects again, soon at first, then less often.
 */
const RECONNECT_MS = [150, 150, 150, 300, 600, 1200, 2500, 5000];
/** Failed tries in a row, with no record heard, after which the sidebar says the page does not answer (it keeps trying). */
const SILENT_AFTER = 6;

let connected: Browser.runtime.Port | null = null;
/** The last "has feedback or not" report: said again on a new connection, so the page never keeps a stale fold. */
let lastReport: SidebarLayoutMessage | null = null;

/** Tells the content script of this frame's tab what only the frame knows (see SidebarLayoutMessage). */
export function tellPage(message: Omit<SidebarLayoutMessage, 'type'>): void {
  const sent: SidebarLayoutMessage = { type: LAYOUT_MESSAGE, ...message };
  if (typeof sent.empty === 'boolean') lastReport = { type: LAYOUT_MESSAGE, empty: sent.empty, facts: sent.facts };
  try {
    connected?.postMessage(sent);
  } catch {
    // Disconnected a moment ago: the next connection repeats the report.
  }
}

/**
 * The record shown on the CRM page around this sidebar, as its content script says over the
 * connection: once on connecting, then whenever the record or its e-mail changes. Only that
 * script, in the top frame of this tab, is at the other end; what it says still comes from an
 * untrusted page, so it is checked against the schema before it is shown.
 */
export function usePageConnection(tabId: number | undefined): { page: PageRecord | undefined; silent: boolean } {
  const [page, setPage] = useState<PageRecord>();
  const [failures, setFailures] = useState(0);
  useEffect(() => {
    if (tabId === undefined) return;
    let closed = false;
    let tries = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      const port = browser.tabs.connect(tabId, { frameId: 0, name: SIDEBAR_PORT });
      connected = port;
      port.onMessage.addListener((message: unknown) => {
        const parsed = PageRecordChangedSchema.safeParse(message);
        if (!parsed.success) {
          console.warn('[loopside] ignored malformed page/record message', parsed.error.issues);
          return;
        }
        tries = 0;
        setFailures(0);
        setPage({ record: parsed.data.record, email: parsed.data.email, account: parsed.data.account ?? null });
      });
      port.onDisconnect.addListener(() => {
        if (connected === port) connected = null;
        if (closed) return;
        tries++;
        setFailures(tries);
        timer = setTimeout(connect, RECONNECT_MS[Math.min(tries, RECONNECT_MS.length) - 1]);
      });
      if (lastReport) port.postMessage(lastReport);
    };
    connect();
    return () => {
      closed = true;
      clearTimeout(timer);
      if (connected) connected.disconnect();
      connected = null;
    };
  }, [tabId]);
  return { page, silent: failures >= SILENT_AFTER && page === undefined };
}
