import * as z from 'zod/mini';
import type { LoopsideDb } from '@/lib/db/schema';
import { DEFAULT_ALLOCATION_SHARE } from '@/lib/crm/salesforce/api/limits';
import { ScaleSchema } from '@/lib/loop';

/** API names we put into SOQL ourselves (objects and fields picked from describe): nothing else passes. */
export const ApiNameSchema = z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/, 'not a Salesforce API name'));

/**
 * Where an org keeps its survey responses, as an admin picked it in options from describe results:
 * Salesforce Feedback Management, or any object with a contact/lead lookup, a score, a comment and
 * a date (survey apps often write their own custom object). Field names are checked as API names
 * before they reach SOQL.
 */
export const ResponseSourceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('feedback'),
    /** which SurveyQuestion types carry the score (NPS questions by default) */
    questionTypes: z._default(z.array(ApiNameSchema).check(z.minLength(1), z.maxLength(5)), ['NPS']),
    scale: z._default(ScaleSchema, 'nps'),
  }),
  z.object({
    kind: z.literal('object'),
    object: ApiNameSchema,
    contactField: ApiNameSchema,
    scoreField: ApiNameSchema,
    commentField: z.optional(ApiNameSchema),
    dateField: ApiNameSchema,
    scale: ScaleSchema,
  }),
]);
export type ResponseSource = z.infer<typeof ResponseSourceSchema>;

export const SalesforceTeamConfigSchema = z.object({
  source: z._default(z.nullable(ResponseSourceSchema), null),
  /** Loopside's share of the org's daily API allocation, for the whole team together */
  share: z._default(z.number().check(z.minimum(0.001), z.maximum(0.5)), DEFAULT_ALLOCATION_SHARE),
  /** the consumer key of the org's External Client App, when the org blocks the browser session for APIs */
  consumerKey: z.optional(z.string().check(z.maxLength(256))),
});
export type SalesforceTeamConfig = z.infer<typeof SalesforceTeamConfigSchema>;

const CONFIG_KEY = 'salesforce/config';

export async function readSalesforceConfig(db: LoopsideDb): Promise<SalesforceTeamConfig> {
  const parsed = SalesforceTeamConfigSchema.safeParse((await db.kv.get(CONFIG_KEY))?.value ?? {});
  return parsed.success ? parsed.data : SalesforceTeamConfigSchema.parse({});
}

export async function saveSalesforceConfig(db: LoopsideDb, patch: Partial<SalesforceTeamConfig>): Promise<SalesforceTeamConfig> {
  const next = SalesforceTeamConfigSchema.parse({ ...(await readSalesforceConfig(db)), ...patch });
  await db.kv.put({ key: CONFIG_KEY, value: next });
  return next;
}
