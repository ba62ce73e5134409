import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { apiOriginFor, originPatternFor } from '@/lib/crm/salesforce/api/hosts';
import { createSalesforceClient } from '@/lib/crm/salesforce/api/client';
import { createRateBudget } from '@/lib/sync/rate-budget';
import type { LoopsideDb } from '@/lib/db/schema';
import {
  ADMIN_WORDS,
  adminWordsFor,
  connectWithOAuth,
  newPkceVerifier,
  OAuthError,
  pkceChallenge,
  readOAuth,
  SESSION_NOTICE_ID,
  sessionAuth,
} from '@/lib/worker/salesforce-session';
import { createFakeOrg, seedOrg } from '../fake-salesforce/org';
import { freshDb, T0 } from '../sync/helpers';

describe('the org’s API host, from the page a person is on', () => {
  // Real-shaped hosts of each My Domain form; the API session lives on the `my.salesforce` host.
  it.each([
    ['production', 'https://acme.lightning.force.com/lightning/r/Contact/003Dn00000QxYz1IAF/view', 'https://acme.my.salesforce.com'],
    [
      'production, old hash URL',
      'https://acme.lightning.force.com/one/one.app#/sObject/003Dn00000QxYz1/view',
      'https://acme.my.salesforce.com',
    ],
    [
      'sandbox (enhanced domains)',
      'https://acme--uat.sandbox.lightning.force.com/lightning/r/Lead/00QDn00000LeAd7MAF/view',
      'https://acme--uat.sandbox.my.salesforce.com',
    ],
    [
      'sandbox (before enhanced domains)',
      'https://acme--uat.lightning.force.com/lightning/page/home',
      'https://acme--uat.my.salesforce.com',
    ],
    [
      'Developer Edition (enhanced domains)',
      'https://acme-dev-ed.develop.lightning.force.com/lightning/r/Account/001Dn00000AcMe1IAF/view',
      'https://acme-dev-ed.develop.my.salesforce.com',
    ],
    [
      'scratch org',
      'https://power-ruby-4821-dev-ed.scratch.lightning.force.com/lightning/page/home',
      'https://power-ruby-4821-dev-ed.scratch.my.salesforce.com',
    ],
    [
      'Trailhead playground',
      'https://curious-koala-a1b2c3.trailblaze.lightning.force.com/lightning/page/home',
      'https://curious-koala-a1b2c3.trailblaze.my.salesforce.com',
    ],
    ['demo org', 'https://acme-demo.demo.lightning.force.com/lightning/page/home', 'https://acme-demo.demo.my.salesforce.com'],
    ['patch org', 'https://acme-patch.patch.lightning.force.com/lightning/page/home', 'https://acme-patch.patch.my.salesforce.com'],
    [
      'Government Cloud (.mil)',
      'https://army-crm.lightning.force.mil/lightning/r/Contact/003Dn00000QxYz1IAF/view',
      'https://army-crm.my.salesforce.mil',
    ],
    [
      'Government Cloud sandbox (.mil)',
      'https://army-crm--qa.sandbox.lightning.force.mil/lightning/page/home',
      'https://army-crm--qa.sandbox.my.salesforce.mil',
    ],
    [
      'Setup pages (enhanced domains)',
      'https://acme.my.salesforce-setup.com/lightning/setup/SetupOneHome/home',
      'https://acme.my.salesforce.com',
    ],
    ['already the API host', 'https://acme.my.salesforce.com/services/data/v67.0/', 'https://acme.my.salesforce.com'],
    ['a typed host in capitals', 'https://ACME.Lightning.Force.com/', 'https://acme.my.salesforce.com'],
  ])('%s: %s → %s', (_form, page, api) => {
    expect(apiOriginFor(page)).toBe(api);
    expect(originPatternFor(api)).toBe(`${api}/*`);
  });

  it.each([
    'http://acme.lightning.force.com/lightning/page/home',
    'https://acme.lightning.force.com.evil.example/lightning/page/home',
    'https://evil.example/acme.lightning.force.com',
    'https://login.salesforce.com/',
    'https://na139.salesforce.com/001/o',
    'https://acme.my.site.com/s/',
    'https://my.salesforce.com/',
    'https://lightning.force.com/',
    'https://app.hubspot.com/contacts/24681357/record/0-1/51',
    'not a url',
  ])('is no Salesforce org: %s', (page) => {
    expect(apiOriginFor(page)).toBeNull();
  });
});

