import { browser } from 'wxt/browser';
import type { BackgroundReply, LoopAction } from '@/lib/messaging/protocol';

/** The background looked at the action and said no (closed already, reason missing…): retrying cannot help. */
export class RefusedError extends Error {
  override name = 'RefusedError';
}

export interface ActStep {
  eventId: string;
  action: LoopAction;
}

/**
 * Sends a person's actions on one loop, in order. Each carries the id made when the person acted,
 * so sending the whole list again after a lost reply records nothing twice: the background
 * confirms an id it already has without looking at the action again.
 */
export async function actOnLoop(loopId: string, steps: readonly ActStep[]): Promise<void> {
  for (const { eventId, action } of steps) {
    const reply = (await browser.runtime.sendMessage({ type: 'loop/act', loopId, eventId, action })) as BackgroundReply | undefined;
    if (!reply) throw new Error('Loopside’s background did not answer. Try again in a moment.');
    if (!reply.ok) throw new RefusedError(reply.error);
  }
}

/** TanStack Query retry rule: a worker stopped mid-request answers nothing, a refusal is final. */
export const retryUnlessRefused = (failures: number, error: Error) => !(error instanceof RefusedError) && failures < 4;
export const retryDelay = (attempt: number) => 200 * 2 ** attempt;
