import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The production build (`npm run build`, run by `npm run test:e2e` before the e2e build) asks for no
 * CRM API host at install: those are optional, requested when a person connects team mode.
 */
describe('the production manifest', () => {
  type Manifest = { host_permissions?: string[]; optional_host_permissions?: string[]; permissions?: string[]; name: string };
  const manifest = JSON.parse(readFileSync(resolve('.output/chrome-mv3/manifest.json'), 'utf8')) as Manifest;

  it('is the product build, not the test build', () => {
    expect(manifest.name).toBe('Loopside');
  });

  it('lists the CRM API hosts as optional host permissions only', () => {
    expect(manifest.optional_host_permissions ?? []).toEqual(
      expect.arrayContaining(['https://api.hubapi.com/*', 'https://*.my.salesforce.com/*', 'https://*.my.salesforce.mil/*']),
    );
    const required = [...(manifest.host_permissions ?? []), ...(manifest.permissions ?? [])];
    expect(required.filter((p) => /hubapi|salesforce|force\.com|<all_urls>|^\*:\/\//.test(p))).toEqual([]);
  });

  it('asks for reading the Salesforce session (cookies) and OAuth sign-in (identity) only when team mode is turned on', () => {
    type WithOptional = Manifest & { optional_permissions?: string[] };
    expect((manifest as WithOptional).optional_permissions ?? []).toEqual(expect.arrayContaining(['cookies', 'identity']));
    expect((manifest.permissions ?? []).filter((p) => p === 'cookies' || p === 'identity')).toEqual([]);
  });
});
