import { z } from 'zod';
import { ChannelSchema, OutcomeSchema, TerminalStateSchema } from '@/lib/loop';
import { RecordRefSchema } from '@/lib/crm/record-schema';

/**
 * Every message that crosses a context boundary, with the pages allowed to send it.
 * Receivers parse with these schemas; anything that does not parse, or comes from a sender
 * not listed for its type, is rejected with a logged reason and changes nothing.
 */

/** What the content script knows about the page: the record from the URL and the e-mail the record shows. */
export const PageRecordSchema = z.object({
  record: RecordRefSchema.nullable(),
  email: z.email().max(320).nullable(),
});
export type PageRecord = z.infer<typeof PageRecordSchema>;

/** Content script → the sidebar of the same tab (broadcast through runtime messaging). */
export const PageRecordChangedSchema = PageRecordSchema.extend({ type: z.literal('page/record') });
export type PageRecordChanged = z.infer<typeof PageRecordChangedSchema>;

/** Sidebar → the content script of its own tab (tabs.sendMessage to frame 0). */
export const ContentRequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('page/current') }),
]);
export type ContentRequest = z.infer<typeof ContentRequestSchema>;

/** What a person can do to a loop from a view; the background turns it into one event. */
export const LoopActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('touch'), channel: ChannelSchema, outcome: OutcomeSchema, note: z.string().max(4000) }),
  z.object({ kind: z.literal('close'), state: TerminalStateSchema, reason: z.string().trim().min(1, 'say why the loop ends').max(1000) }),
  z.object({ kind: z.literal('reopen'), reason: z.string().trim().min(1, 'say why the loop reopens').max(1000) }),
  z.object({ kind: z.literal('reason'), category: z.string().trim().min(1).max(100), note: z.string().max(4000).optional() }),
  z.object({ kind: z.literal('reassign'), toEmail: z.string().trim().toLowerCase().pipe(z.email().max(320)) }),
  z.object({ kind: z.literal('advocacy_ask'), channel: ChannelSchema }),
]);
export type LoopAction = z.infer<typeof LoopActionSchema>;

export const LoopActSchema = z.object({
  type: z.literal('loop/act'),
  loopId: z.string().min(1).max(200),
  /**
   * Made by the view when the person acts, and kept until the background confirms: a retry after
   * the worker was stopped mid-request replays the same id, so it can never be recorded twice.
   */
  eventId: z.uuid(),
  action: LoopActionSchema,
});

/** Extension pages → background. */
export const BackgroundRequestSchema = z.discriminatedUnion('type', [
  LoopActSchema,
  z.object({ type: z.literal('import/csv'), text: z.string().max(50_000_000), fileName: z.string().max(500).optional() }),
  z.object({ type: z.literal('import/demo') }),
  z.object({ type: z.literal('settings/save'), settings: z.unknown() }),
  z.object({
    type: z.literal('policy/save'),
    preset: z.enum(['b2b_fast_lane', 'forty_eight_hour', 'working_day']),
    /** a date-holidays region such as "US" or "DE-BY"; '' for none */
    holidayRegion: z.string().max(20).regex(/^([A-Za-z]{2}(-[A-Za-z0-9]{1,4}){0,2})?$/, 'is not a region code such as US or DE-BY'),
    /** that region's public holidays, expanded by the options page (the holiday data stays out of the worker) */
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).max(2000),
  }),
  z.object({ type: z.literal('tab/whoami') }),
  z.object({
    type: z.literal('record/seen'),
    url: z.url().max(2000),
    keys: z.array(z.string().min(3).max(400)).max(10),
  }),
  z.object({ type: z.literal('notifications/scan') }),
  /** the team directory: a CSV (bad rows reported by line), one person added or edited, one removed */
  z.object({ type: z.literal('people/import'), text: z.string().max(5_000_000) }),
  z.object({ type: z.literal('people/save'), person: z.unknown() }),
  z.object({ type: z.literal('people/delete'), email: z.string().max(320) }),
  /** open the loop's CRM record, in a tab that already shows it when there is one */
  z.object({ type: z.literal('record/open'), loopId: z.string().min(1).max(200) }),
  /** put a dead-lettered event back in the outbox ('*': all of them) */
  z.object({ type: z.literal('deadletter/retry'), eventId: z.string().min(1).max(200) }),
  /** push the outbox and pull now, instead of at the next alarm */
  z.object({ type: z.literal('sync/now') }),
]);
export type BackgroundRequest = z.infer<typeof BackgroundRequestSchema>;
export type BackgroundRequestType = BackgroundRequest['type'];

/** Which extension page may send which request; content scripts may send none of them. */
export const ALLOWED_PAGES: Record<BackgroundRequestType, readonly string[]> = {
  'loop/act': ['/sidebar.html', '/popup.html'],
  'import/csv': ['/options.html'],
  'import/demo': ['/options.html', '/popup.html', '/sidebar.html'],
  'settings/save': ['/options.html'],
  'policy/save': ['/options.html'],
  'tab/whoami': ['/sidebar.html'],
  'record/seen': ['/sidebar.html'],
  'notifications/scan': ['/options.html', '/popup.html'],
  'people/import': ['/options.html'],
  'people/save': ['/options.html'],
  'people/delete': ['/options.html'],
  'record/open': ['/popup.html', '/options.html'],
  'deadletter/retry': ['/options.html'],
  'sync/now': ['/options.html', '/popup.html'],
};

/** `record/open`: where the record opened (null: no CRM address known yet) and whether an open tab was reused. */
export const RecordOpenReplySchema = z.object({ url: z.string().nullable(), reused: z.boolean() });
export type RecordOpenReply = z.infer<typeof RecordOpenReplySchema>;

export const PeopleImportSummarySchema = z.object({
  added: z.number(),
  updated: z.number(),
  errors: z.array(z.object({ line: z.number(), reason: z.string() })),
  fatal: z.string().optional(),
});
export type PeopleImportSummary = z.infer<typeof PeopleImportSummarySchema>;

export const ImportSummarySchema = z.object({
  responses: z.number(),
  loopsCreated: z.number(),
  alreadyImported: z.number(),
  duplicates: z.number(),
  errors: z.array(z.object({ line: z.number(), reason: z.string() })),
  fatal: z.string().optional(),
});
export type ImportSummary = z.infer<typeof ImportSummarySchema>;

export type BackgroundReply =
  | { ok: true; data?: unknown }
  | { ok: false; error: string };
