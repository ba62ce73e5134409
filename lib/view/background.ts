import { browser } from 'wxt/browser';
import type { BackgroundReply, BackgroundRequest } from '@/lib/messaging/protocol';

/** Sends a request to the background and turns a refusal into an Error for TanStack Query. */
export async function askBackground<T = unknown>(request: BackgroundRequest): Promise<T> {
  const reply = (await browser.runtime.sendMessage(request)) as BackgroundReply | undefined;
  if (!reply) throw new Error('Loopside’s background did not answer. Reload the extension and try again.');
  if (!reply.ok) throw new Error(reply.error);
  return reply.data as T;
}
