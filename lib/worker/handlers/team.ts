import { z } from 'zod';
import type { LoopsideDb } from '@/lib/db/schema';
import { loopEvents } from '@/lib/db/loops';
import { readPolicy, readSettings, writeSettings } from '@/lib/db/settings';
import { calendarFor } from '@/lib/db/engine-context';
import { callScript, foldLoop } from '@/lib/loop';
import { createHubSpotClient, MissingScopesError, type RequestRecord } from '@/lib/crm/hubspot/api/client';
import { HUBSPOT_API_BASE, REQUIRED_SCOPES } from '@/lib/crm/hubspot/api/constants';
import { hubspotObjects, type HubSpotObjects } from '@/lib/crm/hubspot/api/objects';
import type { SyncTarget } from '@/lib/settings/schema';
import type { LoopProjection, SyncAdapter } from '@/lib/sync/adapter';
import { SyncError } from '@/lib/sync/errors';
import { createHubSpotAdapter, type IdempotencyMode } from '@/lib/sync/hubspot/adapter';
import type { HubSpotMemo, MemoEntry } from '@/lib/sync/hubspot/memo';
import { ensureLoopsideProperties } from '@/lib/sync/hubspot/setup';
import { createHubSpotTeamSource } from '@/lib/sync/hubspot/team-source';
import {
  afterPoll,
  FRESH_HISTORY,
  planPolls,
  pullScope,
  SEARCH_PACE,
  slotGate,
  type Member,
  type SlotGate,
  type PollHistory,
  type PollOutcome,
  type PollPlan,
} from '@/lib/sync/hubspot/poll-plan';
import { clearPause, readPause, targetKey } from '@/lib/sync/pause';
import { createRateBudget, type RateBudget } from '@/lib/sync/rate-budget';
import type { TeamSource } from '@/lib/sync/team-source';
import { clearCredential, readCredential, saveCredential } from '../credentials';
import { Refusal, type Handlers } from '../router';
import type { WorkerDeps, WorkerServices } from '../services';
import type { PullPlanner } from '../sync-runner';

const HubSpotCredentialSchema = z.object({ token: z.string().min(10) });
const CONFIG_KEY = 'hubspot/config';
const STATUS_KEY = 'sync/status';
const modeKey = (portal: string) => `hubspot/mode/${portal}`;
const memoKey = (key: string) => `hubspot/memo/${key}`;
const pollHistoryKey = (target: string) => `hubspot/polls/${target}`;
const HOUR = 3_600_000;

interface StoredStatus {
  target: string;
  requests: number[];
  lastOkAt: number | null;
  lastError: string | null;
}

/** HubSpot's answer in words for options; never the body (it may quote what we sent). */
function statusWords(status: number): string | null {
  if (status >= 200 && status < 300) return null;
  if (status === 401) return 'HubSpot no longer accepts the token: connect again.';
  if (status === 403) return 'The token lacks a scope Loopside needs: see the list above.';
  if (status === 429) return 'HubSpot asked Loopside to slow down; it waits and carries on by itself.';
  if (status >= 500) return 'HubSpot is unavailable right now; changes wait in the outbox.';
  return `HubSpot refused a request (HTTP ${status}).`;
}

/** The persisted memo of what this browser created (see lib/sync/hubspot/memo.ts), in the kv table. */
function kvMemo(db: () => LoopsideDb): HubSpotMemo {
  return {
    async get(keys) {
      const rows = await db().kv.bulkGet(keys.map(memoKey));
      return new Map(keys.flatMap((k, i) => (rows[i] ? [[k, rows[i]!.value as MemoEntry] as const] : [])));
    },
    async put(entries) {
      await db().kv.bulkPut(entries.map(([k, value]) => ({ key: memoKey(k), value })));
    },
    async delete(keys) {
      await db().kv.bulkDelete(keys.map(memoKey));
    },
  };
}

/**
 * The HubSpot pieces of team mode for the sync runner (`adapterFor`, `teamSourceFor`), built per
 * call from what the store holds: the token from the credential store, the mode and memo from kv.
 */
