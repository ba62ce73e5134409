import * as z from 'zod/mini';

export const ScaleSchema = z.enum(['nps', 'csat', 'ces']);
export const RouteSchema = z.enum(['recovery', 'improvement', 'advocacy']);
export const SeveritySchema = z.enum(['critical', 'standard']);
export const ChannelSchema = z.enum(['call', 'email', 'meeting']);
export const OutcomeSchema = z.enum(['reached', 'no_answer', 'voicemail', 'wrong_contact']);
export const TerminalStateSchema = z.enum(['resolved', 'escalated', 'churned', 'no_response']);
export const EscalationLevelSchema = z.enum(['manager', 'cx_lead', 'vp_cs']);

export type Scale = z.infer<typeof ScaleSchema>;
export type Route = z.infer<typeof RouteSchema>;
export type Severity = z.infer<typeof SeveritySchema>;
export type Channel = z.infer<typeof ChannelSchema>;
export type Outcome = z.infer<typeof OutcomeSchema>;
export type TerminalState = z.infer<typeof TerminalStateSchema>;
export type EscalationLevel = z.infer<typeof EscalationLevelSchema>;

const EpochMs = z.int().check(z.minimum(0), z.maximum(8.64e15));

/** One survey answer as it reached us (CSV row, CRM feedback submission, feed item). */
export const ResponseSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(200)),
  scale: ScaleSchema,
  score: z.int(),
  /** the customer's own words; '' when they wrote nothing */
  comment: z.string().check(z.maxLength(20_000)),
  respondedAt: EpochMs,
  /** lower-cased on parse: contacts are matched by e-mail across CRM, CSV and survey tool */
  email: z.optional(z.string().check(z.maxLength(320), z.toLowerCase())),
  name: z.optional(z.string().check(z.maxLength(300))),
  company: z.optional(z.string().check(z.maxLength(300))),
  /**
   * The contact's account in the CRM: a HubSpot company id (the contact's primary company) or a
   * Salesforce AccountId (18 characters). The account view matches by it before company name or domain.
   */
  accountId: z.optional(z.string().check(z.maxLength(40))),
  ownerEmail: z.optional(z.string().check(z.maxLength(320))),
  hubspotId: z.optional(z.string().check(z.maxLength(40))),
  salesforceId: z.optional(z.string().check(z.length(18))),
  accountRevenue: z.optional(z.number().check(z.nonnegative())),
  extra: z._default(z.record(z.string(), z.string()), {}),
});
export type SurveyResponse = z.infer<typeof ResponseSchema>;

const base = {
  /** globally unique; replaying an event with a known id changes nothing */
  id: z.string().check(z.minLength(1), z.maxLength(200)),
  loopId: z.string().check(z.minLength(1), z.maxLength(200)),
  /** the recording device's clock, epoch ms */
  at: EpochMs,
  /** e-mail of the person, or 'system' */
  actor: z.string().check(z.minLength(1), z.maxLength(320)),
};

export const LoopEventSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('received'), response: ResponseSchema }),
  z.object({
    ...base,
    type: z.literal('routed'),
    route: RouteSchema,
    severity: SeveritySchema,
    ownerEmail: z.optional(z.string().check(z.maxLength(320))),
    firstTouchDueAt: EpochMs,
    /** first near-breach warning (share of the window gone), fixed with the due time */
    nearBreachAt: z.optional(EpochMs),
    resolutionDueAt: z.optional(EpochMs),
    policyVersion: z.int().check(z.minimum(1)),
  }),
  z.object({
    ...base,
    type: z.literal('touch_logged'),
    channel: ChannelSchema,
    outcome: OutcomeSchema,
    note: z.string().check(z.maxLength(4000)),
  }),
  z.object({
    ...base,
    type: z.literal('reason_set'),
    category: z.string().check(z.minLength(1), z.maxLength(100)),
    note: z.optional(z.string().check(z.maxLength(4000))),
  }),
  z.object({
    ...base,
    type: z.literal('escalated'),
    level: EscalationLevelSchema,
    reason: z.string().check(z.maxLength(1000)),
    evidence: z.optional(z.string().check(z.maxLength(2000))),
  }),
  z.object({ ...base, type: z.literal('reassigned'), toEmail: z.string().check(z.minLength(3), z.maxLength(320)) }),
  z.object({
    ...base,
    type: z.literal('closed'),
    state: TerminalStateSchema,
    reason: z.string().check(z.trim(), z.minLength(1, 'say why the loop ends'), z.maxLength(1000)),
  }),
  z.object({
    ...base,
    type: z.literal('reopened'),
    reason: z.string().check(z.maxLength(1000)),
    /** the `closed` event this undoes: causal, so a skewed clock cannot reorder close and reopen */
    reopens: z.optional(z.string().check(z.maxLength(200))),
  }),
  z.object({ ...base, type: z.literal('advocacy_asked'), channel: ChannelSchema }),
]);
export type LoopEvent = z.infer<typeof LoopEventSchema>;
export type LoopEventOf<T extends LoopEvent['type']> = Extract<LoopEvent, { type: T }>;
