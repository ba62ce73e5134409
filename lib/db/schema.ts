import Dexie, { type EntityTable } from 'dexie';
import type { LoopEvent, Route, TerminalState } from '@/lib/loop';
import type { Person } from '@/lib/people/schema';

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
  /** the CRM account (HubSpot company id, Salesforce AccountId); '' when the data has none */
  accountId: string;
  /** the company name as the response gave it, trimmed and lower-cased, for the account view; '' when none */
  companyKey: string;
  /** the part of the e-mail after @, lower-cased; '' when none */
  emailDomain: string;
  /**
   * When the scan must look at this loop next (its next alert stage or ladder step), epoch ms;
   * 0 when nothing is due any more. Indexed, so a tick reads only the loops whose time has come.
   */
  nextWakeAt: number;
  /**
   * From when the loop counts towards the badge (near breach or breached: its first notification
   * stage), epoch ms; 0 once it is touched or closed. Indexed with the owner, so the badge is a count.
   */
  attentionAt: number;
}

/**
 * A CRM credential (HubSpot access token, Salesforce session or OAuth tokens). Read and written by the
 * background only: never sent in a message, never logged, never in `storage.local` (content scripts
 * can read that). Removed by "Disconnect".
 */
export interface CredentialRow {
  /** the sync target kind it belongs to: 'hubspot' | 'salesforce' */
  target: string;
  /** the adapter's own shape, checked with zod where it is read */
  value: unknown;
  savedAt: number;
}

/**
 * One row per (loop, alert kind, recipient): written in the same transaction that decides to
 * show it, so an alert never fires twice for one person. `kind` is a notification stage
 * (`near_breach_1`, `near_breach_2`, `breached`) or `escalation:<level>`; `recipient` is an e-mail, or ''
 * for "me" in one-person local mode.
 */
/** One alert shown to one person (lib/notify decides them; this is only how the store keeps them). */
export interface NotifiedRow {
  /** `loopId|kind|recipient` */
  key: string;
  loopId: string;
  kind: string;
  recipient: string;
  at: number;
  /** a snoozed alert comes back once at this time (0: not snoozed) */
  snoozedUntil: number;
}

/** Events a user produced that the sync adapter has not yet acknowledged. */
export interface OutboxRow {
  eventId: string;
  loopId: string;
  queuedAt: number;
  /** pushes tried so far */
  attempts: number;
  /** not before this time (backoff, Retry-After); 0 = now */
  nextAttemptAt: number;
  lastError?: string;
}

/**
 * A loop whose CRM projection (the task: owner, status, due time) changed and is not yet upserted.
 * One row per loop however often it changed: the flush sends the loop as it is then, not each step.
 */
export interface ProjectionOutboxRow {
  loopId: string;
  queuedAt: number;
  attempts: number;
  /** not before this time (backoff, Retry-After); 0 = now */
  nextAttemptAt: number;
  lastError?: string;
}

/** An event the sync target refused for good (a 4xx other than 408/429): shown in options with a retry button. */
export interface DeadLetterRow {
  eventId: string;
  loopId: string;
  at: number;
  attempts: number;
  /** HTTP status, when there was one */
  status?: number;
  error: string;
}

/** Where a contact's record was last seen, so a notification click can open it. */
export interface RecordLinkRow {
  /** `email:<address>`, `hubspot:<id>` or `salesforce:<id18>` */
  key: string;
  url: string;
  seenAt: number;
  /** the tab the sidebar saw it in, to focus that tab instead of opening another */
  tabId?: number;
}

/**
 * The SLA scan's own row per waiting loop (v10): when it must look at the loop next, and what its
 * alert decision reads (`subject`, lib/notify's AlertSubject; null: fold the loop's events first).
 * `ownerEmail` and `attentionAt` are the loop row's as the scan last counted them for the badge.
 * Small rows with one index, so a tick reads and rewrites these instead of 15-index loop rows.
 */
