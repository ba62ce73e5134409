// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { CrmPageAdapter } from '@/lib/crm/adapter';
import { watchCrmPage } from '@/lib/page/watcher';
import { installConnect } from './sidebar-port';
import { FRAME_ID } from '@/lib/page/sidebar-frame';
import { NOTICE_ID, ORPHANED_MESSAGE } from '@/lib/page/orphan-notice';

const adapter: CrmPageAdapter = {
  crm: 'hubspot',
  recordFromUrl: () => ({
    crm: 'hubspot',
    kind: 'contact',
    id: '51',
    host: 'app.hubspot.com',
    url: 'https://app.hubspot.com/contacts/1/record/0-1/51',
  }),
  emailSource: () => null,
  readEmail: () => null,
  navBottom: () => 64,
  readAccount: () => null,
};

const runtime = fakeBrowser.runtime as { id: string | undefined };
let ctx: ContentScriptContext;
let realId: string | undefined;

beforeEach(() => {
  fakeBrowser.reset();
  installConnect();
  realId = runtime.id;
  ctx = new ContentScriptContext('crm');
  watchCrmPage(ctx, adapter);
});
afterEach(() => {
  runtime.id = realId;
  ctx.abort();
  document.getElementById(FRAME_ID)?.remove();
  document.getElementById(NOTICE_ID)?.remove();
});

const frame = () => document.getElementById(FRAME_ID) as HTMLIFrameElement | null;
// happy-dom loads no frame pages (it logs that once per frame): contentWindow is null on both sides here.
const fromFrame = () => new MessageEvent('message', { data: { type: ORPHANED_MESSAGE }, source: frame()!.contentWindow });

describe('the content script after an extension update', () => {
  it('replaces the dead sidebar frame with the reload notice when the frame says its runtime is gone', () => {
    expect(frame()).not.toBeNull();
    runtime.id = undefined;
    window.dispatchEvent(fromFrame());
    expect(frame()).toBeNull();
    const notice = document.getElementById(NOTICE_ID)!;
    expect(notice.getAttribute('style')).toContain('top:64px');
    expect(notice.shadowRoot!.querySelector('button')!.textContent).toBe('Reload tab');
  });

  it('notices on its own when the person comes back to the tab', () => {
    runtime.id = undefined;
    document.dispatchEvent(new Event('visibilitychange'));
    expect(document.getElementById(NOTICE_ID)).not.toBeNull();
  });

  it('ignores the message while its runtime still answers (anyone on the page can post it)', () => {
    window.dispatchEvent(new MessageEvent('message', { data: { type: ORPHANED_MESSAGE }, source: window }));
    window.dispatchEvent(fromFrame());
    expect(frame()).not.toBeNull();
    expect(document.getElementById(NOTICE_ID)).toBeNull();
  });

  it('steps aside without a notice when a newer copy of the script takes over the page', () => {
    ctx.notifyInvalidated();
    expect(document.getElementById(NOTICE_ID)).toBeNull();
    expect(frame()).not.toBeNull();
  });
});
