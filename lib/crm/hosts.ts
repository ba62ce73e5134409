/**
 * Match patterns of the CRM record pages the content script runs on. HubSpot opens records
 * from lists without a page load, so the whole `/contacts/*` space is matched and each URL
 * is judged by the page predicates; Salesforce Lightning keeps one document for the app.
 */
export const CRM_PAGE_MATCHES = ['https://*.hubspot.com/contacts/*', 'https://*.lightning.force.com/*', 'https://*.lightning.force.mil/*'];

/** Chromium accepts only whole-origin patterns (path `/*`) for web-accessible resources. */
export const CRM_ORIGIN_MATCHES = ['https://*.hubspot.com/*', 'https://*.lightning.force.com/*', 'https://*.lightning.force.mil/*'];
