import type { LoopsideDb } from '@/lib/db/schema';
import { createSalesforceClient, type SalesforceAuth, type SalesforceClient } from '@/lib/crm/salesforce/api/client';
import type { ApiUsage } from '@/lib/crm/salesforce/api/limits';
import type { SyncTarget } from '@/lib/settings/schema';
import type { SyncAdapter } from '../adapter';
import type { RateBudget } from '../rate-budget';
import type { TeamSource } from '../team-source';
import { createSalesforceAdapter } from './adapter';
import { readSalesforceConfig } from './config';
import { dexieDirectory } from './directory';
import { createPollGate, type PollGate } from './poll-gate';
import { createSalesforceTeamSource } from './team-source';

const USAGE_KEY = 'salesforce/usage';
const MEMBERS_KEY = 'salesforce/members';

export interface SalesforceRuntimeDeps {
  db: () => LoopsideDb;
  now: () => number;
  fetch: typeof fetch;
  log: (message: string) => void;
  authFor: (origin: string) => SalesforceAuth;
}

interface OrgParts {
  budget: RateBudget;
  client: SalesforceClient;
  gate: PollGate;
  adapter: SyncAdapter;
  team: TeamSource;
}

/**
 * One client, poll gate, adapter and team source per org, kept for the worker's life: the sync
 * runner asks for the adapter on every flush and pull, and the gate must remember when it last let
 * a poll through. The org's last `Sforce-Limit-Info` and the team's size are kept in the store so a
 * restarted worker plans its polls from them at once.
 */
export function createSalesforceRuntime(deps: SalesforceRuntimeDeps) {
  const orgs = new Map<string, OrgParts>();
  let share = 0.05;
  let members = 1;

  function parts(origin: string, budget: RateBudget): OrgParts {
    const known = orgs.get(origin);
    if (known && known.budget === budget) return known;
    const gate = createPollGate({ share: () => share, members: () => members });
    // Warm the plan from the store; until then the gate polls at its cautious default.
    void (async () => {
      const db = deps.db();
      const [usage, count, config] = await Promise.all([db.kv.get(USAGE_KEY), db.kv.get(MEMBERS_KEY), readSalesforceConfig(db)]);
      share = config.share;
      if (typeof count?.value === 'number') members = count.value;
      const u = usage?.value as ApiUsage | undefined;
      if (u && typeof u.used === 'number') gate.noteUsage(u);
    })().catch((e: unknown) => deps.log(`Salesforce poll plan: ${String(e)}`));
    const client = createSalesforceClient({
      origin,
      fetch: deps.fetch,
      now: deps.now,
      auth: deps.authFor(origin),
      budget,
      onUsage: (usage) => {
        gate.noteUsage(usage);
        void deps
          .db()
          .kv.put({ key: USAGE_KEY, value: usage })
          .catch(() => undefined);
      },
    });
    const db = deps.db;
    const adapter = createSalesforceAdapter({ client, directory: dexieDirectory(db), now: deps.now, gate });
    const inner = createSalesforceTeamSource({
      client,
      now: deps.now,
      gate,
      source: async () => {
        const config = await readSalesforceConfig(db());
        share = config.share;
        return config.source;
      },
    });
    const team: TeamSource = {
      pullResponses: (cursor) => inner.pullResponses(cursor),
      async listPeople() {
        const people = await inner.listPeople();
        members = Math.max(1, people.length);
        await db().kv.put({ key: MEMBERS_KEY, value: members });
        return people;
      },
    };
    const made = { budget, client, gate, adapter, team };
    orgs.set(origin, made);
    return made;
  }

  const originOf = (target: SyncTarget) =>
    target.kind === 'salesforce' && target.instanceUrl ? target.instanceUrl.replace(/\/+$/, '') : null;

  return {
    adapterFor(target: SyncTarget, budget: RateBudget): SyncAdapter | null {
      const origin = originOf(target);
      return origin ? parts(origin, budget).adapter : null;
    },
    teamSourceFor(target: SyncTarget, budget: RateBudget): TeamSource | null {
      const origin = originOf(target);
      return origin ? parts(origin, budget).team : null;
    },
    /** a person asked to sync now: the next polls go at once */
    forcePoll() {
      for (const p of orgs.values()) p.gate.force();
    },
    plan(origin: string) {
      return orgs.get(origin)?.gate.plan() ?? null;
    },
    async lastUsage(): Promise<ApiUsage | null> {
      const value = (await deps.db().kv.get(USAGE_KEY))?.value as ApiUsage | undefined;
      return value && typeof value.used === 'number' ? value : null;
    },
  };
}
export type SalesforceRuntime = ReturnType<typeof createSalesforceRuntime>;
