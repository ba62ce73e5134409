import * as z from 'zod/mini';
import { ResponseSourceSchema } from './config';

/**
 * Replies of the Salesforce team-mode messages (lib/messaging/protocol.ts). No session id or token
 * ever appears in one: options learns whether a session works, never what it is.
 */
export const SalesforceStatusSchema = z.object({
  /** the org team mode is on for; null when off */
  origin: z.nullable(z.string()),
  /** the org of the Lightning page the user was last on, to offer when turning on */
  suggestedOrigin: z.nullable(z.string()),
  via: z.enum(['session', 'oauth', 'none']),
  usage: z.nullable(z.object({ used: z.number(), max: z.number(), at: z.number() })),
  share: z.number(),
  pollEveryMinutes: z.nullable(z.number()),
  planReason: z.string(),
  /** a problem in words (paused sync, missing field), null when all is well */
  problem: z.nullable(z.string()),
  source: z.nullable(ResponseSourceSchema),
  pending: z.number(),
  deadLetters: z.number(),
  consumerKey: z.optional(z.string()),
  /** the OAuth callback URL the admin enters in the External Client App */
  redirectUrl: z.string(),
});
export type SalesforceStatus = z.infer<typeof SalesforceStatusSchema>;

export const SalesforceConnectReplySchema = z.object({
  connected: z.boolean(),
  /** what went wrong, in words the user (or their admin) can act on */
  problem: z.nullable(z.string()),
  /** the org refuses browser sessions for APIs: offer OAuth with the org's External Client App */
  needsOAuth: z.boolean(),
});
export type SalesforceConnectReply = z.infer<typeof SalesforceConnectReplySchema>;

export const SalesforceObjectsReplySchema = z.object({
  objects: z.array(z.object({ name: z.string(), label: z.string(), custom: z.boolean() })),
});
export const SalesforceFieldsReplySchema = z.object({
  fields: z.array(z.object({ name: z.string(), label: z.string(), type: z.string(), referenceTo: z.array(z.string()) })),
});
export const SalesforceSourceTestReplySchema = z.object({
  rows: z.array(
    z.object({
      id: z.string(),
      score: z.number(),
      comment: z.string(),
      name: z.string(),
      email: z.string(),
      company: z.string(),
      respondedAt: z.number(),
    }),
  ),
  rejected: z.array(z.object({ id: z.string(), reason: z.string() })),
});
