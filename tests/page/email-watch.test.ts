import { describe, expect, it } from 'vitest';
import { acceptEmail, SETTLE_MS } from '@/lib/page/email-watch';

describe('acceptEmail after a SPA navigation', () => {
  it.each([
    ['nothing rendered yet', null, 'a@x.example', 10, null],
    ['the previous record is still on screen', 'a@x.example', 'a@x.example', 200, null],
    ['the new record rendered', 'b@x.example', 'a@x.example', 300, 'b@x.example'],
    ['first load (nothing before)', 'b@x.example', null, 0, 'b@x.example'],
    ['same address on both records, after the page settled', 'a@x.example', 'a@x.example', SETTLE_MS, 'a@x.example'],
  ])('%s', (_, read, stale, ms, expected) => {
    expect(acceptEmail(read, stale, ms)).toBe(expected);
  });
});

describe('acceptEmail when the element showing the e-mail was rendered anew', () => {
  it('accepts the same address from a new element before the page settles', () => {
    expect(acceptEmail('a@x.example', 'a@x.example', 300, true)).toBe('a@x.example');
  });
  it('still refuses nothing-rendered', () => {
    expect(acceptEmail(null, 'a@x.example', 300, true)).toBeNull();
  });
});
