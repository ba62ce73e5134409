import { createSalesforceClient, type SalesforceAuth } from '@/lib/crm/salesforce/api/client';
import { createRateBudget, SALESFORCE_BUDGET, type BudgetConfig } from '@/lib/sync/rate-budget';
import { createSalesforceAdapter } from '@/lib/sync/salesforce/adapter';
import type { SalesforceDirectory } from '@/lib/sync/salesforce/directory';
import type { PollGate } from '@/lib/sync/salesforce/poll-gate';
import { createFakeOrg, seedOrg } from '../fake-salesforce/org';
import { T0 } from './helpers';

export const HOST = 'acme.my.salesforce.com';

/** The browser's cookie jar for the org: what `browser.cookies.get({name: 'sid'})` would read. */
export function cookieJar(initial: string | null) {
  let sid = initial;
  return {
    set: (value: string | null) => (sid = value),
    auth: {
      token: async () => sid,
      renew: async () => sid,
    } satisfies SalesforceAuth,
  };
}

/** A fake org on a hand-turned clock, seeded, with one signed-in rep. */
export function orgAt(now: () => number = () => T0, opts: { dailyLimit?: number } = {}) {
  const org = createFakeOrg({ host: HOST, now, ...opts });
  const seed = seedOrg(org);
  return { org, seed };
}

export function mapDirectory(
  loops: Record<string, { contactId?: string; accountId?: string; ownerEmail?: string }>,
  users: Record<string, string>,
  me = '',
): SalesforceDirectory {
  return { loop: async (id) => loops[id], userId: async (email) => users[email], me: async () => me };
}

export function clientFor(
  org: ReturnType<typeof createFakeOrg>,
  auth: SalesforceAuth,
  now: () => number,
  opts: { budget?: BudgetConfig; timeoutMs?: number; onUsage?: (u: { used: number; max: number }) => void } = {},
) {
  return createSalesforceClient({
    origin: org.origin,
    fetch: org.fetch,
    now,
    auth,
    budget: createRateBudget(opts.budget ?? { capacity: 10_000, refillPerSecond: 10_000 }, now),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.onUsage ? { onUsage: opts.onUsage } : {}),
  });
}

export function adapterFor(
  org: ReturnType<typeof createFakeOrg>,
  auth: SalesforceAuth,
  directory: SalesforceDirectory,
  now: () => number,
  gate?: PollGate,
) {
  return createSalesforceAdapter({ client: clientFor(org, auth, now), directory, now, ...(gate ? { gate } : {}) });
}

export { SALESFORCE_BUDGET };
