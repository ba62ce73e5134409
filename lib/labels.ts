import type { Channel, EscalationLevel, Outcome, Route, Scale, SlaState, TerminalState } from '@/lib/loop';

/** Human words for engine enums, shared by the sidebar, the popup and notification text. */
export const ROUTE_LABEL: Record<Route, string> = {
  recovery: 'Recovery',
  improvement: 'Improvement',
  advocacy: 'Advocacy',
};

export const SCALE_MAX: Record<Scale, number> = { nps: 10, csat: 5, ces: 7 };
export const SCALE_LABEL: Record<Scale, string> = { nps: 'NPS', csat: 'CSAT', ces: 'CES' };

export const CHANNEL_LABEL: Record<Channel, string> = { call: 'Call', email: 'Email', meeting: 'Meeting' };

/** How a loop ended, in the sidebar's closed state, its timeline and the close form. */
export const CLOSE_LABEL: Record<TerminalState, string> = {
  resolved: 'Resolved',
  churned: 'Churned',
  no_response: 'No response',
  escalated: 'Escalated',
};

export const OUTCOME_LABEL: Record<Outcome, string> = {
  reached: 'Reached',
  no_answer: 'No answer',
  voicemail: 'Left voicemail',
  wrong_contact: 'Wrong contact',
};

/** The first-touch clock's state in words, for the sidebar and the queue. */
export const SLA_STATE_LABEL: Record<SlaState, string> = {
  on_track: 'On track',
  near_breach: 'Near breach',
  breached: 'Breached',
  met: 'First touch met',
  met_late: 'First touch met late',
  closed: 'Closed',
};

/** A shape per state beside the words, so the state never rests on colour alone. */
export const SLA_STATE_ICON: Record<SlaState, string> = {
  on_track: '●',
  near_breach: '▲',
  breached: '■',
  met: '✓',
  met_late: '✓',
  closed: '✓',
};

/** Who an escalation reaches, in words: the sidebar, the queue and the team roles use these. */
export const ESCALATION_LEVEL_LABEL: Record<EscalationLevel, string> = {
  manager: 'Manager',
  cx_lead: 'CX lead',
  vp_cs: 'VP of customer success',
};

/** The same levels inside a notification title ("Escalation to VP CS: churn risk"): mid-sentence and short for a lock screen. */
export const ESCALATION_LEVEL_SHORT: Record<EscalationLevel, string> = {
  manager: 'manager',
  cx_lead: 'CX lead',
  vp_cs: 'VP CS',
};

/** "1 row", "3 rows": a count with its noun (or phrase) in the right number. */
export const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
