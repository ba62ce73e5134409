/**
 * Who sent a runtime message, decided from what the browser (not the message) says.
 * Pure so the rules are unit-tested; the worker and sidebar pass `runtime.MessageSender` in.
 */
export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
  frameId?: number;
  tab?: { id?: number };
}

export type SenderVerdict =
  | { kind: 'extension-page'; page: string; tabId?: number }
  | { kind: 'content-script'; tabId: number; frameId: number; url: string }
  | { kind: 'rejected'; reason: string };

export interface Self {
  /** `runtime.id` */
  id: string;
  /** origin of `runtime.getURL('/')`: on Firefox its host is a per-install UUID, not the id */
  origin: string;
}

export function classifySender(sender: SenderInfo, self: Self): SenderVerdict {
  const extensionId = self.id;
  if (sender.id !== extensionId) return { kind: 'rejected', reason: `sender id ${sender.id ?? 'none'} is not this extension` };
  if (!sender.url) return { kind: 'rejected', reason: 'sender has no URL' };
  let url: URL;
  try {
    url = new URL(sender.url);
  } catch {
    return { kind: 'rejected', reason: 'sender URL does not parse' };
  }
  // URL#origin is "null" for non-special schemes in some engines; compare scheme + host instead.
  if (`${url.protocol}//${url.host}` === self.origin.replace(/\/$/, '')) {
    return { kind: 'extension-page', page: url.pathname, tabId: sender.tab?.id };
  }
  if (sender.tab?.id === undefined) return { kind: 'rejected', reason: 'web sender outside a tab' };
  return { kind: 'content-script', tabId: sender.tab.id, frameId: sender.frameId ?? -1, url: sender.url };
}
