import type { RecordKind, RecordRef } from '../types';
import { emailFromMailto, emailFromText } from '../email';

const OBJECT_TYPE_KIND: Record<string, RecordKind> = { '0-1': 'contact', '0-2': 'company', '0-3': 'deal' };
const LEGACY_KIND: Record<string, RecordKind> = { contact: 'contact', company: 'company', deal: 'deal' };

/** `app.hubspot.com` and the regional app hosts (`app-eu1`, `app-na2`, …); not the marketing site. */
export function isHubspotAppHost(hostname: string): boolean {
  return /^app(-[a-z]{2}\d+)?\.hubspot\.com$/i.test(hostname);
}

/**
 * A HubSpot record page → the record. `/contacts/{portal}/record/{0-1|0-2|0-3}/{id}` (with any
 * trailing tab segment such as `/view/1`) and the legacy `/contacts/{portal}/{contact|company|deal}/{id}`.
 * Tickets, custom objects, feedback submissions and list views are not Loopside records.
 */
export function hubspotRecordFromUrl(url: URL): RecordRef | null {
  if (url.protocol !== 'https:' || !isHubspotAppHost(url.hostname)) return null;
  const host = url.hostname.toLowerCase();
  const modern = /^\/contacts\/(\d+)\/record\/(\d-\d+)\/(\d+)(\/.*)?$/.exec(url.pathname);
  if (modern) {
    const kind = OBJECT_TYPE_KIND[modern[2]!];
    return kind ? { crm: 'hubspot', kind, id: modern[3]!, portalId: modern[1]!, host, url: url.href } : null;
  }
  const legacy = /^\/contacts\/(\d+)\/(contact|company|deal)\/(\d+)\/?$/.exec(url.pathname);
  if (legacy) return { crm: 'hubspot', kind: LEGACY_KIND[legacy[2]!]!, id: legacy[3]!, portalId: legacy[1]!, host, url: url.href };
  return null;
}

/** The e-mail in the record's highlight strip (`data-test-id` hooks; class names are build hashes). */
export function readHubspotRecordEmail(doc: Document): string | null {
  const strip = doc.querySelector('[data-test-id="record-highlight-content"]');
  const field = (strip ?? doc).querySelector('[data-test-id="highlight-property-display-email"]');
  const fromField = emailFromText(field?.textContent ?? '');
  if (fromField) return fromField;
  return emailFromMailto(strip?.querySelector('a[href^="mailto:" i]')?.getAttribute('href'));
}

const HUBSPOT_NAV_FALLBACK = 64;

/** Below HubSpot's top navigation bar, which the sidebar must never cover. */
export function hubspotNavBottom(doc: Document): number {
  const nav = doc.querySelector('#hs-nav-v4, [data-test-id="navigation"], header[role="banner"]');
  const bottom = nav?.getBoundingClientRect().bottom ?? 0;
  return bottom > 0 ? Math.round(bottom) : HUBSPOT_NAV_FALLBACK;
}
