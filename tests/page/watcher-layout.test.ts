// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { CrmPageAdapter } from '@/lib/crm/adapter';
import type { RecordRef } from '@/lib/crm/types';
import { watchCrmPage } from '@/lib/page/watcher';
import { FRAME_ID, LAYOUT_MESSAGE, pageFactsKey } from '@/lib/page/sidebar-frame';
import { SETTLE_MS } from '@/lib/page/email-watch';
import { installConnect, type FakeSidebar } from './sidebar-port';

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

let connection: ReturnType<typeof installConnect>;
let sidebar: FakeSidebar | null;

/** The sidebar of this tab saying whether the record has feedback, for the page facts it read (over its connection). */
async function sidebarSays(empty: boolean, email: string | null): Promise<void> {
  sidebar ??= connection.connect();
  sidebar.say({ type: LAYOUT_MESSAGE, empty, facts: pageFactsKey({ record, email, account: null }) });
  await flush();
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
  connection = installConnect();
  sidebar = null;
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

describe('the sidebar’s connection to the page', () => {
  it('is told the record when it connects, then every change of it, and nothing after it went away', async () => {
    ctx = new ContentScriptContext('crm');
    watchCrmPage(ctx, adapter);
    const first = connection.connect();
    expect(first.received).toEqual([{ type: 'page/record', record, email: null, account: null }]);
    renderEmail('james@example.com');
    await flush();
    expect(first.received.at(-1)).toEqual({ type: 'page/record', record, email: 'james@example.com', account: null });
    // The frame reloads: the old connection ends, the new one starts from what the page shows now.
    first.close();
    const second = connection.connect();
    expect(second.received).toEqual([{ type: 'page/record', record, email: 'james@example.com', account: null }]);
    expect(first.received).toHaveLength(2);
  });

  it('ignores a connection that is not our sidebar’s', async () => {
    ctx = new ContentScriptContext('crm');
    watchCrmPage(ctx, adapter);
    const stranger = connection.connect({ name: 'something-else' });
    const otherExtension = connection.connect({ extensionId: 'another-extension' });
    expect(stranger.received).toEqual([]);
    expect(otherExtension.received).toEqual([]);
    otherExtension.say({ type: LAYOUT_MESSAGE, empty: true, facts: pageFactsKey({ record, email: null, account: null }) });
    await flush();
    expect(width()).toBe('380');
  });

  it('lets go of the sidebar and stops listening when a newer copy of the script takes over the page', () => {
    ctx = new ContentScriptContext('crm');
    watchCrmPage(ctx, adapter);
    const sidebarNow = connection.connect();
    ctx.abort();
    expect(sidebarNow.dropped).toBe(true);
    expect(connection.listening()).toBe(false);
  });
});
