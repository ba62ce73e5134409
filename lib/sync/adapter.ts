import type { LoopEvent } from '@/lib/loop';

/** An event the target sent that did not pass LoopEventSchema: skipped, and reported so it can be logged. */
export interface RejectedRemoteEvent {
  id: string;
  reason: string;
}

export interface PullPage {
  events: LoopEvent[];
  rejected: RejectedRemoteEvent[];
  /** where the next pull starts; equal to the one given when nothing new arrived */
  cursor: string;
}

/**
 * A sync target seen as an append-only event log shared by the team. Events are never updated or
 * deleted through it, so a merge is a set union on event ids and no adapter needs conflict rules.
 * Both methods throw only SyncError.
 */
export interface SyncAdapter {
  /**
   * Stores one event. `idempotencyKey` is the event id: pushing an event the target already holds
   * must succeed without storing a second copy (a lost acknowledgement is always followed by a re-push).
   */
  push(event: LoopEvent, idempotencyKey: string): Promise<void>;
  /** Events stored after `cursor` (null: from the beginning), one page at a time. */
  pull(cursor: string | null): Promise<PullPage>;
}