export function createHubSpotRuntime(
  deps: WorkerDeps & {
    fetch: typeof fetch;
    baseUrl?: string;
    /** pacing waits; tests advance their clock */ sleep?: (ms: number) => Promise<void>;
  },
) {
  /** one pacing budget per portal: this browser's searches, spaced to fit its slot in the team's round */
  const searchBudgets = new Map<string, RateBudget>();
  /** the pull tick being measured, per portal (see pullPlannerFor) */
  const measuring = new Map<string, PollOutcome>();
  /** the last plan worked out per portal: a large portal's pull searches keep to its cells (slotGate) */
  const plans = new Map<string, PollPlan>();

  /** The directory as the poll plan reads it (HubSpot owners with their roles), and who I am in it. */
  async function readTeam(): Promise<{ members: Member[]; me: string | undefined }> {
    const db = deps.db();
    const [people, settings] = await Promise.all([db.people.toArray(), readSettings(db)]);
    const members = people.flatMap((p) =>
      p.crmUserId ? [{ ownerId: p.crmUserId, email: p.email, role: p.role, managerEmail: p.managerEmail }] : [],
    );
    const myEmail = settings.myEmail ? settings.myEmail.toLowerCase() : undefined;
    return { members, me: people.find((p) => p.email === myEmail)?.crmUserId ?? myEmail };
  }
  let statusWrite = Promise.resolve();

  function searchBudgetFor(portal: string): RateBudget {
    let budget = searchBudgets.get(portal);
    if (!budget) searchBudgets.set(portal, (budget = createRateBudget(SEARCH_PACE, deps.now)));
    return budget;
  }

  function measure(target: string, r: RequestRecord): void {
    const poll = measuring.get(target);
    if (!poll) return;
    if (r.search) poll.searches++;
    if (r.status === 429) poll.throttled = true;
    if (r.limits.max && r.limits.remaining !== undefined) {
      const left = r.limits.remaining / r.limits.max;
      poll.windowLeft = Math.min(poll.windowLeft ?? 1, left);
    }
  }

  function record(target: string, r: RequestRecord): void {
    statusWrite = statusWrite
      .then(async () => {
        const db = deps.db();
        const prev = (await db.kv.get(STATUS_KEY))?.value as StoredStatus | undefined;
        const base: StoredStatus = prev?.target === target ? prev : { target, requests: [], lastOkAt: null, lastError: null };
        const words = statusWords(r.status);
        const next: StoredStatus = {
          target,
          requests: [...base.requests.filter((t) => t > r.at - HOUR), r.at].slice(-20_000),
          lastOkAt: words ? base.lastOkAt : r.at,
          lastError: words ?? (r.status >= 200 && r.status < 300 ? null : base.lastError),
        };
        await db.kv.put({ key: STATUS_KEY, value: next });
      })
      .catch((e: unknown) => deps.log(`team status not recorded: ${String(e)}`));
  }

  /** A large portal's pull searches keep to this member's cells of the grid; a small team's are only paced. */
  function pullGateFor(key: string): SlotGate {
    return slotGate(
      searchBudgetFor(key),
      () => {
        const plan = plans.get(key);
        return plan && !plan.grid.small ? plan : null;
      },
      deps.now,
    );
  }

  /** `forPull`: searches only in this member's cells of a large portal's grid (pushes search any time) */
  function objectsFor(target: Extract<SyncTarget, { kind: 'hubspot' }>, budget: RateBudget, forPull = false): HubSpotObjects {
    const key = targetKey(target);
    const pace = searchBudgetFor(key);
    const client = createHubSpotClient({
      fetch: deps.fetch,
      now: deps.now,
      budget,
      searchBudget: forPull ? pullGateFor(key) : pace,
      ...(deps.baseUrl ? { baseUrl: deps.baseUrl } : {}),
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      token: async () => (await readCredential(deps.db(), key, HubSpotCredentialSchema))?.token ?? null,
      onRequest: (r) => {
        measure(key, r);
        record(key, r);
      },
    });
    return hubspotObjects(client);
  }

  async function writesTask(projection: LoopProjection): Promise<boolean> {
    const db = deps.db();
    const { myEmail } = await readSettings(db);
    if (!myEmail || !projection.ownerEmail || projection.ownerEmail === myEmail) return true;
    // Someone else owns it: write only a change I made (a reassign, a close), never every member's copy of an import.
    const events = await loopEvents(db, projection.loopId);
    const last = events.reduce<(typeof events)[number] | undefined>((a, e) => (!a || e.at >= a.at ? e : a), undefined);
    return last?.actor === myEmail;
  }

  return {
    adapterFor(target: SyncTarget, budget: RateBudget): SyncAdapter | null {
      if (target.kind !== 'hubspot' || !target.portalId) return null;
      const objects = objectsFor(target, budget);
      const portal = target.portalId;
      return createHubSpotAdapter({
        objects,
        pullObjects: objectsFor(target, budget, true),
        // A backlog page only while two searches still fit the cell: one for it, one for the feedback submissions.
        readOn: () => pullGateFor(targetKey(target)).left() >= 2,
        pullScope: async () => {
          const { members, me } = await readTeam();
          return pullScope(me, members);
        },
        now: deps.now,
        memo: kvMemo(deps.db),
        mode: async () => {
          const db = deps.db();
          const known = (await db.kv.get(modeKey(portal)))?.value as IdempotencyMode | undefined;
          if (known) return known;
          const mode = await ensureLoopsideProperties(objects);
          await db.kv.put({ key: modeKey(portal), value: mode });
          return mode;
        },
        contactOf: async (loopId) => {
          const received = (await loopEvents(deps.db(), loopId)).find((e) => e.type === 'received');
          return received?.type === 'received' ? received.response.hubspotId : undefined;
        },
        ownerIdOf: async (email) => (await deps.db().people.get(email.toLowerCase()))?.crmUserId,
        writesTask,
        scriptFor: async (loopId) => {
          const db = deps.db();
          const events = await loopEvents(db, loopId);
          if (!events.some((e) => e.type === 'received')) return undefined;
          const [policy, settings] = await Promise.all([readPolicy(db), readSettings(db)]);
          const script = callScript(foldLoop(events, { policy, calendar: calendarFor(policy, settings), now: deps.now() }));
          return [`${script.title}:`, ...script.lines].join('\n');
        },
      });
    },
    /**
     * This member's pull schedule (lib/sync/hubspot/poll-plan.ts): the team is the HubSpot owners in
     * the directory, my place among them is my owner id's, and what my recent polls cost and saw
     * (kept in kv, so a stopped worker keeps it) stretches the interval alike for everyone.
     */
    pullPlannerFor(target: SyncTarget): PullPlanner | null {
      if (target.kind !== 'hubspot' || !target.portalId) return null;
      const key = targetKey(target);
      const readHistory = async () => ((await deps.db().kv.get(pollHistoryKey(key)))?.value as PollHistory | undefined) ?? FRESH_HISTORY;
      return {
        async plan() {
          const [{ members, me }, history] = await Promise.all([readTeam(), readHistory()]);
          const plan = planPolls({ me, members, history, now: deps.now() });
          plans.set(key, plan);
          return { nextAt: plan.nextAt, periodMs: plan.intervalMs };
        },
        started() {
          measuring.set(key, { searches: 0, throttled: false });
        },
        async finished() {
          const outcome = measuring.get(key);
          measuring.delete(key);
          if (!outcome) return;
          await deps.db().kv.put({ key: pollHistoryKey(key), value: afterPoll(await readHistory(), outcome) });
        },
      };
    },
    teamSourceFor(target: SyncTarget, budget: RateBudget): TeamSource | null {
      if (target.kind !== 'hubspot' || !target.portalId) return null;
      const objects = objectsFor(target, budget, true);
      let scoreProperty: string | undefined;
      const source = createHubSpotTeamSource({ objects });
      return {
        listPeople: () => source.listPeople(),
        async pullResponses(cursor) {
          scoreProperty ??=
            ((await deps.db().kv.get(CONFIG_KEY))?.value as { scoreProperty?: string } | undefined)?.scoreProperty ?? 'hs_value';
          return createHubSpotTeamSource({ objects, scoreProperty }).pullResponses(cursor);
        },
      };
    },
  };
}

