/**
 * The sidebar's iframe on the CRM page: an extension page, so the CRM can neither read the
 * verbatims inside it nor restyle it, and its CSS cannot leak into the CRM's.
 */
export const FRAME_ID = 'loopside-sidebar';
export const COLLAPSED_KEY = 'loopside.ui.collapsed';

export const EXPANDED_WIDTH = 380;
export const COLLAPSED_WIDTH = 44;
export const COLLAPSED_HEIGHT = 176;
/**
 * Below this page width (CSS px: a narrow window, or a wide one zoomed in) the sidebar starts as a
 * slim tab, since 380 px would take more than a third of what the CRM has left.
 */
export const NARROW_PAGE_WIDTH = 900;

export interface FrameLayout {
  /** px below which the sidebar may sit without covering the CRM's navigation */
  top: number;
  collapsed: boolean;
  visible: boolean;
}

export function frameStyle({ top, collapsed, visible }: FrameLayout): string {
  const size = collapsed
    ? `width:${COLLAPSED_WIDTH}px;height:${COLLAPSED_HEIGHT}px;`
    : `width:${EXPANDED_WIDTH}px;height:calc(100vh - ${top}px);`;
  return (
    `all:initial;position:fixed;z-index:2147483000;right:0;top:${top}px;${size}` +
    `border:0;display:${visible ? 'block' : 'none'};color-scheme:normal;background:transparent;`
  );
}

/** The width the CRM page gives up so the sidebar sits beside it, never over it. */
export function reservedWidth({ collapsed, visible }: FrameLayout): number {
  if (!visible) return 0;
  return collapsed ? COLLAPSED_WIDTH : EXPANDED_WIDTH;
}

/**
 * Makes room on the CRM page: the root element ends where the sidebar starts, so the CRM's own
 * layout (grids, sticky bars, right-hand columns) reflows into the narrower width instead of
 * running under the sidebar. An inline `!important` declaration on <html> wins over the CRM's
 * stylesheets; returning 0 removes it and gives the width back.
 */
export function reserveRoom(doc: Document, width: number): void {
  const root = doc.documentElement.style;
  if (width > 0) root.setProperty('margin-right', `${width}px`, 'important');
  else root.removeProperty('margin-right');
}

/**
 * The one connection between a sidebar frame and the content script of its tab (the frame opens it
 * with tabs.connect to frame 0). The record and its e-mail reach the frame over it, and layout
 * reports come back: a message on an open port costs the CRM page far less than a one-off message,
 * which opens and closes a channel in the page each time and wakes every extension page and the
 * service worker with it.
 */
export const SIDEBAR_PORT = 'loopside/sidebar';

/**
 * Sidebar frame → the content script of its own tab (over SIDEBAR_PORT): what the frame
 * knows and the page does not. `empty`: the record has no feedback (the store was read), so a tab
 * is enough. `expand`: the person asked for the full sidebar on this record, whatever the rules.
 * `facts`: the page facts (pageFactsKey) `empty` was read for; a report about facts the page has
 * since replaced (the e-mail rendered after the URL changed) is stale and changes nothing.
 */
export const LAYOUT_MESSAGE = 'sidebar/layout';
export interface SidebarLayoutMessage {
  type: typeof LAYOUT_MESSAGE;
  empty?: boolean;
  expand?: boolean;
  facts?: string;
}

/** What the page says about its record, as one string both sides of the frame compute alike. */
export function pageFactsKey(page: {
  record: { crm: string; kind: string; id: string; host: string } | null;
  email: string | null;
  account?: { ids: string[]; name: string | null; domain: string | null } | null;
}): string {
  const { record, email, account } = page;
  return JSON.stringify([
    record ? [record.crm, record.kind, record.id, record.host] : null,
    email ?? null,
    account ? [account.ids, account.name ?? null, account.domain ?? null] : null,
  ]);
}

/**
 * Background → content script (the manifest shortcut), then content script → the frame by
 * postMessage: move keyboard focus into the sidebar. Anyone on the page could post the second one;
 * all it does is focus the sidebar's first control.
 */
export const FOCUS_SIDEBAR_MESSAGE = 'sidebar/focus';

/**
 * Whether the CRM page is in a dark theme of its own (HubSpot and Salesforce offer one per user,
 * independent of the system setting): its body background is dark. Read once, when the frame is made.
 */
export function pageLooksDark(doc: Document): boolean {
  const view = doc.defaultView;
  if (!view || !doc.body) return false;
  const rgb = /rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?/.exec(view.getComputedStyle(doc.body).backgroundColor);
  if (!rgb || rgb[4] === '0') return false;
  const [r, g, b] = [rgb[1], rgb[2], rgb[3]].map(Number) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 96;
}

export function createSidebarFrame(doc: Document, src: string, layout: FrameLayout): HTMLIFrameElement {
  const existing = doc.getElementById(FRAME_ID);
  if (existing instanceof HTMLIFrameElement) return existing;
  const frame = doc.createElement('iframe');
  frame.id = FRAME_ID;
  frame.title = 'Loopside';
  // The CRM's own theme travels in the fragment: the frame reads it before its first paint.
  frame.src = pageLooksDark(doc) ? `${src}#theme=dark` : src;
  frame.setAttribute('style', frameStyle(layout));
  // On <html>, not <body>: single-page CRMs may replace the body's children on navigation.
  doc.documentElement.append(frame);
  return frame;
}
