import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, foldLoop, openLoop, type LoopEvent, type LoopEventOf } from '@/lib/loop';
import { calendar, ev, HOUR, local, response } from './helpers';

const NY = 'America/New_York';
const cal = calendar(NY);
const respondedAt = local(NY, '2026-03-04 10:00'); // recovery: due Thu 10:00
const opened = openLoop(response({ respondedAt }), DEFAULT_POLICY, { calendar: cal, recordedAt: respondedAt });
const ctx = (now: number) => ({ policy: DEFAULT_POLICY, calendar: cal, now });
const touch = (at: number, outcome: LoopEventOf<'touch_logged'>['outcome'] = 'reached', id?: string) =>
  ev<LoopEventOf<'touch_logged'>>({ type: 'touch_logged', at, channel: 'call', outcome, note: '', ...(id ? { id } : {}) });

describe('foldLoop', () => {
  it('folds a fresh loop', () => {
    const s = foldLoop(opened, ctx(respondedAt + HOUR));
    expect(s).toMatchObject({
      loopId: 'r1',
      route: 'recovery',
      severity: 'standard',
      status: 'open',
      ownerEmail: 'sam@vendor.example',
      receivedAt: respondedAt,
      firstTouchDueAt: local(NY, '2026-03-05 10:00'),
      attempts: 0,
      sla: { state: 'on_track', dueAt: local(NY, '2026-03-05 10:00'), msLeft: local(NY, '2026-03-05 10:00') - respondedAt - HOUR },
    });
    expect(s.firstTouchAt).toBeUndefined();
  });

  it('counts a duplicated event once', () => {
    const t = touch(respondedAt + HOUR, 'no_answer', 't1');
    const s = foldLoop([...opened, t, { ...t }, t], ctx(respondedAt + 2 * HOUR));
    expect(s.touches).toHaveLength(1);
    expect(s.attempts).toBe(1);
    expect(s.events).toHaveLength(3);
  });

  it('orders by (at, id) whatever the arrival order, and tolerates a touch stamped before the response', () => {
    const early = touch(respondedAt - HOUR, 'reached', 't0'); // a device clock running an hour slow
    const a = foldLoop([early, ...opened], ctx(respondedAt + HOUR));
    const b = foldLoop([...opened.slice().reverse(), early], ctx(respondedAt + HOUR));
    expect(a).toEqual(b);
    expect(a.events.map((e) => e.id)).toEqual(['t0', 'r1/received', 'r1/routed']);
    expect(a.sla.state).toBe('met');
  });

  it.each([
    ['on_track', respondedAt + HOUR],
    ['near_breach', local(NY, '2026-03-04 16:00')], // 75 % of 8 business hours gone
    ['near_breach', local(NY, '2026-03-05 09:00')], // 1 h before due
    ['breached', local(NY, '2026-03-05 10:00')],
  ] as const)('SLA is %s at the given moment', (state, now) => {
    expect(foldLoop(opened, ctx(now)).sla.state).toBe(state);
  });

  it('met / met_late / closed', () => {
    const due = local(NY, '2026-03-05 10:00');
    expect(foldLoop([...opened, touch(due - 1)], ctx(due + HOUR)).sla.state).toBe('met');
    expect(foldLoop([...opened, touch(due + 1)], ctx(due + HOUR)).sla.state).toBe('met_late');
    const closed = ev<LoopEventOf<'closed'>>({ type: 'closed', at: respondedAt + HOUR, state: 'churned', reason: 'Left for a competitor' });
    const s = foldLoop([...opened, closed], ctx(due + HOUR));
    expect(s.sla.state).toBe('closed');
    expect(s.status).toBe('churned');
    expect(s.closedReason).toBe('Left for a competitor');
  });

  it('takes the owner from the latest reassignment', () => {
    const events: LoopEvent[] = [
      ...opened,
      ev<LoopEventOf<'reassigned'>>({ type: 'reassigned', at: respondedAt + 2 * HOUR, toEmail: 'kim@vendor.example' }),
      ev<LoopEventOf<'reassigned'>>({ type: 'reassigned', at: respondedAt + HOUR, toEmail: 'lee@vendor.example' }),
    ];
    expect(foldLoop(events, ctx(respondedAt + 3 * HOUR)).ownerEmail).toBe('kim@vendor.example');
  });
});
