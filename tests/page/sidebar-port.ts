import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SIDEBAR_PORT } from '@/lib/page/sidebar-frame';

type Listener<A extends unknown[]> = (...args: A) => void;

function event<A extends unknown[]>() {
  const listeners = new Set<Listener<A>>();
  return {
    addListener: (l: Listener<A>) => void listeners.add(l),
    removeListener: (l: Listener<A>) => void listeners.delete(l),
    hasListener: (l: Listener<A>) => listeners.has(l),
    fire: (...args: A) => listeners.forEach((l) => l(...args)),
    get size() {
      return listeners.size;
    },
  };
}

export interface FakeSidebar {
  /** what the content script posted to this sidebar, in order */
  received: unknown[];
  /** the sidebar posts to the content script */
  say(message: unknown): void;
  /** the sidebar frame goes away (reloaded, closed) */
  close(): void;
  /** the content script disconnected it */
  dropped: boolean;
}

/**
 * `runtime.onConnect` as a content script sees it (fake-browser leaves it unmocked), and a sidebar
 * frame connecting to it with tabs.connect. Call after `fakeBrowser.reset()`.
 */
export function installConnect() {
  const onConnect = event<[unknown]>();
  (fakeBrowser.runtime as unknown as { onConnect: unknown }).onConnect = onConnect;
  return {
    listening: () => onConnect.size > 0,
    connect({ name = SIDEBAR_PORT, extensionId = fakeBrowser.runtime.id } = {}): FakeSidebar {
      const onMessage = event<[unknown, unknown]>();
      const onDisconnect = event<[unknown]>();
      const sidebar: FakeSidebar = {
        received: [],
        say: (message) => onMessage.fire(message, port),
        close: () => onDisconnect.fire(port),
        dropped: false,
      };
      const port = {
        name,
        sender: { id: extensionId, url: `chrome-extension://${extensionId}/sidebar.html` },
        postMessage: (message: unknown) => void sidebar.received.push(message),
        disconnect: () => void (sidebar.dropped = true),
        onMessage,
        onDisconnect,
      };
      onConnect.fire(port);
      return sidebar;
    },
  };
}