describe('the user’s own session (the sid cookie of the org’s API host)', () => {
  const HOST = 'acme.my.salesforce.com';
  const ORIGIN = `https://${HOST}`;
  let db: LoopsideDb;
  let logs: string[];
  let now = T0;
  /** the browser's cookie jar: what `cookies.get({url, name: 'sid'})` reads, and how often it was read */
  let jar: Map<string, string>;
  let reads: number;
  /** when set, the cookie changes between reads: each read takes the next value (the last one stays) */
  let sequence: string[];

  beforeEach(() => {
    fakeBrowser.reset();
    db = freshDb();
    logs = [];
    now = T0;
    jar = new Map();
    reads = 0;
    sequence = [];
    (fakeBrowser as unknown as { cookies: { get: unknown } }).cookies.get = async ({ url, name }: { url: string; name: string }) => {
      reads++;
      const value = sequence.length > 1 ? sequence.shift() : (sequence[0] ?? jar.get(`${new URL(url).origin}|${name}`));
      return value ? { name, value, domain: new URL(url).hostname, path: '/', secure: true, httpOnly: true } : null;
    };
  });
  afterEach(async () => db.delete());

  function setup() {
    const org = createFakeOrg({ host: HOST, now: () => now });
    const seed = seedOrg(org);
    const auth = sessionAuth({ db: () => db, origin: ORIGIN, fetch: org.fetch, log: (m) => logs.push(m) });
    const client = createSalesforceClient({
      origin: ORIGIN,
      fetch: org.fetch,
      now: () => now,
      auth,
      budget: createRateBudget({ capacity: 100, refillPerSecond: 100 }, () => now),
    });
    return { org, seed, client };
  }
  const signIn = (sid: string) => jar.set(`${ORIGIN}|sid`, sid);

  it('reads the cookie for every request, so a newer sign-in is used at once', async () => {
    const { org, seed, client } = setup();
    signIn(org.login(seed.rep.Id));
    await client.describe('Task');
    signIn(org.login(seed.rep.Id));
    await client.describe('Task');
    expect(reads).toBe(2);
    expect(org.log.map((l) => l.status)).toEqual([200, 200]);
  });

  it('on INVALID_SESSION_ID reads the cookie again and retries once with the new session: no notice', async () => {
    const { org, seed, client } = setup();
    // The session ends (timeout, logout elsewhere) just as a request goes out with it; by the re-read,
    // the person has signed in again in another tab.
    const first = org.login(seed.rep.Id);
    const second = org.login(seed.rep.Id);
    org.expire(first);
    sequence = [first, second];
    await client.describe('Task');
    expect(org.log.map((l) => l.status)).toEqual([401, 200]);
    expect(reads).toBe(2);
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
  });

  it('a session that stays refused after a fresh read is reported in one notice, however often it is found ended', async () => {
    const { org, seed, client } = setup();
    const sid = org.login(seed.rep.Id);
    signIn(sid);
    org.expire(sid);
    for (let i = 0; i < 3; i++) await expect(client.describe('Task')).rejects.toMatchObject({ kind: 'auth' });
    // Each failure was one 401 and one cookie re-read, never a loop of retries.
    expect(org.log.map((l) => l.status)).toEqual([401, 401, 401]);
    const shown = await fakeBrowser.notifications.getAll();
    expect(Object.keys(shown)).toEqual([SESSION_NOTICE_ID]);
  });

  it('without a cookie it sends nothing and says so (not signed in), without a notice', async () => {
    const { org, client } = setup();
    await expect(client.describe('Task')).rejects.toMatchObject({ kind: 'auth', message: expect.stringMatching(/not signed in/) });
    expect(org.log).toEqual([]);
  });

  it('never stores or logs the session: not in the database, not in storage.local, not in a log line', async () => {
    const { org, seed, client } = setup();
    const first = org.login(seed.rep.Id);
    signIn(first);
    await client.describe('Task');
    org.expire(first);
    await expect(client.describe('Task')).rejects.toThrow();
    const everything: unknown[] = [];
    for (const table of db.tables) everything.push(await table.toArray());
    everything.push(await fakeBrowser.storage.local.get(null), await fakeBrowser.storage.session.get(null));
    const dump = JSON.stringify(everything) + logs.join('\n') + JSON.stringify(await fakeBrowser.notifications.getAll());
    expect(dump).not.toContain(first);
    expect(dump).not.toContain(first.split('!')[1]);
  });
});

