import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DRAFT_MAX_AGE_MS, DRAFT_SAVE_DELAY_MS, draftKey, useSidebarStore } from '@/lib/view/ui-store';

const store = () => useSidebarStore.getState();
const stored = async (loopId: string) =>
  (await fakeBrowser.storage.local.get(draftKey(loopId)))[draftKey(loopId)] as Record<string, unknown> | undefined;
const never = () => false;

beforeEach(async () => {
  // A write still pending from the previous test must land before the storage is wiped.
  await store().flushDraft();
  fakeBrowser.reset();
  // A fresh store per test: the module keeps one for the page.
  useSidebarStore.setState({ draftLoopId: null, draft: { channel: 'call', outcome: null, note: '', eventId: crypto.randomUUID() } });
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('the unsent outcome draft', () => {
  it('is written per loop shortly after the person stops typing', async () => {
    await store().openDraft('loop-a', never);
    store().setDraft({ note: 'Call' });
    store().setDraft({ note: 'Call back' });
    expect(await stored('loop-a')).toBeUndefined();
    await vi.advanceTimersByTimeAsync(DRAFT_SAVE_DELAY_MS);
    expect(await stored('loop-a')).toMatchObject({ note: 'Call back', channel: 'call', outcome: null, eventId: store().draft.eventId });
  });

  it('comes back, with its event id, when the loop is opened again', async () => {
    await store().openDraft('loop-a', never);
    store().setDraft({ channel: 'email', outcome: 'voicemail', note: 'After 3pm' });
    const eventId = store().draft.eventId;
    await store().flushDraft();

    await store().openDraft('loop-b', never);
    expect(store().draft.note).toBe('');
    await store().openDraft('loop-a', never);
    expect(store().draft).toEqual({ channel: 'email', outcome: 'voicemail', note: 'After 3pm', eventId });
  });

  it('moving to another loop saves the one being typed at once', async () => {
    await store().openDraft('loop-a', never);
    store().setDraft({ note: 'half a thought' });
    await store().openDraft('loop-b', never);
    await vi.advanceTimersByTimeAsync(0);
    expect(await stored('loop-a')).toMatchObject({ note: 'half a thought' });
    expect(await stored('loop-b')).toBeUndefined();
  });

  it('is dropped when the background already has its event (logged in another tab)', async () => {
    await store().openDraft('loop-a', never);
    store().setDraft({ outcome: 'reached', note: 'done' });
    const eventId = store().draft.eventId;
    await store().flushDraft();
    await store().openDraft('loop-b', never);
    await store().openDraft('loop-a', (id) => id === eventId);
    expect(store().draft.note).toBe('');
    expect(await stored('loop-a')).toBeUndefined();
  });

  it('is cleared here and in storage once the background confirms it, and a pending write is cancelled', async () => {
    await store().openDraft('loop-a', never);
    store().setDraft({ outcome: 'reached', note: 'logged' });
    const eventId = store().draft.eventId;
    await store().flushDraft();
    store().setDraft({ note: 'logged!' });
    await store().draftLogged('loop-a', eventId);
    await vi.advanceTimersByTimeAsync(DRAFT_SAVE_DELAY_MS * 2);
    expect(store().draft.note).toBe('');
    expect(store().draft.eventId).not.toBe(eventId);
    expect(await stored('loop-a')).toBeUndefined();
  });

  it('leaves a newer draft for the same loop alone when an older one is confirmed', async () => {
    await fakeBrowser.storage.local.set({
      [draftKey('loop-a')]: {
        channel: 'call',
        outcome: null,
        note: 'newer, from another tab',
        eventId: crypto.randomUUID(),
        savedAt: Date.now(),
      },
    });
    await store().draftLogged('loop-a', crypto.randomUUID());
    expect(await stored('loop-a')).toMatchObject({ note: 'newer, from another tab' });
  });

  it('does not overwrite what the person typed before the stored draft was read', async () => {
    await fakeBrowser.storage.local.set({
      [draftKey('loop-a')]: { channel: 'call', outcome: null, note: 'old', eventId: crypto.randomUUID(), savedAt: Date.now() },
    });
    const opening = store().openDraft('loop-a', never);
    store().setDraft({ note: 'new' });
    await opening;
    expect(store().draft.note).toBe('new');
  });

  it('ignores a stored draft that is malformed or a month old, and removes it', async () => {
    await fakeBrowser.storage.local.set({
      [draftKey('loop-a')]: { channel: 'fax', note: 1 },
      [draftKey('loop-b')]: {
        channel: 'call',
        outcome: null,
        note: 'stale',
        eventId: crypto.randomUUID(),
        savedAt: Date.now() - DRAFT_MAX_AGE_MS - 1,
      },
    });
    await store().openDraft('loop-a', never);
    expect(store().draft.note).toBe('');
    expect(await stored('loop-a')).toBeUndefined();
    await store().openDraft('loop-b', never);
    expect(store().draft.note).toBe('');
    expect(await stored('loop-b')).toBeUndefined();
  });

  it('stores nothing for a blank draft (and removes one emptied by the person)', async () => {
    await store().openDraft('loop-a', never);
    store().setDraft({ note: 'x' });
    await store().flushDraft();
    store().setDraft({ note: '' });
    await store().flushDraft();
    expect(await stored('loop-a')).toBeUndefined();
  });
});

describe('collapsed', () => {
  it('is shared through extension storage with the content script', async () => {
    vi.useRealTimers();
    store().setCollapsed(true);
    await vi.waitFor(async () =>
      expect((await fakeBrowser.storage.local.get('loopside.ui.collapsed'))['loopside.ui.collapsed']).toBe(true),
    );
  });
});
