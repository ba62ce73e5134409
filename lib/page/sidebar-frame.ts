/**
 * The sidebar's iframe on the CRM page: an extension page, so the CRM can neither read the
 * verbatims inside it nor restyle it, and its CSS cannot leak into the CRM's.
 */
export const FRAME_ID = 'loopside-sidebar';
export const COLLAPSED_KEY = 'loopside.ui.collapsed';

export const EXPANDED_WIDTH = 380;
export const COLLAPSED_WIDTH = 44;
export const COLLAPSED_HEIGHT = 176;

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
    `border:0;display:${visible ? 'block' : 'none'};color-scheme:normal;background:transparent;` +
    (collapsed ? '' : 'box-shadow:-2px 0 8px rgba(0,0,0,.18);')
  );
}

export function createSidebarFrame(doc: Document, src: string, layout: FrameLayout): HTMLIFrameElement {
  const existing = doc.getElementById(FRAME_ID);
  if (existing instanceof HTMLIFrameElement) return existing;
  const frame = doc.createElement('iframe');
  frame.id = FRAME_ID;
  frame.title = 'Loopside';
  frame.src = src;
  frame.setAttribute('style', frameStyle(layout));
  // On <html>, not <body>: single-page CRMs may replace the body's children on navigation.
  doc.documentElement.append(frame);
  return frame;
}
