import { describe, expect, it } from 'vitest';
import { classifyScore, DEFAULT_POLICY, type Route, type Scale, type Severity } from '@/lib/loop';

describe('classifyScore (default bands)', () => {
  const cases: [Scale, number, Route, Severity][] = [
    ['nps', 0, 'recovery', 'critical'],
    ['nps', 3, 'recovery', 'critical'],
    ['nps', 4, 'recovery', 'standard'],
    ['nps', 6, 'recovery', 'standard'],
    ['nps', 7, 'improvement', 'standard'],
    ['nps', 8, 'improvement', 'standard'],
    ['nps', 9, 'advocacy', 'standard'],
    ['nps', 10, 'advocacy', 'standard'],
    ['csat', 1, 'recovery', 'standard'],
    ['csat', 2, 'recovery', 'standard'],
    ['csat', 3, 'improvement', 'standard'],
    ['csat', 4, 'advocacy', 'standard'],
    ['csat', 5, 'advocacy', 'standard'],
    ['ces', 1, 'recovery', 'standard'],
    ['ces', 3, 'recovery', 'standard'],
    ['ces', 4, 'improvement', 'standard'],
    ['ces', 5, 'improvement', 'standard'],
    ['ces', 6, 'advocacy', 'standard'],
    ['ces', 7, 'advocacy', 'standard'],
  ];
  it.each(cases)('%s %d → %s / %s', (scale, score, route, severity) => {
    expect(classifyScore(scale, score, DEFAULT_POLICY)).toEqual({ route, severity });
  });

  it.each([
    ['nps', -1],
    ['nps', 11],
    ['nps', 6.5],
    ['csat', 0],
    ['csat', 6],
    ['ces', 0],
    ['ces', 8],
    ['nps', Number.NaN],
  ] as [Scale, number][])('%s %d is out of scale and throws a clear error', (scale, score) => {
    expect(() => classifyScore(scale, score, DEFAULT_POLICY)).toThrow(new RegExp(`${scale.toUpperCase()} score .* is outside`));
  });
});
