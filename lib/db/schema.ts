import Dexie, { type EntityTable } from 'dexie';
import type { LoopEvent, Route, TerminalState } from '@/lib/loop';

/**
 * A loop's searchable projection. Events are the truth; this row is rebuilt from them in the same
 * transaction that appends them, so views can find "the loops for this record" or "my open loops"
 * by index instead of folding every event in the store.
 */
export interface LoopRow {
  loopId: string;
  email: string;
  hubspotId: string;
  salesforceId: string;
  ownerEmail: string;
  contactName: string;
  score: number;
  respondedAt: number;
  route: Route;
  status: 'open' | TerminalState;
  firstTouchDueAt: number;
  /** 0 while untouched: IndexedDB cannot index `undefined`, and "untouched open loops" is the scan's query. */
  firstTouchAt: number;
}

/** One row per (loop, stage): written before the notification is shown, so a stage never fires twice. */
export interface NotifiedRow {
  key: string;
  loopId: string;
  stage: string;
  at: number;
}

/** Events a user produced that the sync adapter has not yet acknowledged (team mode reads it). */
export interface OutboxRow {
  eventId: string;
  loopId: string;
  queuedAt: number;
}

/** Where a contact's record was last seen, so a notification click can open it. */
export interface RecordLinkRow {
  /** `email:<address>`, `hubspot:<id>` or `salesforce:<id18>` */
  key: string;
  url: string;
  seenAt: number;
}

export interface KeyValueRow {
  key: string;
  value: unknown;
}

export class LoopsideDb extends Dexie {
  events!: EntityTable<LoopEvent, 'id'>;
  loops!: EntityTable<LoopRow, 'loopId'>;
  notified!: EntityTable<NotifiedRow, 'key'>;
  outbox!: EntityTable<OutboxRow, 'eventId'>;
  recordLinks!: EntityTable<RecordLinkRow, 'key'>;
  kv!: EntityTable<KeyValueRow, 'key'>;

  constructor(name = 'loopside') {
    // A logged outcome must survive a crash or power loss right after "Log": ask for strict durability.
    super(name, { chromeTransactionDurability: 'strict' });
    this.version(1).stores({
      events: 'id, loopId, at',
      loops: 'loopId, email, hubspotId, salesforceId, ownerEmail, status, firstTouchDueAt, [status+firstTouchAt]',
      notified: 'key, loopId',
      outbox: 'eventId, loopId, queuedAt',
      recordLinks: 'key',
      kv: 'key',
    });
  }
}

let shared: LoopsideDb | undefined;

/** The extension-origin database. Never call this from a content script: it would open the CRM's IndexedDB. */
export function getDb(): LoopsideDb {
  shared ??= new LoopsideDb();
  return shared;
}