/** Options → Team mode → HubSpot: connect, disconnect, and the state in words. */
export function teamHandlers(
  services: WorkerServices,
  opts: { fetch: typeof fetch; baseUrl?: string },
): Pick<Handlers, 'hubspot/connect' | 'hubspot/disconnect' | 'sync/status'> {
  const { deps, sync } = services;
  return {
    async 'hubspot/connect'(req) {
      const budget = createRateBudget({ capacity: 20, refillPerSecond: 5 }, deps.now);
      const objects = hubspotObjects(
        createHubSpotClient({
          fetch: opts.fetch,
          now: deps.now,
          budget,
          searchBudget: budget,
          token: async () => req.token,
          ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
        }),
      );
      let account;
      try {
        account = await objects.accountDetails();
      } catch (e) {
        if (e instanceof SyncError && e.kind === 'auth')
          throw new Refusal('HubSpot did not accept this token. Copy it again from your app’s settings in HubSpot.');
        throw new Refusal(`Could not reach HubSpot at ${HUBSPOT_API_BASE}: ${e instanceof Error ? e.message : String(e)}`);
      }
      // One small read per scope we can check without writing anything.
      const missing = new Set<string>();
      const probes: [string, () => Promise<unknown>][] = [
        ['crm.objects.contacts.read', () => objects.probe('contacts')],
        ['crm.objects.companies.read', () => objects.probe('companies')],
        ['crm.objects.owners.read', () => objects.owners()],
        ['crm.objects.feedback_submissions.read', () => objects.probe('feedback_submissions')],
      ];
      for (const [scope, probe] of probes) {
        try {
          await probe();
        } catch (e) {
          if (e instanceof MissingScopesError) for (const s of e.missingScopes.length ? e.missingScopes : [scope]) missing.add(s);
          else if (e instanceof SyncError && e.status === 403) missing.add(scope);
          else throw new Refusal(`HubSpot answered the check with an error: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      const portalId = String(account.portalId);
      const db = deps.db();
      await saveCredential(db, `hubspot:${portalId}`, { token: req.token }, deps.now());
      await db.kv.put({ key: CONFIG_KEY, value: { scoreProperty: req.scoreProperty ?? 'hs_value' } });
      const settings = await readSettings(db);
      await writeSettings(db, { ...settings, sync: { kind: 'hubspot', portalId } });
      await clearPause(db);
      await sync.reconcile();
      sync.kick();
      return { portalId, uiDomain: account.uiDomain, missingScopes: REQUIRED_SCOPES.map((s) => s.scope).filter((s) => missing.has(s)) };
    },

    async 'hubspot/disconnect'() {
      const db = deps.db();
      const settings = await readSettings(db);
      if (settings.sync.kind === 'hubspot') await clearCredential(db, targetKey(settings.sync));
      // Whatever is still in the outbox stays there for the next connect.
      await writeSettings(db, { ...settings, sync: { kind: 'none' } });
      await sync.reconcile();
      return { disconnected: true };
    },

    async 'sync/status'() {
      const db = deps.db();
      const { sync: target } = await readSettings(db);
      const key = targetKey(target);
      const stored = (await db.kv.get(STATUS_KEY))?.value as StoredStatus | undefined;
      const mine = stored?.target === key ? stored : undefined;
      const pause = key ? await readPause(db, key) : undefined;
      const connected =
        target.kind === 'hubspot' ? (await readCredential(db, key, HubSpotCredentialSchema)) !== null : target.kind !== 'none';
      const now = deps.now();
      return {
        target: key,
        connected,
        lastSyncAt: mine?.lastOkAt ?? null,
        requestsLastHour: mine?.requests.filter((t) => t > now - HOUR).length ?? 0,
        paused: pause ? 'Sync is paused: HubSpot no longer accepts the token. Connect again to resume; nothing was lost.' : null,
        lastError: mine?.lastError ?? null,
      };
    },
  };
}
