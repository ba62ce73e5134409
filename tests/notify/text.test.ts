import { describe, expect, it } from 'vitest';
import { alertPresentation } from '@/lib/notify/alert';
import { alertText, summaryText, type AlertFacts } from '@/lib/notify/text';
import { HOUR, MON_10 } from './helpers';

const facts = (over: Partial<AlertFacts> = {}): AlertFacts => ({
  kind: 'near_breach_2',
  reminder: false,
  contactName: 'Dana Reyes',
  showContactName: true,
  routeLabel: 'Recovery',
  score: 2,
  scaleMax: 10,
  dueAt: MON_10 + HOUR,
  now: MON_10,
  timeZone: 'UTC',
  ...over,
});

describe('alertText', () => {
  it('a warning: time left, contact, route, score and due time', () => {
    expect(alertText(facts())).toEqual({
      title: 'First touch due in 1 h',
      message: 'Dana Reyes · Recovery · score 2/10 · due Mon 2 Mar, 11:00 UTC',
    });
  });

  it('leaves the contact name out when options say so', () => {
    expect(alertText(facts({ showContactName: false })).message).toBe('A customer · Recovery · score 2/10 · due Mon 2 Mar, 11:00 UTC');
  });

  it('a breach says how long ago', () => {
    expect(alertText(facts({ kind: 'breached', now: MON_10 + 3 * HOUR })).title).toBe('First-touch SLA breached 2 h ago');
  });

  it.each([
    [{ kind: 'ladder', afterMs: 24 * HOUR }, 'manager', 'Escalation to manager: no touch in 24 h'],
    [{ kind: 'ladder', afterMs: 36 * HOUR }, 'cx_lead', 'Escalation to CX lead: no touch in 36 h'],
    [{ kind: 'churn_intent', afterMs: 0 }, 'cx_lead', 'Escalation to CX lead: churn risk'],
    [{ kind: 'top_revenue', afterMs: 0 }, 'vp_cs', 'Escalation to VP CS: top-revenue account'],
    [{ kind: 'repeat_low_score', afterMs: 0 }, 'manager', 'Escalation to manager: second low score'],
    [{ kind: 'recorded', afterMs: 0 }, 'cx_lead', 'Escalation to CX lead: escalated by a colleague'],
  ] as const)('an escalation names its level and a reason category (%j)', (cause, level, title) => {
    expect(alertText(facts({ kind: `escalation:${level}`, cause })).title).toBe(title);
  });

  it('never carries the verbatim or the evidence: only facts passed in, none of them customer words', () => {
    const text = alertText(facts({ kind: 'escalation:cx_lead', cause: { kind: 'churn_intent', afterMs: 0 } }));
    expect(`${text.title} ${text.message}`).not.toMatch(/switch|vendor|cancel/i);
  });

  it('tells a manager whose loop it is, or that nobody owns it', () => {
    expect(alertText(facts({ owner: { name: 'Alice', unassigned: false } })).message).toMatch(/ · owner Alice$/);
    expect(alertText(facts({ owner: { name: '', unassigned: true } })).message).toMatch(/ · unassigned$/);
  });

  it('a reminder after a snooze says so', () => {
    expect(alertText(facts({ reminder: true })).title).toBe('Reminder: first touch due in 1 h');
  });

  it('shows the due time with its date on the loop’s clock, and names the zone', () => {
    expect(alertText(facts({ timeZone: 'Asia/Tokyo' })).message).toMatch(/due Mon 2 Mar, 20:00 Tokyo time$/);
  });
});

describe('summaryText', () => {
  it('counts the loops left out', () => {
    expect(summaryText(5)).toEqual({ title: '5 more loops need attention', message: 'Open the queue to see them.' });
    expect(summaryText(1).title).toBe('1 more loop needs attention');
  });
});

describe('alertPresentation', () => {
  it('breaches and escalations stay until dismissed; warnings do not', () => {
    expect(alertPresentation('breached')).toEqual({ priority: 2, requireInteraction: true });
    expect(alertPresentation('escalation:manager')).toEqual({ priority: 2, requireInteraction: true });
    expect(alertPresentation('near_breach_2')).toEqual({ priority: 1, requireInteraction: false });
    expect(alertPresentation('near_breach_1')).toEqual({ priority: 0, requireInteraction: false });
  });
});