export interface WakeRow {
  loopId: string;
  /** epoch ms; 0: never, until the loop's events change */
  wakeAt: number;
  ownerEmail: string;
  attentionAt: number;
  subject: unknown;
  /** with a subject: the loop's `notified` rows for me, as the scan last wrote them (it and snooze keep both) */
  heard?: NotifiedRow[];
}

/** Loops whose events changed since the scan last looked (appendEvents writes one row per append). */
export interface ScanDirtyRow {
  seq?: number;
  loopIds: string[];
}

/**
 * The KPI dashboard's stored facts (lib/dashboard/fact-store.ts owns the format): one row per week
 * of responses, packed, and one 'meta' row saying what they were folded with.
 */
export interface DashboardFactsRow {
  key: string;
  value: unknown;
}

/**
 * Loops whose events changed since the dashboard's facts were last brought up to date: one row per
 * append, written by appendEvents in the transaction that appends them; the dashboard removes a
 * row (or the loops of it that it folded again) once the loops and their contacts' other loops
 * are folded again. A later change writes a row of its own, so it is never taken for one read.
 */
export interface FactsDirtyRow {
  id?: number;
  loopIds: string[];
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
  deadLetters!: EntityTable<DeadLetterRow, 'eventId'>;
  projectionOutbox!: EntityTable<ProjectionOutboxRow, 'loopId'>;
  /** the team directory, keyed by lower-cased e-mail */
  people!: EntityTable<Person, 'email'>;
  recordLinks!: EntityTable<RecordLinkRow, 'key'>;
  kv!: EntityTable<KeyValueRow, 'key'>;
  credentials!: EntityTable<CredentialRow, 'target'>;
  wakes!: EntityTable<WakeRow, 'loopId'>;
  scanDirty!: EntityTable<ScanDirtyRow, 'seq'>;
  dashboardFacts!: EntityTable<DashboardFactsRow, 'key'>;
  factsDirty!: EntityTable<FactsDirtyRow, 'id'>;

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
    // v2: alerts per recipient (and snooze), outbox backoff, dead letters, team directory.
    this.version(2)
      .stores({
        notified: 'key, loopId, recipient, snoozedUntil',
        outbox: 'eventId, loopId, queuedAt, nextAttemptAt',
        deadLetters: 'eventId, loopId, at',
        people: 'email, managerEmail, role',
      })
      .upgrade(async (tx) => {
        // v1 keys were `loop|stage`, for the one local user: keep them, so nothing fires again.
        const old = (await tx.table('notified').toArray()) as { key: string; loopId: string; stage: string; at: number }[];
        await tx.table('notified').clear();
        await tx
          .table('notified')
          .bulkAdd(
            old.map((r) => ({ key: `${r.loopId}|${r.stage}|`, loopId: r.loopId, kind: r.stage, recipient: '', at: r.at, snoozedUntil: 0 })),
          );
        await tx
          .table('outbox')
          .toCollection()
          .modify((row: OutboxRow) => {
            row.attempts ??= 0;
            row.nextAttemptAt ??= 0;
          });
      });
    // v3: the loop projection (the CRM task) has its own queue beside the event outbox.
    this.version(3).stores({ projectionOutbox: 'loopId, queuedAt, nextAttemptAt' });
    // v4: the near-breach stages were renamed (warn_75 → near_breach_1, warn_1h → near_breach_2): rows
    // under the old names move to the new keys, so an alert already shown never fires again. The
    // names are written out here, not imported: a migration is a snapshot of what v3 stored.
    this.version(4)
      .stores({})
      .upgrade(async (tx) => {
        const renamed: Record<string, string> = { warn_75: 'near_breach_1', warn_1h: 'near_breach_2' };
        const notified = tx.table<NotifiedRow, string>('notified');
        const old = await notified.filter((r) => Object.hasOwn(renamed, r.kind)).toArray();
        if (old.length === 0) return;
        await notified.bulkDelete(old.map((r) => r.key));
        await notified.bulkPut(
          old.map((r) => {
            const kind = renamed[r.kind]!;
            return { ...r, kind, key: `${r.loopId}|${kind}|${r.recipient}` };
          }),
        );
      });
    // v5: loops know their account (account view) and when the scan must look at them next
    // (incremental scan); CRM credentials get a table of their own, read by the background only.
    this.version(5)
      .stores({
        loops:
          'loopId, email, hubspotId, salesforceId, ownerEmail, status, firstTouchDueAt, [status+firstTouchAt], accountId, companyKey, emailDomain, nextWakeAt',
        credentials: 'target',
      })
      .upgrade(async (tx) => {
        const received = new Map<string, { accountId?: string; company?: string }>();
        await tx
          .table('events')
          .filter((e: LoopEvent) => e.type === 'received')
          .each((e: LoopEvent) => {
            if (e.type === 'received') received.set(e.loopId, e.response);
          });
        await tx
          .table('loops')
          .toCollection()
          .modify((row: LoopRow) => {
            const response = received.get(row.loopId);
            row.accountId = response?.accountId ?? '';
            row.companyKey = response?.company?.trim().toLowerCase() ?? '';
            row.emailDomain = row.email.includes('@') ? row.email.slice(row.email.lastIndexOf('@') + 1).toLowerCase() : '';
            // The next scan computes the real wake-up time; 1 makes every loop due for it once.
            row.nextWakeAt = row.status === 'open' ? 1 : 0;
          });
      });
    // v8: the incremental SLA scan. `nextWakeAt` (v5) is now filled by appendEvents and each scan;
    // `attentionAt` lets the badge count "my loops near breach" through an index instead of a fold.
    // Every waiting loop is due for one scan, which writes both; until then the badge counts it from
    // its first-touch due time.
    this.version(8)
      .stores({
        loops:
          'loopId, email, hubspotId, salesforceId, ownerEmail, status, firstTouchDueAt, [status+firstTouchAt], accountId, companyKey, emailDomain, nextWakeAt, attentionAt, [ownerEmail+attentionAt]',
      })
      .upgrade(async (tx) => {
        await tx
          .table('loops')
          .toCollection()
          .modify((row: LoopRow) => {
            const waiting = row.status === 'open' && row.firstTouchAt === 0;
            row.nextWakeAt = waiting ? 1 : 0;
            row.attentionAt = waiting ? Math.max(1, row.firstTouchDueAt) : 0;
          });
      });
    // v9: the KPI dashboard keeps each loop's KPI facts, so opening it reads a few packed rows
    // instead of every event; appendEvents marks the loops whose facts it made stale. Empty at
    // first: the dashboard fills it the first time it opens.
    this.version(9).stores({ dashboardFacts: 'key', factsDirty: '++id' });
    // v10: the SLA scan keeps its wake-up times and alert inputs in small rows of its own, and
    // appendEvents tells it which loops changed. Each waiting loop starts with the wake-up time its
    // row had and no subject: the scan folds it once when that time comes.
    this.version(10)
      .stores({ wakes: 'loopId, wakeAt', scanDirty: '++seq' })
      .upgrade(async (tx) => {
        const waiting = (await tx.table('loops').where('[status+firstTouchAt]').equals(['open', 0]).toArray()) as LoopRow[];
        await tx.table('wakes').bulkPut(
          waiting.map((r): WakeRow => ({
            loopId: r.loopId,
            wakeAt: r.nextWakeAt,
            ownerEmail: r.ownerEmail,
            attentionAt: r.attentionAt,
            subject: null,
          })),
        );
      });
  }
}

let shared: LoopsideDb | undefined;

/** The extension-origin database. Never call this from a content script: it would open the CRM's IndexedDB. */
export function getDb(): LoopsideDb {
  shared ??= new LoopsideDb();
  return shared;
}
