import { z } from 'zod';
import type { LoopsideDb } from '@/lib/db/schema';
import { ApiNameSchema } from '@/lib/crm/salesforce/api/schemas';
import { DEFAULT_ALLOCATION_SHARE } from '@/lib/crm/salesforce/api/limits';
import { ScaleSchema } from '@/lib/loop';

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
    questionTypes: z.array(ApiNameSchema).min(1).max(5).default(['NPS']),
    scale: ScaleSchema.default('nps'),
  }),
  z.object({
    kind: z.literal('object'),
    object: ApiNameSchema,
    contactField: ApiNameSchema,
    scoreField: ApiNameSchema,
    commentField: ApiNameSchema.optional(),
    dateField: ApiNameSchema,
    scale: ScaleSchema,
  }),
]);
export type ResponseSource = z.infer<typeof ResponseSourceSchema>;

export const SalesforceTeamConfigSchema = z.object({
  source: ResponseSourceSchema.nullable().default(null),
  /** Loopside's share of the org's daily API allocation, for the whole team together */
  share: z.number().min(0.001).max(0.5).default(DEFAULT_ALLOCATION_SHARE),
  /** the consumer key of the org's External Client App, when the org blocks the browser session for APIs */
  consumerKey: z.string().max(256).optional(),
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
