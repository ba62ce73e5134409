// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { CrmPageAdapter } from '@/lib/crm/adapter';
import type { RecordRef } from '@/lib/crm/types';
import { watchCrmPage } from '@/lib/page/watcher';
import { FRAME_ID, LAYOUT_MESSAGE, pageFactsKey } from '@/lib/page/sidebar-frame';
import { SETTLE_MS } from '@/lib/page/email-watch';

const record: RecordRef = {
  crm: 'hubspot',
  kind: 'contact',
  id: '52',
  host: 'app.hubspot.com',
  url: 'https://app.hubspot.com/contacts/1/record/0-1/52',
};

// The replica's way of showing a contact: the e-mail is rendered a moment after the URL changes.
const emailOnPage = () => document.querySelector('[data-email]')?.textContent ?? null;
const adapter: CrmPageAdapter = {
  crm: 'hubspot',
  recordFromUrl: () => record,
  emailSource: () => document.querySelector('[data-email]'),
  readEmail: emailOnPage,
  navBottom: () => 64,
  readAccount: () => null,
};

let ctx: ContentScriptContext;
const frame = () => document.getElementById(FRAME_ID) as HTMLIFrameElement;
const width = () => /width:(\d+)px/.exec(frame().getAttribute('style') ?? '')?.[1];
const marginRight = () => document.documentElement.style.getPropertyValue('margin-right');

/** The sidebar of this tab saying whether the record has feedback, for the page facts it read. */
async function sidebarSays(empty: boolean, email: string | null): Promise<void> {
  await fakeBrowser.runtime.onMessage.trigger(
    { type: LAYOUT_MESSAGE, empty, facts: pageFactsKey({ record, email, account: null }) },
    { id: fakeBrowser.runtime.id },
    () => {},
  );
}

function renderEmail(email: string): void {
  const dd = document.createElement('dd');
  dd.dataset.email = '';
  dd.textContent = email;
  document.body.append(dd);
}

/** MutationObserver callbacks run as microtasks: let them. */
const flush = () => new Promise((resolve) => queueMicrotask(() => resolve(undefined)));

beforeEach(() => {
  fakeBrowser.reset();
  document.body.replaceChildren();
});
afterEach(() => {
  vi.useRealTimers();
  ctx.abort();
  frame()?.remove();
  document.documentElement.style.removeProperty('margin-right');
});

describe('the sidebar frame while the CRM renders the record', () => {
  it('stays open, without laying the page out again, while the record is matched by the e-mail the page renders late', async () => {
    ctx = new ContentScriptContext('crm');
    watchCrmPage(ctx, adapter);
    expect(width()).toBe('380');
    // Before the e-mail shows, the store has nothing for the record's id alone.
    await sidebarSays(true, null);
    expect(width()).toBe('380');
    expect(marginRight()).toBe('380px');
    renderEmail('james@example.com');
    await flush();
    await sidebarSays(false, 'james@example.com');
    expect(width()).toBe('380');
  });

  it('folds to the slim tab once the record shown is known to have no feedback', async () => {
    ctx = new ContentScriptContext('crm');
    watchCrmPage(ctx, adapter);
    renderEmail('nobody@example.com');
    await flush();
    // A late answer about the facts from before the e-mail showed changes nothing…
    await sidebarSays(false, null);
    expect(width()).toBe('380');
    // …the answer about what the page shows now does.
    await sidebarSays(true, 'nobody@example.com');
    expect(width()).toBe('44');
    expect(marginRight()).toBe('44px');
  });

  it('folds a record without feedback whose page never shows an e-mail once the page has settled', async () => {
    vi.useFakeTimers();
    ctx = new ContentScriptContext('crm');
    watchCrmPage(ctx, adapter);
    await sidebarSays(true, null);
    expect(width()).toBe('380');
    await vi.advanceTimersByTimeAsync(SETTLE_MS + 200);
    expect(width()).toBe('44');
  });
});
