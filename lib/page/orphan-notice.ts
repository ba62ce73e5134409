/**
 * After an extension update the content script already on the page is cut off from the extension
 * (no runtime, no storage) and the sidebar frame can no longer talk to anything. The old script
 * swaps that dead frame for this notice. Built with DOM calls only and no imports: it has to
 * work when every extension API throws, and it ships in the content script's few kB.
 */
export const NOTICE_ID = 'loopside-updated';

/**
 * The sidebar frame posts this to the CRM page when its own runtime disappears. Anyone on the page
 * could post it too, so it only ever prompts the content script to check its own runtime.
 */
export const ORPHANED_MESSAGE = 'loopside/orphaned';

const NOTICE_CSS =
  ':host{all:initial}' +
  '.n{box-sizing:border-box;width:300px;margin:0;padding:12px 14px;background:#fff;color:#1f2328;' +
  'border:1px solid #57606a;border-right:0;border-radius:8px 0 0 8px;box-shadow:-2px 2px 8px rgba(0,0,0,.18);' +
  'font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}' +
  'p{margin:0 0 8px}.t{font-weight:600}' +
  // #0b5cad on white is 6.9:1; the focus ring is drawn outside the button so it shows on any CRM.
  'button{font:inherit;font-weight:600;padding:6px 12px;border-radius:6px;border:1px solid #0b5cad;background:#0b5cad;color:#fff;cursor:pointer}' +
  'button:focus-visible{outline:3px solid #1f2328;outline-offset:2px}';

export function noticeStyle(top: number): string {
  return `all:initial;position:fixed;z-index:2147483000;right:0;top:${top}px;display:block;`;
}

/**
 * The notice, at the sidebar's place: right edge, just below the CRM's navigation bar. It takes
 * focus only if the person was inside the sidebar, so typing in the CRM is never interrupted.
 */
export function showUpdatedNotice(doc: Document, top: number, takeFocus: boolean, reload: () => void): HTMLElement {
  doc.getElementById(NOTICE_ID)?.remove();
  const host = doc.createElement('div');
  host.id = NOTICE_ID;
  host.setAttribute('style', noticeStyle(top));
  // Open like the rest of the page's DOM: the text is no secret, and the CRM's CSS still cannot reach in.
  const root = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = NOTICE_CSS;
  const box = doc.createElement('aside');
  box.className = 'n';
  box.setAttribute('aria-label', 'Loopside');
  const status = doc.createElement('p');
  status.className = 't';
  status.setAttribute('role', 'status');
  const detail = doc.createElement('p');
  detail.textContent = 'Anything you had not logged yet is kept and comes back after the reload.';
  const button = doc.createElement('button');
  button.type = 'button';
  button.textContent = 'Reload tab';
  button.addEventListener('click', () => reload());
  box.append(status, detail, button);
  root.append(style, box);
  doc.documentElement.append(host);
  // Screen readers announce a status region's changes, not its first content: fill it once it is in place.
  setTimeout(() => (status.textContent = 'Loopside was updated — reload this tab'), 50);
  status.textContent = '\u00a0';
  if (takeFocus) button.focus();
  return host;
}
