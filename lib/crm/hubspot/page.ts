import type { AccountHint, RecordKind, RecordRef } from '../types';
import { emailInElement } from '../email';
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
 * The element showing the record's e-mail, in the highlight strip (`data-test-id` hooks:
 * HubSpot's class names are build hashes): the e-mail property, else a `mailto:` link in the
 * strip. Its identity tells the watcher a re-rendered record from the previous one still shown.
 */
export function hubspotEmailSource(doc: Document): Element | null {
  const strip = doc.querySelector('[data-test-id="record-highlight-content"]');
  const field = (strip ?? doc).querySelector('[data-test-id="highlight-property-display-email"]');
  if (field && emailInElement(field)) return field;
  return strip?.querySelector('a[href^="mailto:" i]') ?? field;
}

/** The e-mail the record shows, lower-cased; null until it has rendered or when it has none. */
export function readHubspotRecordEmail(doc: Document): string | null {
  return emailInElement(hubspotEmailSource(doc));
}

/** Until the navigation has rendered: a little below HubSpot's top bar, since sitting too low costs nothing and too high hides it. */
const HUBSPOT_NAV_FALLBACK = 64;

/** px from the viewport top below which the sidebar covers none of HubSpot's top navigation. */
export function hubspotNavBottom(doc: Document): number {
  return bottomOfTopBars(doc, '#hs-nav-v4, [data-test-id="navigation"], header[role="banner"]', HUBSPOT_NAV_FALLBACK);
}

/** The contact record page for a HubSpot contact id, in a portal and on a host seen before. */
export function hubspotContactUrl(host: string, portalId: string, contactId: string): string {
  return `https://${host}/contacts/${encodeURIComponent(portalId)}/record/0-1/${encodeURIComponent(contactId)}`;
}

const COMPANY_LINK = /\/contacts\/\d+\/(?:record\/0-2|company)\/(\d+)(?:[/?#]|$)/;
const NAVIGATION = '#hs-nav-v4, nav, header, [role="navigation"]';

const stripText = (strip: Element | null, property: string): string | null =>
  strip?.querySelector(`[data-test-id="highlight-property-display-${property}"]`)?.textContent?.trim() || null;

/**
 * The account a HubSpot company or deal page shows: a company's own id, name and domain (highlight
 * strip); a deal's associated companies, by the ids in the links to their records (outside the
 * navigation) and the first one's name. Null on other records.
 */
export function readHubspotAccount(doc: Document, record: RecordRef): AccountHint | null {
  const strip = doc.querySelector('[data-test-id="record-highlight-content"]');
  if (record.kind === 'company') return { ids: [record.id], name: stripText(strip, 'name'), domain: stripText(strip, 'domain') };
  if (record.kind !== 'deal') return null;
  const ids = new Set<string>();
  let name: string | null = null;
  for (const link of doc.querySelectorAll('a[href*="/0-2/"], a[href*="/company/"]')) {
    const id = COMPANY_LINK.exec(link.getAttribute('href') ?? '')?.[1];
    if (!id || link.closest(NAVIGATION)) continue;
    ids.add(id);
    // The first associated company's link text is its name (the primary company comes first).
    name ??= link.textContent?.trim() || null;
  }
  return { ids: [...ids], name, domain: null };
}
