import { LoopEventSchema, type LoopEvent, type Outcome } from '@/lib/loop';
import { LOOPSIDE_EVENT, LOOPSIDE_EVENT_ID } from '@/lib/crm/hubspot/api/schemas';

/** The engagement object a Loopside event is written as. */
export type EngagementObject = 'calls' | 'emails' | 'meetings' | 'notes';
export const ENGAGEMENT_OBJECTS: readonly EngagementObject[] = ['notes', 'calls', 'emails', 'meetings'];

/**
 * Response ids of loops opened from a HubSpot feedback submission. Every member's browser derives
 * the same `received` and `routed` events from the submission itself (deterministic ids), so those
 * two are never written to HubSpot: the submission already is their stored copy.
 */
export const FEEDBACK_RESPONSE_PREFIX = 'hubspot-fs-';

export function isDerivedFromHubSpot(event: LoopEvent): boolean {
  return (event.type === 'received' || event.type === 'routed') && event.loopId.startsWith(FEEDBACK_RESPONSE_PREFIX);
}

export function engagementFor(event: LoopEvent): EngagementObject {
  if (event.type !== 'touch_logged') return 'notes';
  return event.channel === 'call' ? 'calls' : event.channel === 'email' ? 'emails' : 'meetings';
}

/**
 * HubSpot's default call outcomes: `hs_call_disposition` takes the outcome's internal GUID, the same
 * in every portal for the defaults (custom outcomes have their own, listed by GET /calling/v1/dispositions).
 * Source: the calls guide, "The default HubSpot outcome labels and their internal values are" —
 * https://developers.hubspot.com/docs/guides/api/crm/engagements/calls (the 2026-03 OpenAPI documents
 * list no values). The defaults are Busy 9d9162e7-6cf3-4944-bf63-4dff82258764, Connected
 * f240bbac-87c9-4f6e-bf70-924b57d47db7, Left live message a4c4c377-d246-4b32-a13b-75a56a4cd0ff,
 * Left voicemail b2cf5968-551e-4856-9783-52b3da59a7d0, No answer 73a0d17f-1163-4015-bdd5-ec830791da20,
 * Wrong number 17b47fee-58de-441e-a44c-c6300d46f273 — checked against independent integrations that
 * read them back from real portals; the stored excerpt of the guide stops before its table.
 * Loopside's four outcomes use four of them; Busy and Left live message have no Loopside outcome.
 */
const CALL_DISPOSITION: Record<Outcome, string> = {
  reached: 'f240bbac-87c9-4f6e-bf70-924b57d47db7', // Connected
  no_answer: '73a0d17f-1163-4015-bdd5-ec830791da20', // No answer
  voicemail: 'b2cf5968-551e-4856-9783-52b3da59a7d0', // Left voicemail
  wrong_contact: '17b47fee-58de-441e-a44c-c6300d46f273', // Wrong number
};
const OUTCOME_WORDS: Record<Outcome, string> = {
  reached: 'reached',
  no_answer: 'no answer',
  voicemail: 'left a voicemail',
  wrong_contact: 'wrong contact',
};

/** What a person reads on the contact's timeline. */
export function describeEvent(event: LoopEvent): string {
  switch (event.type) {
    case 'received':
      return `Loopside: ${event.response.scale.toUpperCase()} ${event.response.score} received.${event.response.comment ? ` "${event.response.comment}"` : ''}`;
    case 'routed':
      return `Loopside: ${event.route} loop${event.severity === 'critical' ? ' (critical)' : ''}, first touch due ${new Date(event.firstTouchDueAt).toISOString()}.`;
    case 'touch_logged':
      return `Loopside follow-up by ${event.actor}: ${event.channel}, ${OUTCOME_WORDS[event.outcome]}.${event.note ? `\n${event.note}` : ''}`;
    case 'reason_set':
      return `Loopside root cause: ${event.category}.${event.note ? `\n${event.note}` : ''}`;
    case 'escalated':
      return `Loopside escalation to ${event.level.replace('_', ' ')}: ${event.reason}${event.evidence ? `\n${event.evidence}` : ''}`;
    case 'reassigned':
      return `Loopside: loop reassigned to ${event.toEmail}.`;
    case 'closed':
      return `Loopside: loop closed (${event.state.replace('_', ' ')}). ${event.reason}`;
    case 'reopened':
      return `Loopside: loop reopened. ${event.reason}`;
    case 'advocacy_asked':
      return `Loopside: asked for a review or referral (${event.channel}).`;
  }
}

/** The engagement's properties: HubSpot's own fields for people, and ours to find and rebuild the event. */
export function engagementProperties(event: LoopEvent, ownerId: string | undefined): Record<string, string> {
  const text = describeEvent(event);
  const props: Record<string, string> = {
    hs_timestamp: new Date(event.at).toISOString(),
    [LOOPSIDE_EVENT_ID]: event.id,
    [LOOPSIDE_EVENT]: JSON.stringify(event),
  };
  if (ownerId) props.hubspot_owner_id = ownerId;
  if (event.type === 'touch_logged' && event.channel === 'call') {
    return {
      ...props,
      hs_call_title: `Loopside follow-up call: ${OUTCOME_WORDS[event.outcome]}`,
      hs_call_body: text,
      hs_call_direction: 'OUTBOUND',
      hs_call_status: 'COMPLETED',
      hs_call_disposition: CALL_DISPOSITION[event.outcome],
    };
  }
  if (event.type === 'touch_logged' && event.channel === 'email') {
    return {
      ...props,
      hs_email_subject: 'Loopside follow-up e-mail',
      hs_email_text: text,
      hs_email_direction: 'EMAIL',
      hs_email_status: 'SENT',
    };
  }
  if (event.type === 'touch_logged' && event.channel === 'meeting') {
    return {
      ...props,
      hs_meeting_title: 'Loopside follow-up meeting',
      hs_meeting_body: text,
      hs_meeting_outcome: event.outcome === 'reached' ? 'COMPLETED' : 'NO_SHOW',
    };
  }
  return { ...props, hs_note_body: text };
}

/** The event an engagement carries, checked like any event from outside. */
export function eventFromEngagement(properties: Record<string, string | null | undefined>): { event: LoopEvent } | { reason: string } {
  const raw = properties[LOOPSIDE_EVENT];
  if (!raw) return { reason: `no ${LOOPSIDE_EVENT} property` };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { reason: `${LOOPSIDE_EVENT} is not JSON` };
  }
  const parsed = LoopEventSchema.safeParse(json);
  if (!parsed.success)
    return {
      reason: parsed.error.issues
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ')
        .slice(0, 300),
    };
  if (parsed.data.id !== properties[LOOPSIDE_EVENT_ID]) return { reason: 'event id does not match its property' };
  return { event: parsed.data };
}
