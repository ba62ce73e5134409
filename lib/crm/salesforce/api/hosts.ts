/**
 * From the Lightning page a person is on to the org's API host. Lightning pages live on
 * `{domain}.lightning.force.com`, whose `sid` cookie is not accepted by the REST API; the same org's
 * `{domain}.my.salesforce.com` host holds the API session. Enhanced Domains keep every qualifier
 * between the My Domain name and `lightning` (`--dev.sandbox`, `.develop`, `.scratch`, …), so the
 * rewrite swaps only the suffix:
 *
 * - production   acme.lightning.force.com                → acme.my.salesforce.com
 * - sandbox      acme--uat.sandbox.lightning.force.com   → acme--uat.sandbox.my.salesforce.com
 * - developer    acme-dev-ed.develop.lightning.force.com → acme-dev-ed.develop.my.salesforce.com
 * - government   acme.lightning.force.mil                → acme.my.salesforce.mil
 * - Setup         acme.my.salesforce-setup.com            → acme.my.salesforce.com
 * - already an API host (acme.my.salesforce.com)         → itself
 */
const LIGHTNING = /^([a-z0-9-]+(?:\.[a-z0-9-]+)*)\.lightning\.force\.(com|mil)$/;
/** Setup pages with enhanced domains: `{domain}.my.salesforce-setup.com` (same org, API on `my.salesforce.com`) */
const SETUP = /^([a-z0-9-]+(?:\.[a-z0-9-]+)*)\.my\.salesforce-setup\.(com|mil)$/;
const MY_DOMAIN = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.my\.salesforce\.(com|mil)$/;

/** `https://{org}.my.salesforce.{com|mil}` for a Lightning or My Domain URL; null for anything else. */
export function apiOriginFor(pageUrl: string): string | null {
  const url = URL.parse(pageUrl);
  if (!url || url.protocol !== 'https:') return null;
  const host = url.hostname.toLowerCase();
  if (MY_DOMAIN.test(host)) return `https://${host}`;
  const m = LIGHTNING.exec(host) ?? SETUP.exec(host);
  if (!m) return null;
  return `https://${m[1]}.my.salesforce.${m[2]}`;
}

/** The origin pattern a host permission needs for one org (`https://acme.my.salesforce.com/*`). */
export const originPatternFor = (apiOrigin: string): string => `${apiOrigin.replace(/\/+$/, '')}/*`;
