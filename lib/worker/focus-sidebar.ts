import { browser } from 'wxt/browser';
import { FOCUS_SIDEBAR_MESSAGE } from '@/lib/page/sidebar-frame';

/** The manifest command (wxt.config.ts) that moves keyboard focus into the sidebar of the tab in front. */
export const FOCUS_SIDEBAR_COMMAND = 'focus-sidebar';

/** Asks the content script of the active tab to hand focus to its sidebar frame; a tab without one ignores it. */
export async function focusSidebarInActiveTab(): Promise<void> {
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  if (tab?.id === undefined) return;
  await browser.tabs.sendMessage(tab.id, { type: FOCUS_SIDEBAR_MESSAGE }, { frameId: 0 }).catch(() => {
    // Not a CRM record page: nothing to focus.
  });
}
