import { browser, type Browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { CrmPageAdapter } from '@/lib/crm/adapter';
import { ACCOUNT_KINDS, type AccountHint, type RecordRef } from '@/lib/crm/types';
import type { PageCurrent, PageRecord, PageRecordChanged } from '@/lib/messaging/protocol';
import { acceptEmail, GIVE_UP_MS, SETTLE_MS } from './email-watch';
import {
  COLLAPSED_KEY,
  createSidebarFrame,
  frameStyle,
  FOCUS_SIDEBAR_MESSAGE,
  LAYOUT_MESSAGE,
  NARROW_PAGE_WIDTH,
  pageFactsKey,
  reserveRoom,
  reservedWidth,
  SIDEBAR_PORT,
  type FrameLayout,
  type SidebarLayoutMessage,
} from './sidebar-frame';
import { ORPHANED_MESSAGE, showUpdatedNotice } from './orphan-notice';

type PageState = PageRecord;

const sameRecord = (a: RecordRef | null, b: RecordRef | null) =>
  a?.crm === b?.crm && a?.kind === b?.kind && a?.id === b?.id && a?.host === b?.host;

/**
 * The whole content script: URL → record identity, the e-mail the record shows, and the sidebar
 * frame's place on the page. Everything else happens in the sidebar (an extension page).
 * No zod or UI library here: this runs on every CRM page load and must stay a few kB.
 */
export function watchCrmPage(ctx: ContentScriptContext, adapter: CrmPageAdapter): void {
  let state: PageState = { record: null, email: null, account: null };
  let frame: HTMLIFrameElement | null = null;
  let layout: FrameLayout = { top: adapter.navBottom(document), collapsed: false, visible: false };
  let stopEmailWatch: (() => void) | null = null;
  let topMeasured = false;

  /** The sidebar frames connected to this page (one, but a reloading frame may briefly overlap its successor). */
  const sidebars = new Set<Browser.runtime.Port>();
  const recordMessage = (): PageRecordChanged => ({ type: 'page/record', ...state });
  const publish = () => {
    // An orphaned runtime throws synchronously, before any promise could be caught.
    if (ctx.isInvalid) return;
    // No sidebar connected yet: it is told the record when it connects.
    for (const port of sidebars) port.postMessage(recordMessage());
  };

  /**
   * Collapsed when the person collapsed it (remembered in every tab), or by itself when the page is
   * narrow or the record has no feedback, unless the person expanded it on this record.
   */
  let collapsedByChoice = false;
  let expandedHere = false;
  let narrow = window.innerWidth < NARROW_PAGE_WIDTH;
  let empty = false;
  /**
   * Whether the page may still render the record's facts (its e-mail, its account). Until it has,
   * "no feedback" may only mean "not matched yet": folding the frame then and unfolding it when
   * the e-mail shows would lay the CRM page out twice per navigation, and flicker.
   */
  let factsPending = false;
  const wantsCollapsed = () => collapsedByChoice || (!expandedHere && (narrow || (empty && !factsPending)));

  let appliedStyle = '';
  let appliedRoom = 0;
  const applyLayout = (next: Partial<FrameLayout>) => {
    layout = { ...layout, collapsed: wantsCollapsed(), ...next };
    if (layout.visible && !frame) frame = createSidebarFrame(document, browser.runtime.getURL('/sidebar.html'), layout);
    const style = frameStyle(layout);
    // Touch the CRM's DOM only when something changed: every write costs the page a style pass.
    if (frame && style !== appliedStyle) {
      frame.setAttribute('style', style);
      appliedStyle = style;
    }
    const room = frame ? reservedWidth(layout) : 0;
    if (room !== appliedRoom) {
      reserveRoom(document, room);
      appliedRoom = room;
    }
  };

  /**
   * Watches the page until it shows the new record's facts: the e-mail of a contact or lead, the
   * account of a company, deal, account or opportunity. Each read is a couple of selector look-ups.
   */
  const watchFacts = (record: RecordRef, staleEmail: string | null, staleSource: Element | null, staleAccount: string) => {
    stopEmailWatch?.();
    const since = performance.now();
    const accountPage = ACCOUNT_KINDS.includes(record.kind);
    const checkEmail = (): boolean => {
      const source = adapter.emailSource(document);
      const rerendered = source !== null && staleSource !== null && source !== staleSource;
      const email = acceptEmail(adapter.readEmail(document), staleEmail, performance.now() - since, rerendered);
      if (email === null) return false;
      if (email !== state.email) {
        state = { ...state, email };
        publish();
      }
      return true;
    };
    // The previous account's name stays on screen until the CRM renders the new one.
    const checkAccount = (): boolean => {
      const hint = adapter.readAccount(document, record);
      if (!hint) return true;
      const key = JSON.stringify(hint);
      if (key === staleAccount && performance.now() - since < SETTLE_MS) return false;
      if (key !== JSON.stringify(state.account)) {
        state = { ...state, account: hint };
        publish();
      }
      return hint.name !== null || hint.domain !== null || hint.ids.some((id) => id !== record.id);
    };
    const check = () => {
      if (accountPage ? checkAccount() : checkEmail()) stop();
    };
    // Past the settle time the page has rendered what it will: a record without feedback folds now.
    const settled = () => {
      check();
      if (factsPending) {
        factsPending = false;
        applyLayout({});
      }
    };
    // Mutation records arrive batched per task; no animation-frame throttling, which would stall
    // in a tab the browser does not paint.
    const observer = new MutationObserver(check);
    observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
    const settle = setTimeout(settled, SETTLE_MS + 100);
    const giveUp = setTimeout(() => stop(), GIVE_UP_MS);
    factsPending = true;
    const stop = () => {
      observer.disconnect();
      clearTimeout(settle);
      clearTimeout(giveUp);
      stopEmailWatch = null;
      if (factsPending) {
        factsPending = false;
        if (!ctx.isInvalid) applyLayout({});
      }
    };
    stopEmailWatch = stop;
    check();
  };

  // The Navigation API announces a same-document navigation before `location` changes:
  // the new URL must come from the event, not from `location`.
  const onLocation = (event?: Event) => {
    const next = (event as { newUrl?: URL } | undefined)?.newUrl ?? new URL(location.href);
    const record = adapter.recordFromUrl(next);
    // Known before the validity check, so an orphaned script still puts the notice on a record page.
    layout = { ...layout, visible: record !== null };
    if (ctx.isInvalid) return;
    applyLayout({});
    // Measure the CRM's header once, after the browser's own layout has run: reading geometry right
    // after a navigation would force a synchronous layout of the whole CRM page, and the header
    // does not move between records (a resize measures again).
    if (!topMeasured && record) {
      topMeasured = true;
      ctx.setTimeout(() => applyLayout({ top: adapter.navBottom(document) }), 400);
    }
    if (sameRecord(record, state.record)) return;
    // A new record starts with the rules again: "expanded here" and "empty" belonged to the last one.
    expandedHere = false;
    empty = false;
    applyLayout({});
    const staleEmail = state.email ?? adapter.readEmail(document);
    const staleSource = adapter.emailSource(document);
    // A company's or account's own id is in its URL: matching by it needs nothing from the page.
    const ownAccount: AccountHint | null =
      record && (record.kind === 'company' || record.kind === 'account') ? { ids: [record.id], name: null, domain: null } : null;
    const staleAccount = record ? JSON.stringify(adapter.readAccount(document, record)) : '';
    state = { record, email: null, account: ownAccount };
    publish();
    if (record) watchFacts(record, staleEmail, staleSource, staleAccount);
    else stopEmailWatch?.();
  };

  const onPageRequest = (message: unknown, sender: { id?: string; url?: string }) => {
    if (sender.id !== browser.runtime.id) return undefined;
    if ((message as { type?: unknown } | null)?.type === FOCUS_SIDEBAR_MESSAGE) {
      if (frame && layout.visible) {
        frame.focus();
        // Carries nothing secret, and the frame is ours by construction: any target origin will do.
        frame.contentWindow?.postMessage({ type: FOCUS_SIDEBAR_MESSAGE }, '*');
      }
      return undefined;
    }
    if ((message as Partial<PageCurrent> | null)?.type !== 'page/current') return undefined;
    return Promise.resolve<PageRecord>(state);
  };
  const onLayoutReport = (message: unknown) => {
    const layoutMessage = message as Partial<SidebarLayoutMessage> | null;
    if (layoutMessage?.type !== LAYOUT_MESSAGE) return;
    const current = layoutMessage.facts === undefined || layoutMessage.facts === pageFactsKey(state);
    if (typeof layoutMessage.empty === 'boolean' && current) empty = layoutMessage.empty;
    if (layoutMessage.expand === true) expandedHere = true;
    applyLayout({});
  };
  // Only this extension's pages can connect to a content script (tabs.connect): the sidebar frame.
  const onConnect = (port: Browser.runtime.Port) => {
    if (port.name !== SIDEBAR_PORT || port.sender?.id !== browser.runtime.id) return;
    sidebars.add(port);
    port.onMessage.addListener(onLayoutReport);
    port.onDisconnect.addListener(() => sidebars.delete(port));
    port.postMessage(recordMessage());
  };
  const onStorage = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local' || !(COLLAPSED_KEY in changes)) return;
    collapsedByChoice = changes[COLLAPSED_KEY]?.newValue === true;
    if (collapsedByChoice) expandedHere = false;
    applyLayout({});
  };
  browser.runtime.onMessage.addListener(onPageRequest);
  browser.runtime.onConnect.addListener(onConnect);
  browser.storage.onChanged.addListener(onStorage);

  /**
   * The context ends either because a newer copy of this script took over the page (the runtime
   * still answers: step aside, it reuses the frame) or because the extension was updated or
   * reloaded under us (no runtime: the frame is dead and the person needs to reload the tab).
   */
  ctx.onInvalidated(() => {
    stopEmailWatch?.();
    if (browser.runtime?.id) {
      browser.runtime.onMessage.removeListener(onPageRequest);
      browser.runtime.onConnect.removeListener(onConnect);
      browser.storage.onChanged.removeListener(onStorage);
      // The newer copy of this script takes the frame's connection: the frame connects again.
      for (const port of sidebars) port.disconnect();
      sidebars.clear();
      return;
    }
    const hadFocus = frame !== null && document.activeElement === frame;
    frame?.remove();
    frame = null;
    reserveRoom(document, 0);
    if (layout.visible) showUpdatedNotice(document, layout.top, hadFocus, () => location.reload());
  });
  // Nothing announces an update to the old script: it looks when the sidebar says its own runtime
  // went away, and whenever the person comes back to the tab. Reading `isInvalid` is the check.
  const recheck = () => void ctx.isInvalid;
  ctx.addEventListener(window, 'message', (event: MessageEvent) => {
    if (frame && event.source === frame.contentWindow && (event.data as { type?: unknown } | null)?.type === ORPHANED_MESSAGE) recheck();
  });
  ctx.addEventListener(window, 'focus', recheck);
  ctx.addEventListener(document, 'visibilitychange', recheck);

  browser.storage.local.get(COLLAPSED_KEY).then((stored) => {
    collapsedByChoice = stored[COLLAPSED_KEY] === true;
    applyLayout({});
  });
  ctx.addEventListener(window, 'resize', () => {
    narrow = window.innerWidth < NARROW_PAGE_WIDTH;
    applyLayout({ top: adapter.navBottom(document) });
  });
  ctx.addEventListener(window, 'wxt:locationchange', onLocation);
  onLocation();
}
