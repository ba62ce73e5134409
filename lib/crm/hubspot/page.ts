import type { RecordKind, RecordRef } from '../types';
import { emailFromMailto, emailFromText } from '../email';
import { bottomOfTopBars } from '../layout';

/** Object type ids of the records Loopside shows feedback on; tickets (0-5), feedback submissions (0-19) and custom objects (2-N) are not. */
const OBJECT_TYPE_KIND: Readonly<Record<string, RecordKind>> = { '0-1': 'contact', '0-2': 'company', '0-3': 'deal' };

// Anything after the id is a tab or panel of the same record (`/view/1`, `/history`).
const RECORD_PATH = /^\/contacts\/(\d+)\/record\/(\d+-\d+)\/(\d+)(?:\/.*)?$/;
const LEGACY_PATH = /^\/contacts\/(\d+)\/(contact|company|deal)\/(\d+)(?:\/.*)?$/;

/**
 * `app.hubspot.com` and the regional app hosts (`app-eu1`, `app-na2`, `app-ap1`, …). Not the
 * marketing site (`www.hubspot.com`), not other HubSpot services, not look-alike domains.
 */
export function isHubspotAppHost(hostname: string): boolean {
  return /^app(?:-[a-z]+\d+)?\.hubspot\.com$/i.test(hostname);
}

/**
 * A HubSpot record page → the record: `/contacts/{portal}/record/{0-1|0-2|0-3}/{id}` and the
 * legacy `/contacts/{portal}/{contact|company|deal}/{id}`, each with any trailing tab segment,
 * query or hash. HubSpot opens records from lists without a page load, so this is asked on
 * every URL change of the `/contacts/*` space; lists, tickets and custom objects answer null.
 */
export function hubspotRecordFromUrl(url: URL): RecordRef | null {
  if (url.protocol !== 'https:' || !isHubspotAppHost(url.hostname)) return null;
  const host = url.hostname.toLowerCase();
  const modern = RECORD_PATH.exec(url.pathname);
  const legacy = modern ? null : LEGACY_PATH.exec(url.pathname);
  const [, portalId, type, id] = modern ?? legacy ?? [];
  if (!portalId || !type || !id) return null;
  const kind = modern ? OBJECT_TYPE_KIND[type] : (type as RecordKind);
  return kind ? { crm: 'hubspot', kind, id, portalId, host, url: url.href } : null;
}

/**
 * The e-mail the record shows, from the highlight strip (`data-test-id` hooks: HubSpot's class
 * names are build hashes). The e-mail property first; else a `mailto:` link in the strip.
 */
export function readHubspotRecordEmail(doc: Document): string | null {
  const strip = doc.querySelector('[data-test-id="record-highlight-content"]');
  const field = (strip ?? doc).querySelector('[data-test-id="highlight-property-display-email"]');
  const fromField = emailFromText(field?.textContent ?? '');
  if (fromField) return fromField;
  return emailFromMailto(strip?.querySelector('a[href^="mailto:" i]')?.getAttribute('href'));
}

/** HubSpot's top navigation is 64 px high on every plan and region. */
const HUBSPOT_NAV_FALLBACK = 64;

/** px from the viewport top below which the sidebar covers none of HubSpot's top navigation. */
export function hubspotNavBottom(doc: Document): number {
  return bottomOfTopBars(doc, '#hs-nav-v4, [data-test-id="navigation"], header[role="banner"]', HUBSPOT_NAV_FALLBACK);
}
