import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, foldLoop, notificationStageTimes, openLoop, reachedNotificationStages, type LoopEventOf } from '@/lib/loop';
import { calendar, ev, HOUR, local, response, wall } from './helpers';

const NY = 'America/New_York';
const cal = calendar(NY);
const loopAt = (score: number, at: string) => {
  const respondedAt = local(NY, at);
  return openLoop(response({ score, respondedAt }), DEFAULT_POLICY, { calendar: cal, recordedAt: respondedAt });
};
const ctx = (now: number) => ({ policy: DEFAULT_POLICY, calendar: cal, now });

describe('notification stages', () => {
  it.each([
    // score, response, near_breach_1, near_breach_2, breached (local NY)
    [5, '2026-03-04 10:00', '2026-03-04 16:00', '2026-03-05 09:00', '2026-03-05 10:00'],
    [5, '2026-03-03 22:00', '2026-03-04 15:00', '2026-03-04 16:00', '2026-03-04 17:00'], // at night
    [1, '2026-03-06 16:30', '2026-03-09 11:30', '2026-03-09 11:30', '2026-03-09 12:30'], // Friday critical, 3 of 4 business hours
    // advocacy: 7 calendar days keep the wall-clock time over the DST change; the window is 167 real hours, 75 % = 125 h 15 min
    [10, '2026-03-02 12:00', '2026-03-07 17:15', '2026-03-09 11:00', '2026-03-09 12:00'],
  ])('NPS %d at %s: near_breach_1 %s, near_breach_2 %s, breached %s', (score, at, w75, w1h, breached) => {
    const s = foldLoop(loopAt(score, at), ctx(0));
    const times = notificationStageTimes(s, ctx(0));
    expect([wall(NY, times.near_breach_1), wall(NY, times.near_breach_2), wall(NY, times.breached)]).toEqual([w75, w1h, breached]);
  });

  it('reports the stages whose moment has passed, in order', () => {
    const events = loopAt(5, '2026-03-04 10:00');
    const at = (wallTime: string) => reachedNotificationStages(foldLoop(events, ctx(local(NY, wallTime))), ctx(local(NY, wallTime)));
    expect(at('2026-03-04 15:59')).toEqual([]);
    expect(at('2026-03-04 16:00')).toEqual(['near_breach_1']);
    expect(at('2026-03-05 09:00')).toEqual(['near_breach_1', 'near_breach_2']);
    expect(at('2026-03-05 10:00')).toEqual(['near_breach_1', 'near_breach_2', 'breached']);
  });

  it('reports nothing once the loop has a first touch or is closed', () => {
    const events = loopAt(5, '2026-03-04 10:00');
    const late = local(NY, '2026-03-06 10:00');
    const touch = ev<LoopEventOf<'touch_logged'>>({
      type: 'touch_logged',
      at: late - HOUR,
      channel: 'email',
      outcome: 'no_answer',
      note: '',
    });
    const closed = ev<LoopEventOf<'closed'>>({ type: 'closed', at: late - HOUR, state: 'resolved', reason: 'Sorted on chat' });
    expect(reachedNotificationStages(foldLoop([...events, touch], ctx(late)), ctx(late))).toEqual([]);
    expect(reachedNotificationStages(foldLoop([...events, closed], ctx(late)), ctx(late))).toEqual([]);
  });
});
