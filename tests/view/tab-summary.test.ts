import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, foldLoop, openLoop, type LoopEvent } from '@/lib/loop';
import { calendarFor } from '@/lib/db/engine-context';
import { defaultSettings } from '@/lib/settings/schema';
import { shortCountdown, shortSpan, tabSummary } from '@/lib/view/tab-summary';

const HOUR = 3_600_000;
const MON_10 = Date.UTC(2026, 10, 16, 10, 0);
const calendar = calendarFor(DEFAULT_POLICY, defaultSettings('UTC'));
const events = (score: number) =>
  openLoop({ id: `r${score}`, scale: 'nps', score, comment: '', respondedAt: MON_10, extra: {} }, DEFAULT_POLICY, {
    calendar,
    recordedAt: MON_10,
  });
const stateAt = (evs: LoopEvent[], now: number) => foldLoop(evs, { policy: DEFAULT_POLICY, calendar, now });

describe('the slim tab', () => {
  it('says how long a breached loop has been overdue, in whole hours', () => {
    const loop = stateAt(events(2), MON_10);
    const summary = tabSummary(loop, loop.sla.dueAt + 7 * HOUR + 20 * 60_000);
    expect(summary).toMatchObject({ route: 'recovery', shape: '▼', text: 'Breached 7 h' });
    expect(summary.label).toBe('Loopside: Recovery, score 2, Breached 7 h. Expand the sidebar');
  });

  it('counts down an untouched loop still on its clock', () => {
    const loop = stateAt(events(8), MON_10);
    const summary = tabSummary(loop, loop.sla.dueAt - (2 * HOUR + 5 * 60_000));
    expect(summary).toMatchObject({ route: 'improvement', shape: '◆', text: '2 h 05 min left' });
  });

  it('names the state once the first touch is logged, and says when there is no feedback', () => {
    const touched: LoopEvent = {
      id: 't',
      loopId: 'r10',
      at: MON_10 + HOUR,
      actor: 'me',
      type: 'touch_logged',
      channel: 'call',
      outcome: 'reached',
      note: '',
    };
    const loop = stateAt([...events(10), touched], MON_10 + 2 * HOUR);
    expect(tabSummary(loop, MON_10 + 2 * HOUR).text).toBe('First touch met');
    expect(tabSummary(undefined, MON_10)).toMatchObject({ route: null, text: 'No feedback' });
  });

  it('keeps spans short enough for a 44 px tab', () => {
    expect(shortSpan(-30_000)).toBe('1 min');
    expect(shortSpan(-25 * 60_000)).toBe('25 min');
    expect(shortSpan(-47 * HOUR)).toBe('47 h');
    expect(shortSpan(-72 * HOUR)).toBe('3 d');
    expect(shortCountdown(14 * 60_000 + 59_000)).toBe('14 min');
    expect(shortCountdown(50 * HOUR)).toBe('2 d 2 h');
  });
});
