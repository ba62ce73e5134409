import * as z from 'zod/mini';
import {
  ChannelSchema,
  HolidayRegionSchema,
  LoopEventSchema,
  OutcomeSchema,
  PolicySchema,
  PresetIdSchema,
  ResponseSchema,
  TerminalStateSchema,
} from '@/lib/loop';
import { PersonSchema } from '@/lib/people/schema';
import { SettingsSchema } from '@/lib/settings/schema';
import { EmailSchema, RecordRefSchema } from '@/lib/crm/record-schema';
import {
  SalesforceConnectReplySchema,
  SalesforceFieldsReplySchema,
  SalesforceObjectsReplySchema,
  SalesforceSourceTestReplySchema,
  SalesforceStatusSchema,
} from '@/lib/sync/salesforce/messages';

/**
 * Every message that crosses a context boundary, in one place: its request, its reply and who may
 * send it. Receivers parse requests with these schemas and senders parse replies with them; anything
 * that does not parse, or comes from a sender not listed for its type, is rejected with a logged
 * reason and changes nothing.
 *
 * The content script never imports this file at run time (it must stay a few kB, without zod):
 * it uses the types only, and the receivers of its messages validate them here.
 */

// ─── Page messages: the content script and the sidebar of the same tab ────────────────────────────

/** What the content script knows about the page: the record from the URL and the e-mail the record shows. */
/** The account a page shows, by what the page says of it (text from the CRM page: untrusted, bounded). */
export const AccountKeysSchema = z.object({
  ids: z.array(z.string().check(z.regex(/^[A-Za-z0-9]{1,20}$/))).check(z.maxLength(20)),
  name: z.nullable(z.string().check(z.maxLength(300))),
  domain: z.nullable(z.string().check(z.maxLength(253))),
});

const PageEmailSchema = z.nullable(z.email().check(z.maxLength(320)));

const pageRecordShape = {
  record: z.nullable(RecordRefSchema),
  email: PageEmailSchema,
  /** company, deal, account and opportunity pages: the account the page shows */
  account: z.optional(z.nullable(AccountKeysSchema)),
};
export const PageRecordSchema = z.object(pageRecordShape);
export type PageRecord = z.infer<typeof PageRecordSchema>;

/**
 * Content script (top frame) → the sidebar of the same tab, over the connection the sidebar opens to
 * frame 0 of its own tab (SIDEBAR_PORT): once on connecting, then whenever the record or its e-mail changes.
 */
export const PageRecordChangedSchema = z.object({ ...pageRecordShape, type: z.literal('page/record') });
export type PageRecordChanged = z.infer<typeof PageRecordChangedSchema>;

/**
 * Sidebar or background → the content script of a tab (tabs.sendMessage to frame 0): which record is
 * on the page now. The reply is a PageRecord; the content script answers only this extension.
 */
export const PageCurrentSchema = z.object({ type: z.literal('page/current') });
export type PageCurrent = z.infer<typeof PageCurrentSchema>;

/**
 * Background → extension pages, by runtime broadcast: what a sidebar shows may have changed (events,
 * directory, settings); read it again. It carries nothing else, so it needs no schema.
 */
export const STORE_CHANGED = 'store/changed';

// ─── Background requests: extension pages → the service worker ────────────────────────────────────

/** What a person can do to a loop from a view; the background turns it into one event. */
export const LoopActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('touch'), channel: ChannelSchema, outcome: OutcomeSchema, note: z.string().check(z.maxLength(4000)) }),
  z.object({
    kind: z.literal('close'),
    state: TerminalStateSchema,
    reason: z.string().check(z.trim(), z.minLength(1, 'say why the loop ends'), z.maxLength(1000)),
  }),
  z.object({
    kind: z.literal('reopen'),
    reason: z.string().check(z.trim(), z.minLength(1, 'say why the loop reopens'), z.maxLength(1000)),
  }),
  z.object({
    kind: z.literal('reason'),
    category: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
    note: z.optional(z.string().check(z.maxLength(4000))),
  }),
  z.object({ kind: z.literal('reassign'), toEmail: EmailSchema }),
  z.object({ kind: z.literal('advocacy_ask'), channel: ChannelSchema }),
]);
export type LoopAction = z.infer<typeof LoopActionSchema>;

const RowErrorSchema = z.object({ line: z.number(), reason: z.string() });

export const ImportSummarySchema = z.object({
  responses: z.number(),
  loopsCreated: z.number(),
  alreadyImported: z.number(),
  duplicates: z.number(),
  errors: z.array(RowErrorSchema),
  fatal: z.optional(z.string()),
});
export type ImportSummary = z.infer<typeof ImportSummarySchema>;