describe('OAuth 2.0 with PKCE through the org’s own External Client App', () => {
  const HOST = 'acme.my.salesforce.com';
  const ORIGIN = `https://${HOST}`;
  const KEY = '3MVG9rZjd7MXFdLhDemoConsumerKey.ForLoopside_0123456789';
  const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/salesforce';
  let db: LoopsideDb;

  beforeEach(() => {
    fakeBrowser.reset();
    db = freshDb();
  });
  afterEach(async () => db.delete());

  it('S256: the challenge is BASE64URL(SHA-256(verifier)) without padding (RFC 7636, appendix B)', async () => {
    expect(await pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    const verifiers = new Set(Array.from({ length: 20 }, () => newPkceVerifier()));
    expect(verifiers.size).toBe(20);
    for (const v of verifiers) {
      // 43–128 characters of the unreserved set; ours are 64.
      expect(v).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
      expect(await pkceChallenge(v)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
  });

  /** The browser's sign-in window: the org's authorize page for a signed-in user, its redirect read back. */
  function identityFor(org: ReturnType<typeof createFakeOrg>, sid: string, seen: URL[]) {
    (fakeBrowser as unknown as { identity: unknown }).identity = {
      getRedirectURL: (path: string) => `https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/${path}`,
      launchWebAuthFlow: async ({ url }: { url: string }) => {
        seen.push(new URL(url));
        const answer = await org.handle(new Request(url, { headers: { Cookie: `sid=${sid}` } }));
        return answer.headers.get('Location') ?? undefined;
      },
    };
  }

  it('signs in: the org checks the verifier against the challenge, the tokens go to the credentials table, and the API takes them', async () => {
    const org = createFakeOrg({ host: HOST, now: () => T0 });
    const seed = seedOrg(org);
    org.addOAuthApp(KEY, REDIRECT);
    const seen: URL[] = [];
    identityFor(org, org.login(seed.rep.Id), seen);
    const sent: URLSearchParams[] = [];
    const fetchSpy: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/services/oauth2/token')) sent.push(new URLSearchParams(String(init?.body)));
      return org.fetch(input, init);
    };
    await connectWithOAuth({ db, origin: ORIGIN, consumerKey: KEY, fetch: fetchSpy, now: T0 });

    const authorize = seen[0]!;
    expect(authorize.origin + authorize.pathname).toBe(`${ORIGIN}/services/oauth2/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: KEY,
      redirect_uri: REDIRECT,
      code_challenge_method: 'S256',
    });
    expect(authorize.searchParams.has('code_verifier')).toBe(false);
    const verifier = sent[0]!.get('code_verifier')!;
    expect(await pkceChallenge(verifier)).toBe(authorize.searchParams.get('code_challenge'));
    expect(sent[0]!.get('client_secret')).toBeNull();

    const credential = await readOAuth(db, ORIGIN);
    expect(credential).toMatchObject({ kind: 'oauth', origin: ORIGIN, consumerKey: KEY });
    expect(org.isLive(credential!.accessToken)).toBe(true);
    const auth = sessionAuth({ db: () => db, origin: ORIGIN, fetch: org.fetch, log: () => {} });
    expect(await auth.token()).toBe(credential!.accessToken);
  });

  it('a wrong verifier is refused by the org (what PKCE is for)', async () => {
    const org = createFakeOrg({ host: HOST, now: () => T0 });
    const seed = seedOrg(org);
    org.addOAuthApp(KEY, REDIRECT);
    const seen: URL[] = [];
    identityFor(org, org.login(seed.rep.Id), seen);
    const tampered: typeof fetch = async (input, init) => {
      const body = new URLSearchParams(String(init?.body));
      if (body.has('code_verifier')) body.set('code_verifier', newPkceVerifier());
      return org.fetch(input, { ...init, body: body.toString() });
    };
    await expect(connectWithOAuth({ db, origin: ORIGIN, consumerKey: KEY, fetch: tampered, now: T0 })).rejects.toMatchObject({
      code: 'invalid_grant',
    });
    expect(await readOAuth(db, ORIGIN)).toBeNull();
  });

  it('an answer whose state does not match the request is refused', async () => {
    (fakeBrowser as unknown as { identity: unknown }).identity = {
      getRedirectURL: () => REDIRECT,
      launchWebAuthFlow: async () => `${REDIRECT}?code=aPrxStolen&state=someone-else`,
    };
    await expect(connectWithOAuth({ db, origin: ORIGIN, consumerKey: KEY, fetch: fetch, now: T0 })).rejects.toThrow(/state/);
    expect(await readOAuth(db, ORIGIN)).toBeNull();
  });

  it('OAUTH_APP_BLOCKED (at sign-in or at the token endpoint) becomes what the admin must allow', async () => {
    const org = createFakeOrg({ host: HOST, now: () => T0 });
    const seed = seedOrg(org);
    org.addOAuthApp(KEY, REDIRECT);
    org.blockOAuthApp(KEY);
    identityFor(org, org.login(seed.rep.Id), []);
    const refused = await connectWithOAuth({ db, origin: ORIGIN, consumerKey: KEY, fetch: org.fetch, now: T0 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OAuthError);
    expect((refused as OAuthError).code).toBe('OAUTH_APP_BLOCKED');
    const words = adminWordsFor((refused as OAuthError).code, REDIRECT);
    expect(words).toBe(ADMIN_WORDS.appBlocked(REDIRECT));
    expect(words).toMatch(/admin/);
    expect(words).toMatch(/unblock/);
    expect(words).toContain(REDIRECT);
    // The session itself refused for APIs is the other admin matter: set up the External Client App.
    expect(adminWordsFor('INVALID_SESSION_ID', REDIRECT)).toBe(ADMIN_WORDS.sessionBlocked(REDIRECT));
    expect(adminWordsFor('invalid_grant', REDIRECT)).toBeNull();
  });
});
