import { browser } from 'wxt/browser';
import { readSettings, writeSettings } from '@/lib/db/settings';
import { apiOriginFor } from '@/lib/crm/salesforce/api/hosts';
import { createSalesforceClient, type SalesforceClient } from '@/lib/crm/salesforce/api/client';
import { SyncError } from '@/lib/sync/errors';
import { clearPause, readPause, targetKey } from '@/lib/sync/pause';
import { createRateBudget, SALESFORCE_BUDGET } from '@/lib/sync/rate-budget';
import { readSalesforceConfig, ResponseSourceSchema, saveSalesforceConfig } from '@/lib/sync/salesforce/config';
import { KEY_FIELD } from '@/lib/sync/salesforce/keys';
import type { SalesforceRuntime } from '@/lib/sync/salesforce/runtime';
import type { SalesforceConnectReply } from '@/lib/sync/salesforce/messages';
import { testSource } from '@/lib/sync/salesforce/team-source';
import {
  ADMIN_WORDS,
  adminWordsFor,
  connectWithOAuth,
  forgetOAuth,
  OAuthError,
  orgFromPagesSeen,
  readOAuth,
  readSessionCookie,
  sessionAuth,
} from '../salesforce-session';
import { Refusal, type Handlers } from '../router';
import type { WorkerServices } from '../services';

type SalesforceHandlers = Pick<
  Handlers,
  | 'salesforce/status'
  | 'salesforce/connect'
  | 'salesforce/objects'
  | 'salesforce/fields'
  | 'salesforce/source/test'
  | 'salesforce/source/save'
  | 'salesforce/oauth'
  | 'salesforce/disconnect'
>;

const REFUSAL_CODE = /\[([A-Z_]+)\]$/;

