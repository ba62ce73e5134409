/**
 * After a SPA navigation the CRM still shows the previous record for a few hundred ms. An e-mail
 * read from the page is accepted only when it differs from the one shown before the navigation,
 * when the element showing it was rendered anew, or once the page has had time to render the
 * new record (two records can share an address).
 */
export const SETTLE_MS = 1500;
export const GIVE_UP_MS = 10_000;

export function acceptEmail(read: string | null, staleEmail: string | null, msSinceNavigation: number, rerendered = false): string | null {
  if (read === null) return null;
  if (read !== staleEmail || rerendered || msSinceNavigation >= SETTLE_MS) return read;
  return null;
}
