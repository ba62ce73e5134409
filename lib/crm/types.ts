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

/** Record kinds that stand for an account: the sidebar shows the account's loops on them. */
export const ACCOUNT_KINDS: readonly RecordKind[] = ['company', 'deal', 'account', 'opportunity'];

/**
 * What an account's CRM page says about the account: its CRM ids (the record's own, or the
 * companies a deal or opportunity links to, read from link URLs), its name and web domain.
 */
export interface AccountHint {
  ids: string[];
  name: string | null;
  domain: string | null;
}
