import { describe, expect, it } from 'vitest';
import { formatDuration } from '@/lib/loop';

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;

describe('formatDuration', () => {
  it.each([
    [0, 'less than a minute'],
    [59_999, 'less than a minute'],
    [MIN, '1 min'],
    [45 * MIN, '45 min'],
    [2 * H, '2 h'],
    [2 * H + 10 * MIN + 59_000, '2 h 10 min'],
    [D, '1 d'],
    [3 * D + 4 * H + 30 * MIN, '3 d 4 h'],
    [-(2 * H + 10 * MIN), '2 h 10 min'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