/** An options-page import's summary (lib/ingest/stream.ts StreamSummary), kept by the worker for "same file again". */
export const StreamSummarySchema = z.object({
  responses: z.number(),
  loopsCreated: z.number(),
  alreadyImported: z.number(),
  duplicates: z.number(),
  longComments: z.number(),
  futureRows: z.number(),
  errorCount: z.number(),
  errors: z.array(RowErrorSchema).check(z.maxLength(1000)),
  format: z.enum(['csv', 'qualtrics', 'surveymonkey', 'typeform', 'hubspot', 'delighted', 'asknicely']),
  columns: z.record(z.string(), z.string()),
});

export const PeopleImportSummarySchema = z.object({
  added: z.number(),
  updated: z.number(),
  errors: z.array(RowErrorSchema),
  fatal: z.optional(z.string()),
});
export type PeopleImportSummary = z.infer<typeof PeopleImportSummarySchema>;

/** `record/open`: where the record opened (null: no CRM address known yet) and whether an open tab was reused. */
export const RecordOpenReplySchema = z.object({ url: z.nullable(z.string()), reused: z.boolean() });
export type RecordOpenReply = z.infer<typeof RecordOpenReplySchema>;

export const SyncNowReplySchema = z.object({
  pushed: z.number(),
  upserted: z.number(),
  pulled: z.number(),
  deadLettered: z.number(),
  pending: z.number(),
  /** the target still refuses our credentials: sync stays paused until the person reconnects */
  paused: z.boolean(),
});
export type SyncNowReply = z.infer<typeof SyncNowReplySchema>;

const NoReply = z.undefined();

/** The most responses one `import/batch` may carry (a few MB of JSON at most). */
export const IMPORT_BATCH_MAX = 5000;
/** The sidebar's selection when it reads through the background: its record, or the account on the page. */
export const SidebarSelectionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('record'), record: RecordRefSchema, email: PageEmailSchema }),
  z.object({ kind: z.literal('account'), account: AccountKeysSchema }),
]);
export type SidebarSelection = z.infer<typeof SidebarSelectionSchema>;

const LoadedLoopSchema = z.object({
  loopId: z.string(),
  events: z.array(LoopEventSchema),
  contact: z.array(z.object({ loopId: z.string(), events: z.array(LoopEventSchema) })),
});
/** `LoadedLoops` (lib/db/loop-loader) as it crosses from the background to a sidebar frame. */
export const LoadedLoopsSchema = z.object({
  policy: PolicySchema,
  settings: SettingsSchema,
  people: z.array(PersonSchema),
  revenueThreshold: z.nullable(z.number()),
  loops: z.array(LoadedLoopSchema),
  accountRule: z.optional(z.nullable(z.enum(['crm_id', 'company_name', 'email_domain']))),
});

const SIDEBAR = '/sidebar.html';
const POPUP = '/popup.html';
const OPTIONS = '/options.html';
const DASHBOARD = '/dashboard.html';

/**
 * Each background request: the fields it carries (besides `type`), the reply's `data`, and the
 * extension pages allowed to send it. Content scripts may send none of them.
 */
/** What connecting a CRM found: the portal or org, and the scopes the token lacks (empty: all there). */
export const TeamConnectReplySchema = z.object({
  portalId: z.string(),
  uiDomain: z.string(),
  missingScopes: z.array(z.string()),
});
export type TeamConnectReply = z.infer<typeof TeamConnectReplySchema>;

/** Team mode's state for options, in words (generic: any CRM target fills it). */
export const SyncStatusReplySchema = z.object({
  target: z.string(),
  connected: z.boolean(),
  lastSyncAt: z.nullable(z.number()),
  requestsLastHour: z.number(),
  paused: z.nullable(z.string()),
  lastError: z.nullable(z.string()),
});
export type SyncStatusReply = z.infer<typeof SyncStatusReplySchema>;

