import { describe, expect, it } from 'vitest';
import {
  advocacyWindow,
  attemptPlan,
  callScript,
  complaintType,
  DEFAULT_POLICY,
  detectChurnIntent,
  emailTemplate,
  escalationsDue,
  foldLoop,
  openLoop,
  resurveyWindow,
  topRevenueThreshold,
  type LoopEvent,
  type LoopEventOf,
  type SurveyResponse,
} from '@/lib/loop';
import { calendar, DAY, HOUR, local, response } from './helpers';

const NY = 'America/New_York';
const cal = calendar(NY);
const policy = DEFAULT_POLICY;

describe('churn intent in the verbatim', () => {
  it.each([
    ['If this is not fixed by Friday we are switching to another vendor.', 'switching to'],
    ['We will cancel our subscription.', 'cancel'],
    ['Honestly we are not renewing in March.', 'not renewing'],
    ["We won't renew at this price.", "won't renew"],
    ['We are looking for alternatives.', 'looking for alternatives'],
    ['Thinking about moving to a competitor', 'moving to a competitor'],
    ['Time to take our business elsewhere!', 'take our business elsewhere'],
  ])('%s → churn (%s)', (text, phrase) => {
    expect(detectChurnIntent(text)?.phrase.toLowerCase()).toBe(phrase.toLowerCase());
  });

  it.each([
    'We are not cancelling, just frustrated.',
    "We won't be switching to anyone else, but fix it.",
    'I would never cancel, you are great.',
    'The export is slow.',
    '',
    'No plans to leave; support was slow though.',
  ])('%j → no churn intent', (text) => {
    expect(detectChurnIntent(text)).toBeNull();
  });

  it('quotes the sentence that holds the phrase as evidence', () => {
    const found = detectChurnIntent('The export crashed.\nIf this is not fixed by Friday we are switching to another vendor.');
    expect(found?.sentence).toBe('If this is not fixed by Friday we are switching to another vendor.');
  });
});

describe('complaint type', () => {
  it.each([
    ['The export crashed three times since the update.', 'product'],
    ['Support took a week to answer my ticket.', 'service'],
    ['Fine.', 'unknown'],
  ] as const)('%s → %s', (text, type) => expect(complaintType(text).type).toBe(type));

  it('routes to the queue the policy names', () => {
    const r = response({ score: 4, comment: 'The dashboard is broken and slow.' });
    const state = foldLoop(openLoop(r, policy, { calendar: cal, recordedAt: r.respondedAt }), {
      policy,
      calendar: cal,
      now: r.respondedAt,
    });
    expect(state.complaint).toMatchObject({ type: 'product', queue: 'Product' });
  });
});

const at = local(NY, '2026-03-04 10:00'); // a Wednesday
const loopOf = (r: SurveyResponse, extra: LoopEvent[] = []) => [
  ...openLoop(r, policy, { calendar: cal, recordedAt: r.respondedAt }),
  ...extra,
];
const touch = (
  id: string,
  when: number,
  outcome: LoopEventOf<'touch_logged'>['outcome'],
  channel: LoopEventOf<'touch_logged'>['channel'] = 'call',
): LoopEvent => ({
  id,
  loopId: 'r1',
  at: when,
  actor: 'sam@vendor.example',
  type: 'touch_logged',
  channel,
  outcome,
  note: '',
});

