const EMAIL_IN_TEXT = /[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+\.[a-z]{2,}/i;

/** The first e-mail address in a piece of page text, lower-cased; null when there is none. */
export function emailFromText(text: string): string | null {
  return EMAIL_IN_TEXT.exec(text)?.[0]?.toLowerCase() ?? null;
}

/** The address of a `mailto:` link; a malformed escape in the link yields null, never an exception. */
export function emailFromMailto(href: string | null | undefined): string | null {
  if (!href || !/^mailto:/i.test(href)) return null;
  const address = href.replace(/^mailto:/i, '').split('?')[0] ?? '';
  try {
    return emailFromText(decodeURIComponent(address));
  } catch {
    return null;
  }
}
