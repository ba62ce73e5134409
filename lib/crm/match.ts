import type { RecordRef } from './types';

export interface ResponseIdentity {
  email?: string;
  hubspotId?: string;
  salesforceId?: string;
}

/**
 * Does a response belong to the record on screen? By CRM id when the response carries one for
 * this CRM (HubSpot ids are per object type, and responses carry contact ids); otherwise by the
 * e-mail the record shows. A response whose id names another record never matches by e-mail.
 */
export function matchesRecord(response: ResponseIdentity, record: RecordRef, recordEmail: string | null): boolean {
  const idForThisCrm = record.crm === 'hubspot' ? response.hubspotId : response.salesforceId;
  if (idForThisCrm) {
    const comparable = record.crm === 'salesforce' || record.kind === 'contact';
    if (comparable && idForThisCrm === record.id) return true;
    if (comparable) return false;
  }
  return recordEmail !== null && response.email !== undefined && response.email.toLowerCase() === recordEmail.toLowerCase();
}