describe('escalation', () => {
  const critical = response({ score: 2, respondedAt: at, comment: 'We are switching to another vendor.', accountRevenue: 500_000 });

  it('critical + churn intent → CX lead at once, with the sentence quoted', () => {
    const e = escalationsDue({ response: critical, route: 'recovery', severity: 'critical', events: [] }, policy, {}, at);
    expect(e).toContainEqual(
      expect.objectContaining({ level: 'cx_lead', kind: 'churn_intent', evidence: 'We are switching to another vendor.', at }),
    );
  });

  it('critical from a top-revenue account → VP of customer success', () => {
    const e = escalationsDue(
      { response: critical, route: 'recovery', severity: 'critical', events: [] },
      policy,
      { topRevenueThreshold: 400_000 },
      at,
    );
    expect(e.map((x) => x.level)).toContain('vp_cs');
    const small = escalationsDue(
      { response: { ...critical, accountRevenue: 10_000 }, route: 'recovery', severity: 'critical', events: [] },
      policy,
      { topRevenueThreshold: 400_000 },
      at,
    );
    expect(small.map((x) => x.level)).not.toContain('vp_cs');
  });

  it('top 20 % by revenue, or the fixed threshold when the policy sets one', () => {
    expect(topRevenueThreshold([100, 900, 500, 300, 700, 200, 800, 400, 600, 1000], policy)).toBe(900);
    expect(topRevenueThreshold([], policy)).toBeNull();
    expect(topRevenueThreshold([1, 2, 3], { ...policy, escalation: { ...policy.escalation, topRevenueThreshold: 50 } })).toBe(50);
  });

  it('a second recovery score from the contact within 90 days → manager; older or higher ones do not count', () => {
    const now = response({ id: 'r2', score: 5, respondedAt: at });
    const within = response({ id: 'r0', score: 4, respondedAt: at - 80 * DAY });
    const older = response({ id: 'r0', score: 4, respondedAt: at - 100 * DAY });
    const promoter = response({ id: 'r0', score: 9, respondedAt: at - 10 * DAY });
    const levels = (others: SurveyResponse[]) =>
      escalationsDue({ response: now, route: 'recovery', severity: 'standard', events: [] }, policy, { otherResponses: others }, at).map(
        (e) => e.kind,
      );
    expect(levels([within])).toEqual(['repeat_low_score']);
    expect(levels([older])).toEqual([]);
    expect(levels([promoter])).toEqual([]);
  });

  it('two earlier low scores in the same millisecond: the evidence names the same one whatever order they come in', () => {
    const now = response({ id: 'r9', score: 3, respondedAt: at });
    const a = response({ id: 'r-a', score: 2, respondedAt: at - 5 * DAY, comment: 'first' });
    const b = response({ id: 'r-b', score: 6, respondedAt: at - 5 * DAY, comment: 'second' });
    const evidence = (others: SurveyResponse[]) =>
      escalationsDue({ response: now, route: 'recovery', severity: 'standard', events: [] }, policy, { otherResponses: others }, at).find(
        (e) => e.kind === 'repeat_low_score',
      )?.evidence;
    expect(evidence([a, b])).toContain('“second”');
    expect(evidence([b, a])).toBe(evidence([a, b]));
  });

  it.each([
    [23 * HOUR, undefined, []],
    [24 * HOUR, undefined, ['manager']],
    [36 * HOUR, undefined, ['manager', 'cx_lead']],
    [40 * HOUR, at + 30 * HOUR, ['manager']],
    [40 * HOUR, at + 2 * HOUR, []],
  ])('ladder at +%d ms with first touch %s → %j', (after, firstTouchAt, levels) => {
    const r = response({ score: 5, respondedAt: at, comment: '' });
    const e = escalationsDue(
      { response: r, route: 'recovery', severity: 'standard', ...(firstTouchAt ? { firstTouchAt } : {}), events: [] },
      policy,
      {},
      at + after,
    );
    expect(e.filter((x) => x.kind === 'ladder').map((x) => x.level)).toEqual(levels);
  });

  it('passives and promoters never escalate by the ladder', () => {
    const r = response({ score: 8, respondedAt: at });
    expect(escalationsDue({ response: r, route: 'improvement', severity: 'standard', events: [] }, policy, {}, at + 10 * DAY)).toEqual([]);
  });
});

describe('attempts', () => {
  it('an unanswered call asks for a retry by e-mail within 48 h', () => {
    const plan = attemptPlan([touch('t1', at, 'no_answer') as LoopEventOf<'touch_logged'>], policy);
    expect(plan).toEqual({ reached: false, unanswered: 1, retry: { by: at + 48 * HOUR, channel: 'email' }, exhausted: false });
  });

  it('three unanswered attempts close the loop as no_response', () => {
    const r = response({ respondedAt: at });
    const events = loopOf(r, [
      touch('t1', at + HOUR, 'no_answer'),
      touch('t2', at + 2 * DAY, 'voicemail', 'email'),
      touch('t3', at + 3 * DAY, 'no_answer'),
    ]);
    const state = foldLoop(events, { policy, calendar: cal, now: at + 4 * DAY });
    expect(state.status).toBe('no_response');
    expect(state.closedReason).toMatch(/3 attempts/);
  });

  it('reaching the customer ends the retries', () => {
    const plan = attemptPlan([touch('t1', at, 'no_answer'), touch('t2', at + HOUR, 'reached')] as LoopEventOf<'touch_logged'>[], policy);
    expect(plan.retry).toBeUndefined();
    expect(plan.reached).toBe(true);
  });
});