/** Team mode on Salesforce, from the options page. */
export function salesforceHandlers({ deps, sync }: WorkerServices, runtime: SalesforceRuntime): SalesforceHandlers {
  const redirectUrl = () => `https://${browser.runtime.id}.chromiumapp.org/salesforce`;
  const budgets = new Map<string, ReturnType<typeof createRateBudget>>();
  const clientFor = (origin: string): SalesforceClient => {
    let budget = budgets.get(origin);
    if (!budget) budgets.set(origin, (budget = createRateBudget(SALESFORCE_BUDGET, deps.now)));
    return createSalesforceClient({
      origin,
      fetch: (...a) => fetch(...a),
      now: deps.now,
      budget,
      auth: sessionAuth({ db: deps.db, origin, fetch: (...a) => fetch(...a), log: deps.log }),
    });
  };
  async function currentOrigin(): Promise<string> {
    const { sync: target } = await readSettings(deps.db());
    if (target.kind !== 'salesforce' || !target.instanceUrl) throw new Refusal('Turn team mode on for your Salesforce org first.');
    return target.instanceUrl.replace(/\/+$/, '');
  }
  const words = (e: unknown) => (e instanceof Error ? e.message : String(e));

  /** One describe of Task with the session we have: does the org take it, and does it have our key field? */
  async function check(origin: string): Promise<SalesforceConnectReply> {
    const oauth = await readOAuth(deps.db(), origin);
    if (!oauth && !(await readSessionCookie(origin))) return { connected: false, problem: ADMIN_WORDS.notSignedIn, needsOAuth: false };
    try {
      const task = await clientFor(origin).describe('Task');
      const key = task.fields.find((f) => f.name === KEY_FIELD);
      if (!key || key.externalId === false || key.unique === false)
        return { connected: false, problem: ADMIN_WORDS.keyField, needsOAuth: false };
      return { connected: true, problem: null, needsOAuth: false };
    } catch (e) {
      const admin = e instanceof SyncError && e.kind === 'auth' ? adminWordsFor(REFUSAL_CODE.exec(e.message)?.[1], redirectUrl()) : null;
      if (admin) return { connected: false, problem: admin, needsOAuth: true };
      return { connected: false, problem: `Salesforce did not answer as expected: ${words(e)}`, needsOAuth: false };
    }
  }

  async function turnOn(origin: string): Promise<void> {
    const db = deps.db();
    const settings = await readSettings(db);
    await writeSettings(db, { ...settings, sync: { kind: 'salesforce', instanceUrl: origin } });
    await clearPause(db);
    runtime.forcePoll();
    await sync.reconcile();
    sync.kick();
  }

  return {
    async 'salesforce/status'() {
      const db = deps.db();
      const [settings, config, suggestedOrigin, usage, pending, deadLetters] = await Promise.all([
        readSettings(db),
        readSalesforceConfig(db),
        orgFromPagesSeen(db),
        runtime.lastUsage(),
        db.outbox.count(),
        db.deadLetters.count(),
      ]);
      const origin =
        settings.sync.kind === 'salesforce' && settings.sync.instanceUrl ? settings.sync.instanceUrl.replace(/\/+$/, '') : null;
      const pause = origin ? await readPause(db, targetKey(settings.sync)) : undefined;
      const oauth = origin ? await readOAuth(db, origin) : null;
      const plan = origin ? runtime.plan(origin) : null;
      return {
        origin,
        suggestedOrigin,
        via: !origin ? 'none' : oauth ? 'oauth' : 'session',
        usage,
        share: config.share,
        pollEveryMinutes: plan ? Math.round(plan.intervalMs / 60_000) : null,
        planReason: plan?.reason ?? '',
        problem: pause ? `Sync is paused: ${pause.message}. Sign in to Salesforce again, then press “Sync now”.` : null,
        source: config.source,
        pending,
        deadLetters,
        ...(config.consumerKey ? { consumerKey: config.consumerKey } : {}),
        redirectUrl: redirectUrl(),
      };
    },

    async 'salesforce/connect'(req) {
      const origin = apiOriginFor(req.origin);
      if (!origin) throw new Refusal('That is not a Salesforce org address (…my.salesforce.com or …lightning.force.com).');
      const verdict = await check(origin);
      if (verdict.connected) await turnOn(origin);
      return verdict;
    },

    async 'salesforce/objects'() {
      const global = await clientFor(await currentOrigin())
        .describeGlobal()
        .catch((e: unknown) => {
          throw new Refusal(words(e));
        });
      const objects = global.sobjects
        .filter((o) => o.queryable && (o.custom || /^Survey/.test(o.name)))
        .map((o) => ({ name: o.name, label: o.label, custom: o.custom }));
      return { objects };
    },

    async 'salesforce/fields'(req) {
      const described = await clientFor(await currentOrigin())
        .describe(req.object)
        .catch((e: unknown) => {
          throw new Refusal(words(e));
        });
      return { fields: described.fields.map((f) => ({ name: f.name, label: f.label, type: f.type, referenceTo: f.referenceTo })) };
    },

    async 'salesforce/source/test'(req) {
      const source = ResponseSourceSchema.safeParse(req.source);
      if (!source.success) throw new Refusal(source.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      const result = await testSource(clientFor(await currentOrigin()), source.data, deps.now()).catch((e: unknown) => {
        throw new Refusal(words(e));
      });
      return {
        rows: result.responses.map((r) => ({
          id: r.id,
          score: r.score,
          comment: r.comment,
          name: r.name ?? '',
          email: r.email ?? '',
          company: r.company ?? '',
          respondedAt: r.respondedAt,
        })),
        rejected: result.rejected,
      };
    },

    async 'salesforce/source/save'(req) {
      const source = ResponseSourceSchema.safeParse(req.source);
      if (!source.success) throw new Refusal(source.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      await saveSalesforceConfig(deps.db(), { source: source.data, ...(req.share === undefined ? {} : { share: req.share }) });
      runtime.forcePoll();
      return { saved: true };
    },

    async 'salesforce/oauth'(req) {
      const origin = apiOriginFor(req.origin);
      if (!origin) throw new Refusal('That is not a Salesforce org address (…my.salesforce.com or …lightning.force.com).');
      try {
        await connectWithOAuth({ db: deps.db(), origin, consumerKey: req.consumerKey, fetch: (...a) => fetch(...a), now: deps.now() });
      } catch (e) {
        const admin = e instanceof OAuthError ? adminWordsFor(e.code, redirectUrl()) : null;
        return { connected: false, problem: admin ?? `Salesforce sign-in did not complete: ${words(e)}`, needsOAuth: true };
      }
      await saveSalesforceConfig(deps.db(), { consumerKey: req.consumerKey });
      const verdict = await check(origin);
      if (verdict.connected) await turnOn(origin);
      return verdict;
    },

    async 'salesforce/disconnect'() {
      const db = deps.db();
      await forgetOAuth(db);
      const settings = await readSettings(db);
      if (settings.sync.kind === 'salesforce') await writeSettings(db, { ...settings, sync: { kind: 'none' } });
      await sync.reconcile();
      return undefined;
    },
  };
}
