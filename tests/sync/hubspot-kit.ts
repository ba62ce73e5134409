import { createHubSpotClient, type RequestRecord } from '@/lib/crm/hubspot/api/client';
import { REQUIRED_SCOPES } from '@/lib/crm/hubspot/api/constants';
import { hubspotObjects } from '@/lib/crm/hubspot/api/objects';
import { createHubSpotAdapter, type IdempotencyMode } from '@/lib/sync/hubspot/adapter';
import { memoryMemo, type HubSpotMemo } from '@/lib/sync/hubspot/memo';
import { ensureLoopsideProperties } from '@/lib/sync/hubspot/setup';
import { createHubSpotTeamSource } from '@/lib/sync/hubspot/team-source';
import { createRateBudget, type BudgetConfig } from '@/lib/sync/rate-budget';
import { FakeHubSpotPortal, type PortalOptions } from '../fake-hubspot/portal';

export const TOKEN = 'pat-eu1-test-token';
export const ALL_SCOPES = REQUIRED_SCOPES.map((s) => s.scope);

/** A portal with two owners and one contact at a company, as a small team's portal looks. */
export function seededPortal(opts: PortalOptions = {}) {
  const portal = new FakeHubSpotPortal(opts);
  portal.addToken(TOKEN, ALL_SCOPES);
  const repOwner = portal.addOwner('rep@acme.example', 'Rita', 'Rep');
  const managerOwner = portal.addOwner('manager@acme.example', 'Max', 'Manager');
  const company = portal.seed('companies', { name: 'Globex', annualrevenue: '2500000', domain: 'globex.example' });
  const contact = portal.seed('contacts', {
    email: 'pat@globex.example',
    firstname: 'Pat',
    lastname: 'Lee',
    hubspot_owner_id: repOwner,
    associatedcompanyid: company.id,
  });
  portal.associate('contacts', contact.id, 'companies', company.id);
  return { portal, repOwner, managerOwner, company, contact };
}

export interface MemberOptions {
  /** whether a backlog may take another page now */
  readOn?: () => boolean;
  /** whose activities this member's pulls read (owner ids; null: everyone's) */
  pullScope?: () => string[] | null;
  memo?: HubSpotMemo;
  mode?: IdempotencyMode;
  budget?: BudgetConfig;
  searchLagMs?: number;
  contactId?: string;
  owners?: Record<string, string>;
  onRequest?: (r: RequestRecord) => void;
}

/** One member's background: a client with its own budgets, and the adapter and team source on it. */
export function member(portal: FakeHubSpotPortal, opts: MemberOptions = {}) {
  const budget = createRateBudget(opts.budget ?? { capacity: 1_000, refillPerSecond: 1_000 }, portal.now);
  const searchBudget = createRateBudget({ capacity: 1_000, refillPerSecond: 1_000 }, portal.now);
  const client = createHubSpotClient({
    fetch: portal.fetch,
    token: async () => TOKEN,
    now: portal.now,
    budget,
    searchBudget,
    ...(opts.onRequest ? { onRequest: opts.onRequest } : {}),
  });
  const objects = hubspotObjects(client);
  const memo = opts.memo ?? memoryMemo();
  let mode: IdempotencyMode | undefined = opts.mode;
  const adapter = createHubSpotAdapter({
    objects,
    now: portal.now,
    memo,
    mode: async () => (mode ??= await ensureLoopsideProperties(objects)),
    contactOf: async () => opts.contactId,
    ownerIdOf: async (email) => opts.owners?.[email],
    ...(opts.searchLagMs === undefined ? {} : { searchLagMs: opts.searchLagMs }),
    ...(opts.pullScope ? { pullScope: async () => opts.pullScope!() } : {}),
    ...(opts.readOn ? { readOn: opts.readOn } : {}),
  });
  return { adapter, objects, memo, budget, searchBudget, team: createHubSpotTeamSource({ objects }) };
}
