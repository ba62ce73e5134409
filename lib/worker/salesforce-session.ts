import { browser } from 'wxt/browser';
import { z } from 'zod';
import type { LoopsideDb } from '@/lib/db/schema';
import { apiOriginFor } from '@/lib/crm/salesforce/api/hosts';
import type { SalesforceAuth } from '@/lib/crm/salesforce/api/client';
import { KEY_FIELD } from '@/lib/sync/salesforce/keys';
import { clearCredential, readCredential, saveCredential } from './credentials';

/**
 * Whose Salesforce session Loopside uses, in the background only.
 *
 * 1. The user's own session: the `sid` cookie of the org's `*.my.salesforce.com` host (the
 *    Lightning host's cookie is not accepted by the REST API). It is read from the cookie store on
 *    every request and again when the org answers INVALID_SESSION_ID; it is never stored, sent in a
 *    message or logged. Needs the optional `cookies` permission and the org's host permission.
 * 2. Where the org blocks browser sessions for APIs (API Access Control, OAUTH_APP_BLOCKED), OAuth
 *    2.0 with PKCE through `identity.launchWebAuthFlow`, with the consumer key of the org's own
 *    External Client App; the tokens live in the credentials table (lib/worker/credentials.ts).
 */
export const CREDENTIAL_TARGET = 'salesforce';
/** one notification for an ended session, however often it is found ended (same id: replaced, never stacked) */
export const SESSION_NOTICE_ID = 'loopside-salesforce-session';

/** What the admin must do, in words, for each way an org can refuse Loopside. */
export const ADMIN_WORDS = {
  keyField:
    `Your Salesforce admin needs to add one field first: Setup → Object Manager → Activity → Fields & Relationships → New → ` +
    `Text (80 characters), API name ${KEY_FIELD}, ticked "Unique" and "External ID", visible to everyone who uses Loopside. ` +
    'It lets the org itself refuse a second copy of the same Loopside activity.',
  sessionBlocked: (redirectUrl: string) =>
    'Your org does not let browser sessions use its API (API Access Control or a blocked app). Ask your admin to create an ' +
    'External Client App with OAuth turned on: callback URL ' +
    `${redirectUrl}, scopes "Manage user data via APIs (api)" and "Perform requests at any time (refresh_token, offline_access)", ` +
    '"Require Proof Key for Code Exchange (PKCE)" on, no client secret required for this flow, and the Loopside users allowed ' +
    '(pre-authorized by a permission set, or "All users may self-authorize"). Then paste its consumer key below.',
  appBlocked: (redirectUrl: string) =>
    'Your org blocks the app this consumer key belongs to. Ask your admin to allow it: in Setup → Connected Apps OAuth Usage, ' +
    'unblock it; with API Access Control on, add it to the allowed apps; and let the Loopside users use it (a permission set ' +
    `or profile, or "All users may self-authorize"). Its callback URL must be ${redirectUrl}. Then sign in again.`,
  notSignedIn: 'Loopside found no Salesforce session for this org in this browser: open the org in a tab, sign in, and try again.',
} as const;

/** The OAuth error codes that mean an admin blocked the app or did not let this user use it. */
const APP_BLOCKED_CODES = new Set(['OAUTH_APP_BLOCKED', 'OAUTH_APP_ACCESS_DENIED', 'OAUTH_EC_APP_NOT_FOUND']);

/** What to tell a person when the org refuses with `code`: the admin's words, or null when it is no admin matter. */
export function adminWordsFor(code: string | undefined, redirectUrl: string): string | null {
  if (!code) return null;
  if (APP_BLOCKED_CODES.has(code)) return ADMIN_WORDS.appBlocked(redirectUrl);
  if (code === 'INVALID_SESSION_ID' || code === 'API_DISABLED_FOR_ORG') return ADMIN_WORDS.sessionBlocked(redirectUrl);
  return null;
}

/** A refusal of the OAuth sign-in (authorize redirect or token endpoint), with Salesforce's `error` code. */
export class OAuthError extends Error {
  constructor(
    readonly code: string,
    description: string,
  ) {
    super(description ? `${code}: ${description}` : code);
    this.name = 'OAuthError';
  }
}

const OAuthCredentialSchema = z.object({
  kind: z.literal('oauth'),
  origin: z.string(),
  consumerKey: z.string(),
  accessToken: z.string(),
  refreshToken: z.string().optional(),
});
type OAuthCredential = z.infer<typeof OAuthCredentialSchema>;

/** POST /services/oauth2/token answers (authorization_code and refresh_token grants). */
const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().optional(),
  instance_url: z.string().optional(),
  token_type: z.string().optional(),
});
const TokenErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

/** The org of the Lightning page the user was last on (the sidebar reports each record URL it sits on). */
export async function orgFromPagesSeen(db: LoopsideDb): Promise<string | null> {
  const links = await db.recordLinks.toArray();
  links.sort((a, b) => b.seenAt - a.seenAt);
  for (const link of links) {
    const origin = apiOriginFor(link.url);
    if (origin) return origin;
  }
  return null;
}

