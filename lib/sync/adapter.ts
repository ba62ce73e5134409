import type { LoopEvent, Route, TerminalState } from '@/lib/loop';
import type { SyncError } from './errors';

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
  /** the adapter knows whether more waits after `cursor` (false: caught up, another page now would only re-read) */
  more?: boolean;
}

/** What became of one pushed event. */
export type PushResult = 'stored' | 'already_stored' | { error: SyncError };

export interface PushOutcome {
  eventId: string;
  result: PushResult;
}

/**
 * A loop as the CRM shows it to people without Loopside: one open task (HubSpot task, Salesforce
 * Task) owned by the loop's owner, due at the first-touch due time. Created on first upsert and
 * updated in place after that; the loop id is its key.
 */
export interface LoopProjection {
  loopId: string;
  /** '' while unassigned */
  ownerEmail: string;
  status: 'open' | 'closed';
  /** set once closed */
  terminalState?: TerminalState;
  firstTouchDueAt: number;
  route: Route;
  critical: boolean;
  /** the contact, for associating the task with the CRM record */
  contact: { email: string; name: string; hubspotId: string; salesforceId: string };
  score: number;
  respondedAt: number;
  /** task subject (HubSpot `hs_task_subject`, Salesforce `Subject`) */
  subject: string;
  /** task body (HubSpot `hs_task_body`, Salesforce `Description`): the verbatim and the next step */
  body: string;
}

export type UpsertResult = 'created' | 'updated';

/**
 * A sync target: an append-only event log shared by the team, plus one updatable projection per
 * loop. Events are never updated or deleted through it, so a merge is a set union on event ids and
 * no adapter needs conflict rules; the projection is last-writer-wins and only ever derived from
 * the events. Every method throws only SyncError.
 */
export interface SyncAdapter {
  /** events per `pushEvents` call at most (HubSpot batch endpoints take 100, Salesforce composite 25) */
  readonly maxBatch: number;
  /**
   * Stores a batch of events, each under its own id as idempotency key: pushing an event the target
   * already holds answers `already_stored` without storing a second copy (a lost acknowledgement is
   * always followed by a re-push).
   *
   * One outcome per event the adapter tried. An event with no outcome was not tried: the adapter
   * stopped at an error that concerns the whole target (auth, rate limit, down), reported as the
   * outcome of the event it stopped at. It throws only when no event could be tried at all.
   */
  pushEvents(events: readonly LoopEvent[]): Promise<PushOutcome[]>;
  /** Creates or updates the loop's task. Idempotent: the same projection twice changes nothing. */
  upsertLoop(projection: LoopProjection): Promise<UpsertResult>;
  /** Events stored after `cursor` (null: from the beginning), one page at a time. */
  pull(cursor: string | null): Promise<PullPage>;
}
