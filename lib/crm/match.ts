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

/**
 * Does a response belong to the record on screen? By CRM id when the response carries one that
 * names a record of this kind: then the id decides, and a response naming another record never
 * matches by e-mail. Otherwise by the e-mail the record shows, case-insensitively, and only on
 * records of a person (contact, lead).
 */
export function matchesRecord(response: ResponseIdentity, record: RecordRef, recordEmail: string | null): boolean {
  const id = comparableId(response, record);
  if (id !== null) return id === record.id;
  if (!PERSON_KINDS.has(record.kind) || !recordEmail || !response.email) return false;
  return response.email.trim().toLowerCase() === recordEmail.trim().toLowerCase();
}
