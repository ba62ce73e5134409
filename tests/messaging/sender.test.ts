import { describe, expect, it } from 'vitest';
import { classifySender } from '@/lib/messaging/sender';

const self = { id: 'abcdefghijklmnopabcdefghijklmnop', origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/' };

describe('classifySender', () => {
  it.each([
    [
      { id: self.id, url: `${self.origin}sidebar.html#x`, tab: { id: 4 }, frameId: 3 },
      { kind: 'extension-page', page: '/sidebar.html', tabId: 4 },
    ],
    [
      { id: self.id, url: `${self.origin}options.html` },
      { kind: 'extension-page', page: '/options.html', tabId: undefined },
    ],
    [
      { id: self.id, url: 'https://app.hubspot.com/contacts/1/record/0-1/2', tab: { id: 9 }, frameId: 0 },
      { kind: 'content-script', tabId: 9, frameId: 0, url: 'https://app.hubspot.com/contacts/1/record/0-1/2' },
    ],
  ])('accepts %j', (sender, verdict) => {
    expect(classifySender(sender, self)).toEqual(verdict);
  });

  it.each([
    [{ id: 'otherextensionidotherextensionid', url: `${self.origin}sidebar.html` }, /not this extension/],
    [{ url: 'https://evil.example/' }, /not this extension/],
    [{ id: self.id }, /no URL/],
    [{ id: self.id, url: 'chrome-extension://otherextensionidotherextensionid/sidebar.html' }, /outside a tab/],
    [{ id: self.id, url: 'https://app.hubspot.com/' }, /outside a tab/],
    [{ id: self.id, url: '::not a url' }, /does not parse/],
  ])('rejects %j', (sender, reason) => {
    const verdict = classifySender(sender, self);
    expect(verdict.kind).toBe('rejected');
    expect(verdict.kind === 'rejected' && verdict.reason).toMatch(reason);
  });

  it('treats a Firefox moz-extension origin by its per-install host, not the id', () => {
    const ff = { id: 'loopside@example', origin: 'moz-extension://1b2c3d4e-0000-4000-8000-123456789abc/' };
    expect(classifySender({ id: ff.id, url: `${ff.origin}popup.html` }, ff)).toMatchObject({ kind: 'extension-page', page: '/popup.html' });
  });
});
