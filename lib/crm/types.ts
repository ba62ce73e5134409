export type CrmKind = 'hubspot' | 'salesforce';
export type RecordKind = 'contact' | 'company' | 'deal' | 'lead' | 'account' | 'opportunity';

/** A CRM record as identified from its page URL. */
export interface RecordRef {
  crm: CrmKind;
  kind: RecordKind;
  /** HubSpot: the numeric record id; Salesforce: always the 18-character case-safe id */
  id: string;
  host: string;
  /** HubSpot account (portal) id; ids are unique only within a portal and object type */
  portalId?: string;
  url: string;
}