/** The `sid` cookie of the org's API host, read now; null without the permission or without a session. */
export async function readSessionCookie(origin: string): Promise<string | null> {
  try {
    const cookie = await browser.cookies.get({ url: `${origin}/`, name: 'sid' });
    return cookie?.value || null;
  } catch {
    // No `cookies` permission (or not for this host): the same as not signed in.
    return null;
  }
}

export async function readOAuth(db: LoopsideDb, origin: string): Promise<OAuthCredential | null> {
  const credential = await readCredential(db, CREDENTIAL_TARGET, OAuthCredentialSchema);
  return credential && credential.origin === origin ? credential : null;
}

async function tokenRequest(fetchFn: typeof fetch, origin: string, form: Record<string, string>) {
  const response = await fetchFn(`${origin}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
    credentials: 'omit',
  });
  const body: unknown = await response.json().catch(() => null);
  const ok = TokenResponseSchema.safeParse(body);
  if (response.ok && ok.success) return ok.data;
  const err = TokenErrorSchema.safeParse(body);
  if (err.success) throw new OAuthError(err.data.error, err.data.error_description ?? '');
  throw new Error(`HTTP ${response.status}`);
}

/**
 * The token source for one org: OAuth when connected that way, else the session cookie. A session
 * that stays refused after a fresh read is reported once, as one notification (same id: a second
 * failure replaces it rather than stacking up).
 */
export function sessionAuth(opts: { db: () => LoopsideDb; origin: string; fetch: typeof fetch; log: (m: string) => void }): SalesforceAuth {
  const { origin } = opts;
  return {
    async token() {
      const oauth = await readOAuth(opts.db(), origin);
      return oauth ? oauth.accessToken : readSessionCookie(origin);
    },
    async renew(refused) {
      const oauth = await readOAuth(opts.db(), origin);
      if (oauth?.refreshToken) {
        try {
          const fresh = await tokenRequest(opts.fetch, origin, {
            grant_type: 'refresh_token',
            refresh_token: oauth.refreshToken,
            client_id: oauth.consumerKey,
          });
          await saveCredential(opts.db(), CREDENTIAL_TARGET, { ...oauth, accessToken: fresh.access_token }, Date.now());
          return fresh.access_token;
        } catch (e) {
          opts.log(`Salesforce OAuth refresh failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      const cookie = oauth ? null : await readSessionCookie(origin);
      if (cookie && cookie !== refused) return cookie;
      await browser.notifications
        .create(SESSION_NOTICE_ID, {
          type: 'basic',
          iconUrl: browser.runtime.getURL('/icon/128.png'),
          title: 'Loopside: Salesforce session ended',
          message: 'Sign in to Salesforce again (or reconnect in Loopside options). Your actions wait safely until then.',
        })
        .catch(() => undefined);
      return null;
    },
  };
}

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** A PKCE code verifier (RFC 7636 §4.1): 48 random bytes, base64url, 64 characters of the unreserved set. */
export const newPkceVerifier = (): string => base64url(crypto.getRandomValues(new Uint8Array(48)));

/** The S256 code challenge of a verifier (RFC 7636 §4.2): BASE64URL(SHA-256(ASCII(verifier))), no padding. */
export async function pkceChallenge(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

/**
 * OAuth 2.0 authorization code with PKCE against the org's own External Client App: no client secret
 * (an extension cannot keep one), the verifier never leaves the background, the tokens go to the
 * credentials table. Needs the optional `identity` permission, requested by the options click.
 */
export async function connectWithOAuth(opts: {
  db: LoopsideDb;
  origin: string;
  consumerKey: string;
  fetch: typeof fetch;
  now: number;
}): Promise<void> {
  const verifier = newPkceVerifier();
  const challenge = await pkceChallenge(verifier);
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const redirectUri = browser.identity.getRedirectURL('salesforce');
  const authorize = new URL(`${opts.origin}/services/oauth2/authorize`);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: opts.consumerKey,
    redirect_uri: redirectUri,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    scope: 'api refresh_token',
    state,
  }).toString();
  const answer = await browser.identity.launchWebAuthFlow({ url: authorize.toString(), interactive: true });
  if (!answer) throw new Error('the sign-in window was closed');
  const params = new URL(answer).searchParams;
  const error = params.get('error');
  if (error) throw new OAuthError(error, params.get('error_description') ?? '');
  if (params.get('state') !== state) throw new Error('the sign-in answer did not match the request (state)');
  const code = params.get('code');
  if (!code) throw new Error('Salesforce sent no authorization code');
  const tokens = await tokenRequest(opts.fetch, opts.origin, {
    grant_type: 'authorization_code',
    code,
    client_id: opts.consumerKey,
    redirect_uri: redirectUri,
    code_verifier: verifier,
  });
  await saveCredential(
    opts.db,
    CREDENTIAL_TARGET,
    {
      kind: 'oauth',
      origin: opts.origin,
      consumerKey: opts.consumerKey,
      accessToken: tokens.access_token,
      ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
    } satisfies OAuthCredential,
    opts.now,
  );
}

export const forgetOAuth = (db: LoopsideDb) => clearCredential(db, CREDENTIAL_TARGET);
