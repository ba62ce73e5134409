import { create } from 'zustand';
import { browser } from 'wxt/browser';
import type { Channel, Outcome } from '@/lib/loop';
import { COLLAPSED_KEY } from '@/lib/page/sidebar-frame';

export type SidebarTab = 'loop' | 'history';

interface Draft {
  channel: Channel;
  outcome: Outcome | null;
  note: string;
  /** the id the logged event will carry: kept across retries so a retry cannot log twice */
  eventId: string;
}

interface SidebarViewState {
  collapsed: boolean;
  tab: SidebarTab;
  draft: Draft;
  setCollapsed(collapsed: boolean): void;
  setTab(tab: SidebarTab): void;
  setDraft(patch: Partial<Draft>): void;
  resetDraft(): void;
  hydrate(): Promise<void>;
}

const emptyDraft = (): Draft => ({ channel: 'call', outcome: null, note: '', eventId: crypto.randomUUID() });

/**
 * Sidebar view state. "Collapsed" lives in extension storage because the content script sizes
 * the frame from it before the sidebar has even loaded, and every tab should remember it.
 */
export const useSidebarStore = create<SidebarViewState>((set) => ({
  collapsed: false,
  tab: 'loop',
  draft: emptyDraft(),
  setCollapsed(collapsed) {
    set({ collapsed });
    void browser.storage.local.set({ [COLLAPSED_KEY]: collapsed });
  },
  setTab: (tab) => set({ tab }),
  setDraft: (patch) => set((s) => ({ draft: { ...s.draft, ...patch } })),
  resetDraft: () => set({ draft: emptyDraft() }),
  async hydrate() {
    const stored = await browser.storage.local.get(COLLAPSED_KEY);
    set({ collapsed: stored[COLLAPSED_KEY] === true });
  },
}));
