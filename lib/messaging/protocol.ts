import { z } from 'zod';
import { ChannelSchema, OutcomeSchema } from '@/lib/loop';
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

export const LogOutcomeSchema = z.object({
  type: z.literal('outcome/log'),
  loopId: z.string().min(1).max(200),
  channel: ChannelSchema,
  outcome: OutcomeSchema,
  note: z.string().max(4000),
});

/** Extension pages → background. */
export const BackgroundRequestSchema = z.discriminatedUnion('type', [
  LogOutcomeSchema,
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
]);
export type BackgroundRequest = z.infer<typeof BackgroundRequestSchema>;
export type BackgroundRequestType = BackgroundRequest['type'];

/** Which extension page may send which request; content scripts may send none of them. */
export const ALLOWED_PAGES: Record<BackgroundRequestType, readonly string[]> = {
  'outcome/log': ['/sidebar.html', '/popup.html'],
  'import/csv': ['/options.html'],
  'import/demo': ['/options.html', '/popup.html', '/sidebar.html'],
  'settings/save': ['/options.html'],
  'policy/save': ['/options.html'],
  'tab/whoami': ['/sidebar.html'],
  'record/seen': ['/sidebar.html'],
  'notifications/scan': ['/options.html', '/popup.html'],
};

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
