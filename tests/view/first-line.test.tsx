// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/preact';
import { DEFAULT_POLICY, foldLoop, openLoop, type LoopEvent } from '@/lib/loop';
import { calendarFor } from '@/lib/db/engine-context';
import { defaultSettings } from '@/lib/settings/schema';
import { FirstLine } from '@/components/sidebar/FirstLine';

const HOUR = 3_600_000;
const MON_10 = Date.UTC(2026, 10, 16, 10, 0);
const calendar = calendarFor(DEFAULT_POLICY, defaultSettings('UTC'));

const opened = openLoop({ id: 'r1', scale: 'nps', score: 5, comment: 'Slow support.', respondedAt: MON_10, extra: {} }, DEFAULT_POLICY, {
  calendar,
  recordedAt: MON_10,
});
const touch = (at: number): LoopEvent => ({
  id: 't',
  loopId: 'r1',
  at,
  actor: 'me',
  type: 'touch_logged',
  channel: 'call',
  outcome: 'reached',
  note: '',
});
const stateText = (touchedAt: number) => {
  const loop = foldLoop([...opened, touch(touchedAt)], { policy: DEFAULT_POLICY, calendar, now: touchedAt + HOUR });
  render(<FirstLine loop={loop} now={touchedAt + HOUR} timeZone="UTC" owner={null} />);
  return screen.getByTestId('sla-state').textContent?.trim();
};

afterEach(cleanup);

describe('the first-touch state in words', () => {
  it('a touch in time reads "First touch met"', () => {
    expect(stateText(MON_10 + HOUR)).toBe('✓ First touch met');
  });

  it('a late first touch says "late" once', () => {
    // recovery: one business day, due Tuesday 10:00
    expect(stateText(MON_10 + 25 * HOUR)).toBe('✓ First touch met late');
  });
});
