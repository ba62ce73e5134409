import { ask } from '@/lib/messaging/ask';
import type { LoopAction } from '@/lib/messaging/protocol';

export { retryUnlessRefused } from '@/lib/messaging/ask';

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
  for (const { eventId, action } of steps) await ask({ type: 'loop/act', loopId, eventId, action });
}

export const retryDelay = (attempt: number) => 200 * 2 ** attempt;
