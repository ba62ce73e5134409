import type { LoopRow } from '@/lib/db/schema';

/** The keys under which a loop's CRM record URL may have been remembered, most specific first. */
export function recordLinkKeys(loop: Pick<LoopRow, 'hubspotId' | 'salesforceId' | 'email'>): string[] {
  const keys: string[] = [];
  if (loop.hubspotId) keys.push(`hubspot:${loop.hubspotId}`);
  if (loop.salesforceId) keys.push(`salesforce:${loop.salesforceId}`);
  if (loop.email) keys.push(`email:${loop.email}`);
  return keys;
}
