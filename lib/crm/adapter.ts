import type { AccountHint, CrmKind, RecordRef } from './types';
import {
  hubspotEmailSource,
  hubspotNavBottom,
  hubspotRecordFromUrl,
  isHubspotAppHost,
  readHubspotAccount,
  readHubspotRecordEmail,
} from './hubspot/page';
import {
  isLightningHost,
  readSalesforceAccount,
  readSalesforceRecordEmail,
  salesforceEmailSource,
  salesforceNavBottom,
  salesforceRecordFromUrl,
} from './salesforce/page';

/** What the content script needs from a CRM page: one adapter per CRM behind this interface. */
export interface CrmPageAdapter {
  crm: CrmKind;
  recordFromUrl(url: URL): RecordRef | null;
  /** the element that shows the record's e-mail (its identity tells a re-render from a stale view) */
  emailSource(doc: Document): Element | null;
  /** the e-mail the record on screen shows, to match responses that carry no CRM id */
  readEmail(doc: Document): string | null;
  /** px from the viewport top below which the sidebar covers none of the CRM's navigation */
  navBottom(doc: Document): number;
  /** on company, deal, account and opportunity pages: the account the page shows */
  readAccount(doc: Document, record: RecordRef): AccountHint | null;
}

export const hubspotAdapter: CrmPageAdapter = {
  crm: 'hubspot',
  recordFromUrl: hubspotRecordFromUrl,
  emailSource: hubspotEmailSource,
  readEmail: readHubspotRecordEmail,
  navBottom: hubspotNavBottom,
  readAccount: readHubspotAccount,
};

export const salesforceAdapter: CrmPageAdapter = {
  crm: 'salesforce',
  recordFromUrl: salesforceRecordFromUrl,
  emailSource: salesforceEmailSource,
  readEmail: readSalesforceRecordEmail,
  navBottom: salesforceNavBottom,
  readAccount: readSalesforceAccount,
};

export function adapterForHost(hostname: string): CrmPageAdapter | null {
  if (isHubspotAppHost(hostname)) return hubspotAdapter;
  if (isLightningHost(hostname)) return salesforceAdapter;
  return null;
}

export function recordFromUrl(url: URL): RecordRef | null {
  return adapterForHost(url.hostname)?.recordFromUrl(url) ?? null;
}
