import type { RecordRef } from '@/lib/crm/types';
import type { LoopRow } from '@/lib/db/schema';
import { normalizeEmail } from '@/lib/crm/email';

/** The keys under which a loop's CRM record URL may have been remembered, most specific first. */
export function recordLinkKeys(loop: Pick<LoopRow, 'hubspotId' | 'salesforceId' | 'email'>): string[] {
  const keys: string[] = [];
  if (loop.hubspotId) keys.push(`hubspot:${loop.hubspotId}`);
  if (loop.salesforceId) keys.push(`salesforce:${loop.salesforceId}`);
  if (loop.email) keys.push(`email:${loop.email}`);
  return keys;
}

/**
 * The keys a record page is remembered under, from the page itself (not from a matched loop), so
 * every record a person visits teaches Loopside their HubSpot portal or Salesforce org: a later
 * "Open record" can then build the URL of a record this browser never showed. HubSpot ids are
 * unique per object type only, so non-contact records carry their kind in the key.
 */
export function pageLinkKeys(page: { record: RecordRef | null; email: string | null }): string[] {
  const { record, email } = page;
  if (!record) return [];
  const keys = [
    record.crm === 'salesforce' || record.kind === 'contact' ? `${record.crm}:${record.id}` : `${record.crm}:${record.kind}:${record.id}`,
  ];
  if (email && (record.kind === 'contact' || record.kind === 'lead')) keys.push(`email:${normalizeEmail(email)}`);
  return keys;
}
