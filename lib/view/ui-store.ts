import { create } from 'zustand';
import * as z from 'zod/mini';
import { browser } from 'wxt/browser';
import { ChannelSchema, OutcomeSchema, type Channel, type Outcome } from '@/lib/loop';
import { COLLAPSED_KEY } from '@/lib/page/sidebar-frame';

export interface Draft {
  channel: Channel;
  outcome: Outcome | null;
  note: string;
  /** the id the logged event will carry: kept across retries so a retry cannot log twice */
  eventId: string;
}

export const DRAFT_KEY_PREFIX = 'loopside.draft.';
export const draftKey = (loopId: string) => `${DRAFT_KEY_PREFIX}${loopId}`;
/** Debounced: every write wakes the content script of every open CRM tab (storage.onChanged). */
export const DRAFT_SAVE_DELAY_MS = 300;
/** A note left for a month is not coming back: it is dropped the next time its loop is opened. */
export const DRAFT_MAX_AGE_MS = 30 * 24 * 3_600_000;

const StoredDraftSchema = z.object({
  channel: ChannelSchema,
  outcome: z.nullable(OutcomeSchema),
  note: z.string().check(z.maxLength(4000)),
  eventId: z.uuid(),
  savedAt: z.number(),
});

interface SidebarViewState {
  /** the loop the draft belongs to; null until the sidebar shows an open loop */
  draftLoopId: string | null;
  draft: Draft;
  /** Folds or unfolds the sidebar in every tab: the content script sizes the frame from this stored flag. */
  setCollapsed(collapsed: boolean): void;
  setDraft(patch: Partial<Draft>): void;
  /**
   * Switches the draft to this loop's, restored from extension storage when one was left unsent
   * (in another tab, or before an extension update killed the sidebar). `isRecorded` tells
   * whether the background already has an event id: such a draft was logged and is dropped.
   */
  openDraft(loopId: string, isRecorded: (eventId: string) => boolean): Promise<void>;
  /** The background confirmed the event: the draft that made it is done, here and in storage. */
  draftLogged(loopId: string, eventId: string): Promise<void>;
  /** Writes a pending draft now (the page is going away). */
  flushDraft(): Promise<void>;
}

const emptyDraft = (): Draft => ({ channel: 'call', outcome: null, note: '', eventId: crypto.randomUUID() });
const isBlank = (d: Draft) => d.note.trim() === '' && d.outcome === null && d.channel === 'call';

let pending: { loopId: string; draft: Draft; timer: ReturnType<typeof setTimeout> } | null = null;
/** set once the person edits the draft of the loop just opened: a late restore must not overwrite it */
let editedSinceOpen = false;

async function writeDraft(loopId: string, draft: Draft): Promise<void> {
  try {
    if (isBlank(draft)) await browser.storage.local.remove(draftKey(loopId));
    else await browser.storage.local.set({ [draftKey(loopId)]: { ...draft, savedAt: Date.now() } });
  } catch {
    // Cut off by an extension update: the last debounced write is what survives.
  }
}

function takePending(): { loopId: string; draft: Draft } | null {
  if (!pending) return null;
  clearTimeout(pending.timer);
  const { loopId, draft } = pending;
  pending = null;
  return { loopId, draft };
}

/**
 * Sidebar view state. "Collapsed" is written to extension storage, not kept here, because the
 * content script sizes the frame from it before the sidebar has even loaded, and every tab should
 * remember it (the sidebar reads what it is shown as from its frame, `useShownAsTab`). The
 * draft lives there per loop, because a sidebar can die (tab closed, extension updated) between
 * typing a note and logging it.
 */
export const useSidebarStore = create<SidebarViewState>((set, get) => ({
  draftLoopId: null,
  draft: emptyDraft(),
  setCollapsed(collapsed) {
    void browser.storage.local.set({ [COLLAPSED_KEY]: collapsed });
  },
  setDraft(patch) {
    const draft = { ...get().draft, ...patch };
    set({ draft });
    editedSinceOpen = true;
    const loopId = get().draftLoopId;
    if (loopId === null) return;
    takePending();
    const timer = setTimeout(() => {
      pending = null;
      void writeDraft(loopId, draft);
    }, DRAFT_SAVE_DELAY_MS);
    pending = { loopId, draft, timer };
  },
  async openDraft(loopId, isRecorded) {
    if (get().draftLoopId === loopId) return;
    const previous = takePending();
    if (previous) void writeDraft(previous.loopId, previous.draft);
    editedSinceOpen = false;
    set({ draftLoopId: loopId, draft: emptyDraft() });
    let raw: unknown;
    try {
      raw = (await browser.storage.local.get(draftKey(loopId)))[draftKey(loopId)];
    } catch {
      return;
    }
    if (raw === undefined) return;
    const stored = StoredDraftSchema.safeParse(raw);
    if (!stored.success || isRecorded(stored.data.eventId) || Date.now() - stored.data.savedAt > DRAFT_MAX_AGE_MS) {
      await browser.storage.local.remove(draftKey(loopId)).catch(() => {});
      return;
    }
    if (get().draftLoopId !== loopId || editedSinceOpen) return;
    const { channel, outcome, note, eventId } = stored.data;
    set({ draft: { channel, outcome, note, eventId } });
  },
  async draftLogged(loopId, eventId) {
    if (pending?.loopId === loopId && pending.draft.eventId === eventId) takePending();
    const { draftLoopId, draft } = get();
    if (draftLoopId === loopId && draft.eventId === eventId) {
      set({ draft: emptyDraft() });
      editedSinceOpen = false;
    }
    try {
      const stored = (await browser.storage.local.get(draftKey(loopId)))[draftKey(loopId)] as { eventId?: unknown } | undefined;
      // Another tab may have started a new draft for this loop since: only the logged one goes.
      if (stored?.eventId === eventId) await browser.storage.local.remove(draftKey(loopId));
    } catch {
      // Nothing to clear when cut off; the next open drops it as recorded.
    }
  },
  async flushDraft() {
    const previous = takePending();
    if (previous) await writeDraft(previous.loopId, previous.draft);
  },
}));
