import type { AccountHint, RecordKind, RecordRef } from '../types';
import { normalizeSalesforceId, salesforceKeyPrefix } from './id';
import { emailInElement } from '../email';
import { bottomOfTopBars } from '../layout';

const SOBJECT_KIND: Readonly<Record<string, RecordKind>> = {
  Contact: 'contact',
  Lead: 'lead',
  Account: 'account',
  Opportunity: 'opportunity',
};
/** Standard objects' key prefixes are the same in every org (custom objects' are not). */
const PREFIX_KIND: Readonly<Record<string, RecordKind>> = { '003': 'contact', '00Q': 'lead', '001': 'account', '006': 'opportunity' };

/**
 * Lightning hosts: `{MyDomain}.lightning.force.com`, sandboxes (`{org}--{sandbox}.sandbox.…`,
 * and `{org}--{sandbox}.…` from before enhanced domains), the other partitioned orgs
 * (Developer Edition `.develop`, scratch, Trailhead playgrounds `.trailblaze`, demo, patch, free),
 * and the `.mil` government cloud.
 */
export function isLightningHost(hostname: string): boolean {
  return /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.(?:sandbox|develop|scratch|trailblaze|demo|patch|free))?\.lightning\.force\.(?:com|mil)$/i.test(
    hostname,
  );
}

const ID = '([a-zA-Z0-9]{18}|[a-zA-Z0-9]{15})';
const RECORD_PATH = new RegExp(`^/lightning/r/(?:([A-Za-z][A-Za-z0-9_]*)/)?${ID}/view/?$`);
const CLASSIC_HASH = new RegExp(`^#/sObject/${ID}(?:/view)?/?(?:\\?.*)?$`);

function recordFromParts(url: URL, sobject: string | undefined, rawId: string): RecordRef | null {
  const id = normalizeSalesforceId(rawId);
  if (!id) return null;
  const byPrefix = PREFIX_KIND[salesforceKeyPrefix(id)];
  const kind = sobject === undefined ? byPrefix : SOBJECT_KIND[sobject];
  if (!kind) return null;
  // A standard object's id under another object's name is a broken link, not that record.
  if (byPrefix && byPrefix !== kind) return null;
  return { crm: 'salesforce', kind, id, host: url.hostname.toLowerCase(), url: url.href };
}

/**
 * A Lightning record page → the record, its id always in the 18-character form (15 and 18 name
 * the same record). `/lightning/r/{SObject}/{Id}/view`; `/lightning/r/{Id}/view` (formula links
 * use it; Lightning redirects it to the full form, and the key prefix names the object meanwhile);
 * and the pre-2018 `/one/one.app#/sObject/{Id}` form. Reports, list views, related lists, edit
 * pages and objects other than Contact, Lead, Account and Opportunity answer null.
 */
export function salesforceRecordFromUrl(url: URL): RecordRef | null {
  if (url.protocol !== 'https:' || !isLightningHost(url.hostname)) return null;
  const lightning = RECORD_PATH.exec(url.pathname);
  if (lightning) return recordFromParts(url, lightning[1], lightning[2]!);
  if (url.pathname === '/one/one.app') {
    const hash = CLASSIC_HASH.exec(url.hash);
    if (hash) return recordFromParts(url, undefined, hash[1]!);
  }
  return null;
}

const VIEW = '.windowViewMode-normal, .windowViewMode-maximized';
const ACTIVE_VIEW = '.windowViewMode-normal.active, .windowViewMode-maximized.active';

/**
 * The view on screen. Lightning keeps earlier record views in the DOM and moves the `active`
 * class; console apps nest a record's view inside the workspace's, so the innermost active
 * view is the record.
 */
export function activeSalesforceView(doc: Document): Element | null {
  for (const view of doc.querySelectorAll(ACTIVE_VIEW)) {
    if (!view.querySelector(ACTIVE_VIEW)) return view;
  }
  return null;
}

/**
 * The element showing the e-mail of the record on screen: the first `mailto:` link of the active
 * view, never one of a stale view nested inside it. Its identity tells the watcher a re-rendered
 * record from the previous one still shown.
 */
export function salesforceEmailSource(doc: Document): Element | null {
  const view = activeSalesforceView(doc);
  if (!view) return null;
  for (const link of view.querySelectorAll('a[href^="mailto:" i]')) {
    if (link.closest(VIEW) === view && emailInElement(link)) return link;
  }
  return null;
}

/** The e-mail the record on screen shows, lower-cased; null until it has rendered or when it has none. */
export function readSalesforceRecordEmail(doc: Document): string | null {
  return emailInElement(salesforceEmailSource(doc));
}

/** Until the header has rendered: about the global header plus the app navigation bar, erring low. */
const SALESFORCE_HEADER_FALLBACK = 90;

/** px from the viewport top below which the sidebar covers neither the global header nor the app navigation. */
export function salesforceNavBottom(doc: Document): number {
  return bottomOfTopBars(doc, '#oneHeader, .oneGlobalNav, one-appnav', SALESFORCE_HEADER_FALLBACK);
}

const PREFIX_SOBJECT: Readonly<Record<string, string>> = { '003': 'Contact', '00Q': 'Lead', '001': 'Account', '006': 'Opportunity' };

/** The Lightning record page for an id on an org's host; an unknown prefix gets the short form Lightning resolves itself. */
export function salesforceRecordUrl(host: string, id18: string): string {
  const sobject = PREFIX_SOBJECT[salesforceKeyPrefix(id18)];
  return `https://${host}/lightning/r/${sobject ? `${sobject}/` : ''}${encodeURIComponent(id18)}/view`;
}

const ACCOUNT_LINK = /\/lightning\/r\/(?:Account\/)?(001[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?)\/view/;

/**
 * The account a Salesforce Account or Opportunity page shows: an account's own id and name (the
 * active view's header); an opportunity's account, by the id in the link to it (Account Name) and its text.
 * Read from the active view only: Lightning keeps earlier records' views in the DOM.
 */
export function readSalesforceAccount(doc: Document, record: RecordRef): AccountHint | null {
  const view = activeSalesforceView(doc);
  if (record.kind === 'account') return { ids: [record.id], name: view?.querySelector('h1')?.textContent?.trim() || null, domain: null };
  if (record.kind !== 'opportunity') return null;
  const ids = new Set<string>();
  let name: string | null = null;
  for (const link of view?.querySelectorAll('a[href*="/lightning/r/"]') ?? []) {
    const id = ACCOUNT_LINK.exec(link.getAttribute('href') ?? '')?.[1];
    const id18 = id ? normalizeSalesforceId(id) : null;
    if (!id18) continue;
    ids.add(id18);
    name ??= link.textContent?.trim() || null;
  }
  return { ids: [...ids], name, domain: null };
}