describe('advocacy', () => {
  const tz = NY;
  it('is allowed no earlier than 3 days after the score', () => {
    expect(advocacyWindow(at, [], policy, tz)).toEqual({ allowedFrom: at + 3 * DAY, reason: 'cool_off' });
  });
  it('at most once per contact per quarter: an ask this quarter moves it to the next quarter', () => {
    const w = advocacyWindow(at, [local(tz, '2026-01-20 10:00')], policy, tz);
    expect(w).toEqual({ allowedFrom: local(tz, '2026-04-01 00:00'), reason: 'quarter_cap' });
  });
  it('an ask last quarter does not block this one', () => {
    expect(advocacyWindow(at, [local(tz, '2025-12-20 10:00')], policy, tz).reason).toBe('cool_off');
  });
  it('the next action says from which day the ask is allowed', () => {
    const r = response({ score: 10, respondedAt: at, comment: 'Love it' });
    const state = foldLoop(loopOf(r, [touch('t1', at + HOUR, 'reached')]), { policy, calendar: cal, now: at + 2 * HOUR });
    expect(state.nextAction.text).toBe('Ask for a review from Sat');
  });
});

describe('terminal states, reopening and re-survey', () => {
  const r = response({ respondedAt: at, score: 3 });
  const closed: LoopEvent = {
    id: 'c1',
    loopId: 'r1',
    at: at + DAY,
    actor: 'sam@vendor.example',
    type: 'closed',
    state: 'resolved',
    reason: 'Refund agreed',
  };
  it.each(['resolved', 'escalated', 'churned', 'no_response'] as const)('closes as %s with its reason', (state) => {
    const s = foldLoop(loopOf(r, [{ ...closed, state } as LoopEvent]), { policy, calendar: cal, now: at + 2 * DAY });
    expect(s.status).toBe(state);
    expect(s.closedReason).toBe('Refund agreed');
  });
  it('a reopen naming the close wins even when its clock is behind', () => {
    const reopen: LoopEvent = {
      id: 'o1',
      loopId: 'r1',
      at: at + HOUR,
      actor: 'x@vendor.example',
      type: 'reopened',
      reason: 'Issue is back',
      reopens: 'c1',
    };
    expect(foldLoop(loopOf(r, [closed, reopen]), { policy, calendar: cal, now: at + 2 * DAY }).status).toBe('open');
  });
  it('a resolved recovery loop is re-surveyed 30–60 days later', () => {
    const s = foldLoop(loopOf(r, [touch('t1', at + HOUR, 'reached'), closed]), { policy, calendar: cal, now: at + 2 * DAY });
    expect(s.resurvey).toEqual(resurveyWindow(at + DAY, policy));
    expect(s.resurvey).toEqual({ from: at + 31 * DAY, to: at + 61 * DAY });
    expect(s.nextAction.text).toMatch(/^Resolved — re-survey between/);
  });
});

describe('next action', () => {
  const ctx = (now: number) => ({ policy, calendar: cal, now });
  it.each([
    ['critical with a comment', response({ score: 2, respondedAt: at }), [], at + HOUR, /^Call now — 3 h left$/],
    ['recovery without a comment', response({ score: 5, respondedAt: at, comment: '' }), [], at + HOUR, /^E-mail first: no comment given/],
    [
      'after a missed call',
      response({ score: 5, respondedAt: at }),
      [touch('t1', local(NY, '2026-03-04 11:00'), 'no_answer')],
      at + 2 * HOUR,
      /^Retry by e-mail before Fri 6 Mar, 11:00 New York time$/,
    ],
    ['overdue', response({ score: 2, respondedAt: at }), [], at + 5 * HOUR, /^Call now — 1 h overdue$/],
    [
      'reached, recovery',
      response({ score: 5, respondedAt: at }),
      [touch('t1', at + HOUR, 'reached')],
      at + 2 * HOUR,
      /^Record the root cause, then resolve by /,
    ],
  ])('%s', (_, r, extra, now, text) => {
    expect(foldLoop(loopOf(r, extra), ctx(now)).nextAction.text).toMatch(text);
  });
});

describe('scripts quote the customer and stay plain text', () => {
  it.each(['recovery', 'improvement', 'advocacy'] as const)('%s', (route) => {
    const score = { recovery: 2, improvement: 8, advocacy: 10 }[route];
    const comment = 'Export <b>crashed</b> & "lost" data';
    const r = response({ score, respondedAt: at, comment });
    const state = foldLoop(loopOf(r), { policy, calendar: cal, now: at });
    const script = callScript(state);
    const mail = emailTemplate(state);
    expect(script.lines.join('\n')).toContain(comment);
    expect(mail.body).toContain(comment);
    expect(script.lines[0]).toContain('Dana');
  });
  it('asks what happened when there is no comment', () => {
    const state = foldLoop(loopOf(response({ score: 3, respondedAt: at, comment: '' })), { policy, calendar: cal, now: at });
    expect(emailTemplate(state).subject).toMatch(/What happened/);
  });
});
