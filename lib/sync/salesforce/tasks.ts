import { LoopEventSchema, type LoopEvent, type Outcome } from '@/lib/loop';
import { normalizeSalesforceId, salesforceKeyPrefix } from '@/lib/crm/salesforce/id';
import type { LoopProjection } from '../adapter';
import type { TaskValues } from './org-values';

/**
 * Loopside events and loops as Salesforce Tasks, in words a person reads on the activity timeline,
 * with the event itself kept after a marker line in `Description` so a teammate's browser can read
 * it back exactly (LoopEventSchema checks it on the way in).
 */
export const EVENT_MARKER = '--- Loopside event (kept for sync, please leave as is) ---';

/** Who and what a Task is about, and who owns it; ids are 18 characters or absent. */
export interface TaskLinks {
  whoId?: string;
  whatId?: string;
  ownerId?: string;
}

const OUTCOME_WORDS: Record<Outcome, string> = {
  reached: 'Reached',
  no_answer: 'No answer',
  voicemail: 'Left voicemail',
  wrong_contact: 'Wrong contact',
};
const CHANNEL_WORDS = { call: 'Call', email: 'Email', meeting: 'Meeting' } as const;

/** The date part Salesforce wants for `ActivityDate` (a date without a time). */
export const activityDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** A short line for the timeline. */
export function eventSubject(event: LoopEvent): string {
  switch (event.type) {
    case 'received':
      return `Survey response: ${event.response.scale.toUpperCase()} ${event.response.score}`;
    case 'routed':
      return `Feedback loop opened: ${event.route}${event.severity === 'critical' ? ' (critical)' : ''}`;
    case 'touch_logged':
      return `${CHANNEL_WORDS[event.channel]}: ${OUTCOME_WORDS[event.outcome].toLowerCase()}`;
    case 'reason_set':
      return `Reason noted: ${event.category}`;
    case 'escalated':
      return `Escalated to ${event.level.replace('_', ' ')}`;
    case 'reassigned':
      return `Loop handed to ${event.toEmail}`;
    case 'closed':
      return `Feedback loop closed: ${event.state.replace('_', ' ')}`;
    case 'reopened':
      return 'Feedback loop reopened';
    case 'advocacy_asked':
      return `Advocacy asked by ${event.channel}`;
  }
}

function eventText(event: LoopEvent): string {
  switch (event.type) {
    case 'received':
      return event.response.comment.trim() ? `Verbatim: "${event.response.comment.trim()}"` : 'No verbatim.';
    case 'touch_logged':
    case 'reason_set':
      return event.note ?? '';
    case 'escalated':
      return event.reason;
    case 'closed':
    case 'reopened':
      return event.reason;
    default:
      return '';
  }
}

/** The fields of the completed Task one event becomes (created once; its key makes a second create fail). */
export function eventTaskFields(event: LoopEvent, key: string, links: TaskLinks, values: TaskValues): Record<string, unknown> {
  const text = eventText(event);
  const fields: Record<string, unknown> = {
    Subject: `Loopside · ${eventSubject(event)}`.slice(0, 255),
    Description: `${text ? `${text}\n\n` : ''}${EVENT_MARKER}\n${JSON.stringify(event)}`,
    Status: values.closed,
    Priority: values.normal,
    ActivityDate: activityDate(event.at),
    Loopside_Key__c: key,
    TaskSubtype:
      event.type === 'touch_logged' && event.channel === 'call'
        ? 'Call'
        : event.type === 'touch_logged' && event.channel === 'email'
          ? 'Email'
          : 'Task',
  };
  if (event.type === 'touch_logged' && event.channel === 'call') {
    fields.CallDisposition = OUTCOME_WORDS[event.outcome];
    fields.CallType = 'Outbound';
  }
  if (links.whoId) fields.WhoId = links.whoId;
  if (links.whatId && links.whoId && salesforceKeyPrefix(links.whoId) !== '00Q') fields.WhatId = links.whatId;
  if (links.ownerId) fields.OwnerId = links.ownerId;
  return fields;
}

/** The event kept in a Task's Description, checked; a reason when it is missing or does not validate. */
export function eventFromDescription(description: string | null | undefined): { event: LoopEvent } | { reason: string } {
  const text = description ?? '';
  const at = text.lastIndexOf(EVENT_MARKER);
  if (at < 0) return { reason: 'no Loopside event in the Description (edited by hand?)' };
  let raw: unknown;
  try {
    raw = JSON.parse(text.slice(at + EVENT_MARKER.length).trim());
  } catch {
    return { reason: 'the Loopside event in the Description is not JSON (edited by hand?)' };
  }
  const parsed = LoopEventSchema.safeParse(raw);
  if (!parsed.success) return { reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  return { event: parsed.data };
}

/** The open Task a loop is: owner, due date with a reminder at the first-touch due time, priority. */
export function loopTaskFields(p: LoopProjection, key: string, links: TaskLinks, values: TaskValues): Record<string, unknown> {
  const open = p.status === 'open';
  const fields: Record<string, unknown> = {
    Subject: p.subject,
    Description: p.body,
    Status: open ? values.open : values.closed,
    Priority: p.critical ? values.high : values.normal,
    ActivityDate: activityDate(p.firstTouchDueAt),
    IsReminderSet: open,
  };
  // The key travels in the upsert URL only: Salesforce refuses it in the body as well.
  void key;
  if (open) fields.ReminderDateTime = new Date(p.firstTouchDueAt).toISOString();
  if (links.whoId) fields.WhoId = links.whoId;
  if (links.whatId && links.whoId && salesforceKeyPrefix(links.whoId) !== '00Q') fields.WhatId = links.whatId;
  if (links.ownerId) fields.OwnerId = links.ownerId;
  return fields;
}

/** An id as Salesforce stores it (18 characters) or undefined; 15- and 18-character forms are one id. */
export const id18 = (id: string | null | undefined): string | undefined => (id ? (normalizeSalesforceId(id) ?? undefined) : undefined);
