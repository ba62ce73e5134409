import { z } from 'zod';

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

const EpochMs = z.number().int().min(0).max(8.64e15);

/** One survey answer as it reached us (CSV row, CRM feedback submission, feed item). */
export const ResponseSchema = z.object({
  id: z.string().min(1).max(200),
  scale: ScaleSchema,
  score: z.number().int(),
  /** the customer's own words; '' when they wrote nothing */
  comment: z.string().max(20_000),
  respondedAt: EpochMs,
  /** lower-cased on parse: contacts are matched by e-mail across CRM, CSV and survey tool */
  email: z.string().max(320).toLowerCase().optional(),
  name: z.string().max(300).optional(),
  company: z.string().max(300).optional(),
  /**
   * The contact's account in the CRM: a HubSpot company id (the contact's primary company) or a
   * Salesforce AccountId (18 characters). The account view matches by it before company name or domain.
   */
  accountId: z.string().max(40).optional(),
  ownerEmail: z.string().max(320).optional(),
  hubspotId: z.string().max(40).optional(),
  salesforceId: z.string().length(18).optional(),
  accountRevenue: z.number().nonnegative().optional(),
  extra: z.record(z.string(), z.string()).default({}),
});
export type SurveyResponse = z.infer<typeof ResponseSchema>;

const base = {
  /** globally unique; replaying an event with a known id changes nothing */
  id: z.string().min(1).max(200),
  loopId: z.string().min(1).max(200),
  /** the recording device's clock, epoch ms */
  at: EpochMs,
  /** e-mail of the person, or 'system' */
  actor: z.string().min(1).max(320),
};

export const LoopEventSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('received'), response: ResponseSchema }),
  z.object({
    ...base,
    type: z.literal('routed'),
    route: RouteSchema,
    severity: SeveritySchema,
    ownerEmail: z.string().max(320).optional(),
    firstTouchDueAt: EpochMs,
    /** first near-breach warning (share of the window gone), fixed with the due time */
    nearBreachAt: EpochMs.optional(),
    resolutionDueAt: EpochMs.optional(),
    policyVersion: z.number().int().min(1),
  }),
  z.object({ ...base, type: z.literal('touch_logged'), channel: ChannelSchema, outcome: OutcomeSchema, note: z.string().max(4000) }),
  z.object({ ...base, type: z.literal('reason_set'), category: z.string().min(1).max(100), note: z.string().max(4000).optional() }),
  z.object({
    ...base,
    type: z.literal('escalated'),
    level: EscalationLevelSchema,
    reason: z.string().max(1000),
    evidence: z.string().max(2000).optional(),
  }),
  z.object({ ...base, type: z.literal('reassigned'), toEmail: z.string().min(3).max(320) }),
  z.object({
    ...base,
    type: z.literal('closed'),
    state: TerminalStateSchema,
    reason: z.string().trim().min(1, 'say why the loop ends').max(1000),
  }),
  z.object({
    ...base,
    type: z.literal('reopened'),
    reason: z.string().max(1000),
    /** the `closed` event this undoes: causal, so a skewed clock cannot reorder close and reopen */
    reopens: z.string().max(200).optional(),
  }),
  z.object({ ...base, type: z.literal('advocacy_asked'), channel: ChannelSchema }),
]);
export type LoopEvent = z.infer<typeof LoopEventSchema>;
export type LoopEventOf<T extends LoopEvent['type']> = Extract<LoopEvent, { type: T }>;
