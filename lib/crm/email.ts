/**
 * What counts as an e-mail address, for the page readers and the CSV importer alike: the same
 * practical ASCII form the message schemas (zod `z.email()`) accept, so an address the content
 * script reads is never dropped on the way to the sidebar, and an imported address can match it.
 * Deliberately no zod here: this file ships in the content script.
 */
const EMAIL = /^[\w'+-]+(?:\.[\w'+-]+)*@(?:[a-z0-9][a-z0-9-]*\.)+[a-z]{2,}$/i;

/**
 * The one form an e-mail is stored and compared in, everywhere: trimmed and lower-cased. Survey
 * exports, CRM pages and people typing write the same address in different cases.
 */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export function isEmail(text: string): boolean {
  // Apostrophes may appear in the local part (o'neil@…) but not end it, as z.email() has it.
  return EMAIL.test(text) && !/'@/.test(text);
}

/** The first e-mail address in a piece of page text, lower-cased; null when there is none. */
export function emailFromText(text: string): string | null {
  for (const token of text.split(/[\s<>()[\],;:"]+/)) {
    const candidate = token.replace(/^[.']+|[.']+$/g, '');
    if (candidate.includes('@') && isEmail(candidate)) return normalizeEmail(candidate);
  }
  return null;
}

/** The address of a `mailto:` link; a malformed escape in the link yields null, never an exception. */
export function emailFromMailto(href: string | null | undefined): string | null {
  if (!href || !/^mailto:/i.test(href)) return null;
  // `mailto:a@x.example,b@x.example?subject=…`: the first recipient is the record's own.
  const address = href.slice('mailto:'.length).split('?')[0] ?? '';
  try {
    return emailFromText(decodeURIComponent(address));
  } catch {
    return null;
  }
}

const SHOW_TEXT = 0x4; // NodeFilter.SHOW_TEXT, without relying on the global

/**
 * The e-mail an element shows: its `mailto:` target when it is a link, else the first text node
 * holding an address. Text nodes one by one, not `textContent`: a label, the value and a "Copy"
 * button rendered side by side would run together into an address that is nobody's.
 */
export function emailInElement(element: Element | null): string | null {
  if (!element) return null;
  const fromLink = emailFromMailto(element.getAttribute('href'));
  if (fromLink) return fromLink;
  const walker = element.ownerDocument.createTreeWalker(element, SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const email = node.nodeValue ? emailFromText(node.nodeValue) : null;
    if (email) return email;
  }
  return null;
}
