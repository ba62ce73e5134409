import type { RecordKind, RecordRef } from '../types';
import { normalizeSalesforceId, salesforceKeyPrefix } from './id';
import { emailFromMailto, emailFromText } from '../email';

const SOBJECT_KIND: Record<string, RecordKind> = {
  Contact: 'contact',
  Lead: 'lead',
  Account: 'account',
  Opportunity: 'opportunity',
};
const PREFIX_KIND: Record<string, RecordKind> = { '003': 'contact', '00Q': 'lead', '001': 'account', '006': 'opportunity' };

/** `{MyDomain}.lightning.force.com`, sandboxes `{org}--{sandbox}.sandbox.lightning.force.com`, government `.mil`. */
export function isLightningHost(hostname: string): boolean {
  return /^[a-z0-9-]+(\.sandbox)?\.lightning\.force\.(com|mil)$/i.test(hostname);
}

function recordFromParts(url: URL, sobject: string | null, rawId: string): RecordRef | null {
  const id = normalizeSalesforceId(rawId);
  if (!id) return null;
  const byPrefix = PREFIX_KIND[salesforceKeyPrefix(id)];
  const kind = sobject === null ? byPrefix : SOBJECT_KIND[sobject];
  if (!kind) return null;
  // An id whose key prefix is a known standard object must agree with the SObject in the path.
  if (byPrefix && byPrefix !== kind) return null;
  return { crm: 'salesforce', kind, id, host: url.hostname.toLowerCase(), url: url.href };
}

/**
 * A Salesforce Lightning record page → the record. Matches `/lightning/r/{SObject}/{Id}/view`
 * and the classic console hash `/one/one.app#/sObject/{Id}`; reports, lists, related lists and
 * other objects are not record pages for Loopside.
 */
export function salesforceRecordFromUrl(url: URL): RecordRef | null {
  if (url.protocol !== 'https:' || !isLightningHost(url.hostname)) return null;
  const lightning = /^\/lightning\/r\/([A-Za-z0-9_]+)\/([a-zA-Z0-9]{15}|[a-zA-Z0-9]{18})\/view\/?$/.exec(url.pathname);
  if (lightning) return recordFromParts(url, lightning[1]!, lightning[2]!);
  if (url.pathname === '/one/one.app') {
    const hash = /^#\/sObject\/([a-zA-Z0-9]{15}|[a-zA-Z0-9]{18})(\/view)?\/?(\?.*)?$/.exec(url.hash);
    if (hash) return recordFromParts(url, null, hash[1]!);
  }
  return null;
}

/** Lightning keeps earlier record views in the DOM: only the active one is the record on screen. */
export function activeSalesforceView(doc: Document): Element | null {
  return doc.querySelector('.windowViewMode-normal.active, .windowViewMode-maximized.active');
}



export function salesforceEmailSource(doc: Document): Element | null {
  return activeSalesforceView(doc)?.querySelector('a[href^="mailto:" i]') ?? null;
}

export function readSalesforceRecordEmail(doc: Document): string | null {
  const link = salesforceEmailSource(doc);
  return emailFromMailto(link?.getAttribute('href')) ?? emailFromText(link?.textContent ?? '');
}

const SALESFORCE_HEADER_FALLBACK = 90;

/** Below Salesforce's global header and app navigation bar, which the sidebar must never cover. */
export function salesforceNavBottom(doc: Document): number {
  const header = doc.querySelector('#oneHeader, .oneGlobalNav, one-appnav');
  const bottom = header?.getBoundingClientRect().bottom ?? 0;
  return bottom > 0 ? Math.round(bottom) : SALESFORCE_HEADER_FALLBACK;
}