export const BACKGROUND_MESSAGES = {
  'loop/act': {
    request: {
      loopId: z.string().check(z.minLength(1), z.maxLength(200)),
      /**
       * Made by the view when the person acts, and kept until the background confirms: a retry after
       * the worker was stopped mid-request replays the same id, so it can never be recorded twice.
       */
      eventId: z.uuid(),
      action: LoopActionSchema,
    },
    reply: z.object({ eventId: z.string() }),
    pages: [SIDEBAR, POPUP],
  },
  'import/csv': {
    request: { text: z.string().check(z.maxLength(50_000_000)), fileName: z.optional(z.string().check(z.maxLength(500))) },
    reply: ImportSummarySchema,
    pages: [OPTIONS],
  },
  'import/demo': { request: {}, reply: ImportSummarySchema, pages: [OPTIONS, POPUP, SIDEBAR] },
  /** settings are checked by the worker against SettingsSchema, so each field error can be named */
  'settings/save': { request: { settings: z.unknown() }, reply: z.unknown(), pages: [OPTIONS] },
  'policy/save': {
    request: {
      preset: PresetIdSchema,
      /** a date-holidays region such as "US" or "DE-BY"; '' for none */
      holidayRegion: HolidayRegionSchema,
      /** that region's public holidays, expanded by the options page (the holiday data stays out of the worker) */
      holidays: z.array(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))).check(z.maxLength(2000)),
    },
    reply: z.object({ version: z.number(), holidays: z.number() }),
    pages: [OPTIONS],
  },
  /** the sidebar frame asks which tab it is in when `tabs.getCurrent` cannot say */
  'tab/whoami': { request: {}, reply: z.object({ tabId: z.optional(z.number()) }), pages: [SIDEBAR] },
  /** the record a sidebar sits on, by its CRM keys: teaches "Open record" the portal or org */
  'record/seen': {
    request: {
      url: z.url().check(z.maxLength(2000)),
      keys: z.array(z.string().check(z.minLength(3), z.maxLength(400))).check(z.maxLength(10)),
    },
    reply: NoReply,
    pages: [SIDEBAR],
  },
  'notifications/scan': { request: {}, reply: NoReply, pages: [OPTIONS, POPUP] },
  /** the team directory: a CSV (bad rows reported by line), one person added or edited, one removed */
  'people/import': { request: { text: z.string().check(z.maxLength(5_000_000)) }, reply: PeopleImportSummarySchema, pages: [OPTIONS] },
  'people/save': {
    request: { person: z.unknown() },
    reply: z.looseObject({ added: z.number(), updated: z.number() }),
    pages: [OPTIONS],
  },
  'people/delete': { request: { email: z.string().check(z.maxLength(320)) }, reply: z.object({ removed: z.boolean() }), pages: [OPTIONS] },
  /** open the loop's CRM record, in a tab that already shows it when there is one */
  'record/open': {
    request: { loopId: z.string().check(z.minLength(1), z.maxLength(200)) },
    reply: RecordOpenReplySchema,
    pages: [POPUP, OPTIONS, DASHBOARD, SIDEBAR],
  },
  /** put a dead-lettered event back in the outbox ('*': all of them) */
  'deadletter/retry': {
    request: { eventId: z.string().check(z.minLength(1), z.maxLength(200)) },
    reply: z.object({ retried: z.number() }),
    pages: [OPTIONS],
  },
  /** push the outboxes and pull now, instead of at the next alarm; lifts an auth pause (the person asked: try again) */
  'sync/now': { request: {}, reply: SyncNowReplySchema, pages: [OPTIONS, POPUP] },

  // ─── Team mode (HubSpot) ────────────────────────────────────────────────────────────────────────
  /**
   * Connect HubSpot: the token goes to the background only, which checks it (the portal, then one
   * small read per scope), stores it in the credential store and switches sync to this portal. The
   * reply never carries the token.
   */
  'hubspot/connect': {
    request: {
      token: z.string().check(z.trim(), z.minLength(10), z.maxLength(500)),
      scoreProperty: z.optional(z.string().check(z.regex(/^[a-z0-9_]{1,100}$/))),
    },
    reply: TeamConnectReplySchema,
    pages: [OPTIONS],
  },
  /** forget the HubSpot token and go back to local mode; nothing already stored is lost */
  'hubspot/disconnect': { request: {}, reply: z.object({ disconnected: z.boolean() }), pages: [OPTIONS] },
  /** team mode's state in words for options: connected where, last sync, requests used, the last error (generic for any CRM) */
  'sync/status': { request: {}, reply: SyncStatusReplySchema, pages: [OPTIONS, POPUP] },
  // ─── Imports that stream (ingest): the options page parses the file in slices and sends batches ───
  /** one batch of parsed responses, written in one transaction; already-imported ones are counted, not written */
  'import/batch': {
    request: {
      importId: z.string().check(z.minLength(1), z.maxLength(100)),
      responses: z.array(ResponseSchema).check(z.maxLength(IMPORT_BATCH_MAX)),
    },
    reply: z.object({ loopsCreated: z.number(), alreadyImported: z.number() }),
    pages: [OPTIONS],
  },
  /** after an import's last batch: derived data (the top-revenue threshold) follows, the scan and sync run */
  'import/finish': {
    request: {
      importId: z.string().check(z.minLength(1), z.maxLength(100)),
      loopsCreated: z.int().check(z.minimum(0)),
      /** a file read in full: remembered, so the same file again is answered without reading it (lib/db/imported-files.ts) */
      file: z.optional(z.object({ fingerprint: z.string().check(z.regex(/^[0-9a-f]{64}$/)), summary: StreamSummarySchema })),
    },
    /** the top-revenue threshold after the import (null: no revenue known); an object, as an empty reply does not survive the trip */
    reply: z.object({ revenueThreshold: z.nullable(z.number()) }),
    pages: [OPTIONS],
  },
  // ─── sidebar (wave 2) ───
  /**
   * The loops of the sidebar's record or account, read by the background: for a frame the browser
   * refuses IndexedDB (third-party storage partitioning off while third-party cookies are blocked).
   */
  'record/loops': { request: { selection: SidebarSelectionSchema }, reply: LoadedLoopsSchema, pages: [SIDEBAR] },
  // ─── Salesforce team mode (issue 13): options only; sessions and tokens never cross this line ───
  'salesforce/status': { request: {}, reply: SalesforceStatusSchema, pages: [OPTIONS] },
  /** turn team mode on for an org (the options click already asked for `cookies` and the org's host) */
  'salesforce/connect': { request: { origin: z.url().check(z.maxLength(300)) }, reply: SalesforceConnectReplySchema, pages: [OPTIONS] },
  /** the org's objects and one object's fields, for the response-source picker */
  'salesforce/objects': { request: {}, reply: SalesforceObjectsReplySchema, pages: [OPTIONS] },
  'salesforce/fields': {
    request: { object: z.string().check(z.minLength(1), z.maxLength(80)) },
    reply: SalesforceFieldsReplySchema,
    pages: [OPTIONS],
  },
  /** the first rows a response source would import, before saving it */
  'salesforce/source/test': { request: { source: z.unknown() }, reply: SalesforceSourceTestReplySchema, pages: [OPTIONS] },
  'salesforce/source/save': {
    request: { source: z.unknown(), share: z.optional(z.number().check(z.minimum(0.001), z.maximum(0.5))) },
    reply: z.object({ saved: z.boolean() }),
    pages: [OPTIONS],
  },
  /** OAuth 2.0 + PKCE with the org's External Client App, where the org blocks browser sessions for APIs */
  'salesforce/oauth': {
    request: { origin: z.url().check(z.maxLength(300)), consumerKey: z.string().check(z.trim(), z.minLength(10), z.maxLength(256)) },
    reply: SalesforceConnectReplySchema,
    pages: [OPTIONS],
  },
  'salesforce/disconnect': { request: {}, reply: NoReply, pages: [OPTIONS] },
  // ─── ingest (wave 3): an import asks which rows are loops already before sending them ───
  /** which of these response ids are imported already, in order: only the others are sent in `import/batch` */
  'import/known': {
    request: {
      importId: z.string().check(z.minLength(1), z.maxLength(100)),
      ids: z.array(z.string().check(z.minLength(1), z.maxLength(200))).check(z.maxLength(IMPORT_BATCH_MAX)),
    },
    reply: z.object({ known: z.array(z.boolean()) }),
    pages: [OPTIONS],
  },
} as const satisfies Record<string, { request: z.core.$ZodShape; reply: z.ZodMiniType; pages: readonly string[] }>;

