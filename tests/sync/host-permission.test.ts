import { describe, expect, it, vi } from 'vitest';
import config from '../../wxt.config';
import { CRM_API_ORIGINS, hasHostPermission, originsFor, requestHostPermission, type PermissionsApi } from '@/lib/sync/host-permission';

function fakePermissions(answer: boolean | Error, granted: string[] = []): PermissionsApi & { asked: string[][] } {
  const asked: string[][] = [];
  return {
    asked,
    contains: vi.fn(async ({ origins }: { origins: string[] }) => origins.every((o) => granted.includes(o))),
    request: vi.fn(async ({ origins }: { origins: string[] }) => {
      asked.push(origins);
      if (answer instanceof Error) throw answer;
      if (answer) granted.push(...origins);
      return answer;
    }),
  };
}

describe('origins a target needs', () => {
  it('none for local mode and the http relay; the API host of the CRM otherwise', () => {
    expect(originsFor({ kind: 'none' })).toEqual([]);
    expect(originsFor({ kind: 'http', url: 'https://relay.example' })).toEqual([]);
    expect(originsFor({ kind: 'hubspot' })).toEqual(['https://api.hubapi.com/*']);
    expect(originsFor({ kind: 'salesforce' })).toEqual(['https://*.my.salesforce.com/*', 'https://*.my.salesforce.mil/*']);
    expect(originsFor({ kind: 'salesforce', instanceUrl: 'https://Acme.my.salesforce.com' })).toEqual(['https://acme.my.salesforce.com/*']);
  });
});

describe('requestHostPermission (connect time, from the user gesture)', () => {
  it('granted: asks for exactly the target’s hosts', async () => {
    const permissions = fakePermissions(true);
    expect(await requestHostPermission({ kind: 'hubspot', portalId: '1' }, permissions)).toEqual({
      granted: true,
      origins: ['https://api.hubapi.com/*'],
    });
    expect(permissions.asked).toEqual([['https://api.hubapi.com/*']]);
    expect(await hasHostPermission({ kind: 'hubspot' }, permissions)).toBe(true);
    expect(await hasHostPermission({ kind: 'salesforce' }, permissions)).toBe(false);
  });

  it('denied: says which hosts were not granted', async () => {
    const permissions = fakePermissions(false);
    const r = await requestHostPermission({ kind: 'salesforce', instanceUrl: 'https://acme.my.salesforce.com' }, permissions);
    expect(r).toEqual({ granted: false, origins: ['https://acme.my.salesforce.com/*'], reason: expect.stringMatching(/not granted/) });
  });

  it('a request the browser throws on (no user gesture) is a denial, not a crash', async () => {
    const r = await requestHostPermission(
      { kind: 'hubspot' },
      fakePermissions(new Error('This function must be called during a user gesture')),
    );
    expect(r).toMatchObject({ granted: false, reason: /user gesture/ });
  });

  it('targets that need no host ask nothing', async () => {
    const permissions = fakePermissions(false);
    expect(await requestHostPermission({ kind: 'http', url: 'http://127.0.0.1:4100' }, permissions)).toEqual({
      granted: true,
      origins: [],
    });
    expect(permissions.asked).toEqual([]);
  });
});

describe('manifest: CRM API hosts are optional, never required', () => {
  type Manifest = { host_permissions?: string[]; optional_host_permissions?: string[]; permissions?: string[] };
  const check = (manifest: Manifest) => {
    expect(manifest.optional_host_permissions ?? []).toEqual(
      expect.arrayContaining(['https://api.hubapi.com/*', 'https://*.my.salesforce.com/*', 'https://*.my.salesforce.mil/*']),
    );
    const required = [...(manifest.host_permissions ?? []), ...(manifest.permissions ?? [])];
    for (const origin of CRM_API_ORIGINS) expect(required).not.toContain(origin);
    expect(required.some((p) => /hubapi|salesforce|<all_urls>|^\*:\/\//.test(p))).toBe(false);
  };

  const manifestFor = (mode: string) =>
    (config.manifest as (env: unknown) => Manifest | Promise<Manifest>)({ mode, browser: 'chrome', manifestVersion: 3, command: 'build' });

  it('in the config, for the product builds', async () => {
    for (const mode of ['production', 'development']) check(await manifestFor(mode));
  });

  it('the e2e build holds no more than the CRM API hosts from install (Playwright answers no permission prompt)', async () => {
    const manifest = await manifestFor('e2e');
    for (const origin of manifest.host_permissions ?? []) expect(CRM_API_ORIGINS).toContain(origin);
  });
});
