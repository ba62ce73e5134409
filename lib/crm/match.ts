import type { RecordKind, RecordRef } from './types';
import { normalizeSalesforceId, salesforceKeyPrefix } from './salesforce/id';

export interface ResponseIdentity {
  email?: string;
  hubspotId?: string;
  salesforceId?: string;
}

/** An e-mail address names a person: companies, deals, accounts and opportunities show other people's. */
const PERSON_KINDS: ReadonlySet<RecordKind> = new Set<RecordKind>(['contact', 'lead']);

/**
 * Whether the response's CRM id can be compared with the record's at all: HubSpot ids are unique
 * only per object type and a response carries a contact id; a Salesforce id names its object
 * type by its key prefix (a lead's id says nothing about the contact it was converted into).
 */
function comparableId(response: ResponseIdentity, record: RecordRef): string | null {
  if (record.crm === 'hubspot') return record.kind === 'contact' && response.hubspotId ? response.hubspotId.trim() : null;
  const id = response.salesforceId ? normalizeSalesforceId(response.salesforceId) : null;
  return id && salesforceKeyPrefix(id) === salesforceKeyPrefix(record.id) ? id : null;
}

function sameEmail(a: string | undefined | null, b: string | undefined | null): boolean {
  return !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * Does a response belong to the record on screen? By CRM id when the response carries one that
 * names a record of this kind: then the id decides, and a response naming another record never
 * matches by e-mail. Otherwise by the e-mail the record shows, case-insensitively, and only on
 * records of a person (contact, lead).
 */
export function matchesRecord(response: ResponseIdentity, record: RecordRef, recordEmail: string | null): boolean {
  const id = comparableId(response, record);
  if (id !== null) return id === record.id;
  if (!PERSON_KINDS.has(record.kind)) return false;
  return sameEmail(response.email, recordEmail);
}

/**
 * Do two responses come from the same contact? The rule of `matchesRecord`, between two
 * responses: by CRM id when both carry one that names the same kind of record (a HubSpot contact
 * id; Salesforce ids of one object type, in either their 15- or 18-character form), and then the
 * ids decide (a shared mailbox of two contacts is two contacts); otherwise by e-mail,
 * case-insensitively. One rule for the SLA scan, the queue and the sidebar, so all of them see
 * the same history of a contact (repeat-low-score escalation, the advocacy cap).
 */
export function sameContact(a: ResponseIdentity, b: ResponseIdentity): boolean {
  const ids: boolean[] = [];
  const hubspotA = a.hubspotId?.trim();
  const hubspotB = b.hubspotId?.trim();
  if (hubspotA && hubspotB) ids.push(hubspotA === hubspotB);
  const salesforceA = a.salesforceId ? normalizeSalesforceId(a.salesforceId) : null;
  const salesforceB = b.salesforceId ? normalizeSalesforceId(b.salesforceId) : null;
  if (salesforceA && salesforceB && salesforceKeyPrefix(salesforceA) === salesforceKeyPrefix(salesforceB))
    ids.push(salesforceA === salesforceB);
  if (ids.length > 0) return ids.includes(true);
  return sameEmail(a.email, b.email);
}
