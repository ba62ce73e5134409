import { describe, expect, it } from 'vitest';
import { formatWorkdays } from '@/components/options/people-view';

describe('working days in words', () => {
  it('folds runs into ranges', () => {
    expect(formatWorkdays([1, 2, 3, 4, 5])).toBe('Mon–Fri');
    expect(formatWorkdays([7, 1, 2, 3, 4])).toBe('Mon–Thu, Sun');
    expect(formatWorkdays([1, 3, 5])).toBe('Mon, Wed, Fri');
    expect(formatWorkdays([6, 7])).toBe('Sat, Sun');
    expect(formatWorkdays([2, 2, 3, 4])).toBe('Tue–Thu');
    expect(formatWorkdays([])).toBe('');
  });
});