type Messages = typeof BACKGROUND_MESSAGES;
export type BackgroundRequestType = keyof Messages;

type RequestShape<T extends BackgroundRequestType> = { type: z.ZodMiniLiteral<T> } & Messages[T]['request'] extends infer S extends
  z.core.$ZodShape
  ? S
  : never;
type RequestSchemaOf<T extends BackgroundRequestType> = z.ZodMiniObject<RequestShape<T>>;
const requestSchemaOf = <T extends BackgroundRequestType>(type: T) =>
  z.object({ type: z.literal(type), ...BACKGROUND_MESSAGES[type].request }) as unknown as RequestSchemaOf<T>;

export type RequestOf<T extends BackgroundRequestType> = z.infer<RequestSchemaOf<T>>;
/** What the client sends: the request before parsing (defaults and transforms not yet applied). */
export type RequestInput<T extends BackgroundRequestType> = z.input<RequestSchemaOf<T>>;
export type ReplyOf<T extends BackgroundRequestType> = z.infer<Messages[T]['reply']>;

export const BACKGROUND_TYPES = Object.keys(BACKGROUND_MESSAGES) as BackgroundRequestType[];

export const BackgroundRequestSchema = z.discriminatedUnion(
  'type',
  BACKGROUND_TYPES.map((type) => requestSchemaOf(type)) as unknown as [
    RequestSchemaOf<'loop/act'>,
    ...RequestSchemaOf<BackgroundRequestType>[],
  ],
);
export type BackgroundRequest = { [T in BackgroundRequestType]: RequestOf<T> }[BackgroundRequestType];

export const LoopActSchema = requestSchemaOf('loop/act');

/** Which extension page may send which request. */
export const pagesAllowedToSend = (type: BackgroundRequestType): readonly string[] => BACKGROUND_MESSAGES[type].pages;

/** The envelope of every background reply: the data, or the reason it was refused. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: string };
export type BackgroundReply = Envelope<unknown>;

export const EnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
