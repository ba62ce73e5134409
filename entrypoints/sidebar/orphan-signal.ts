import { browser } from 'wxt/browser';
import { ORPHANED_MESSAGE } from '@/lib/page/orphan-notice';

/**
 * An extension update leaves this frame running but cut off: every extension call throws. The
 * content script on the page cannot notice by itself without polling on the CRM's main thread,
 * so this frame (in the extension's process) looks once a second and tells the page when it
 * happens. The message carries nothing: the content script checks its own runtime before acting.
 */
export function signalWhenOrphaned(intervalMs = 1000): () => void {
  const timer = setInterval(() => {
    if (browser.runtime?.id) return;
    clearInterval(timer);
    const parentOrigin = location.ancestorOrigins?.[0] ?? '*';
    window.parent.postMessage({ type: ORPHANED_MESSAGE }, parentOrigin);
  }, intervalMs);
  return () => clearInterval(timer);
}
