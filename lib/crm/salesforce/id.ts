const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_15 = /^[a-zA-Z0-9]{15}$/;
const ID_18 = /^[a-zA-Z0-9]{18}$/;

function suffixOf(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let j = 0; j < 5; j++) {
      const ch = id15.charCodeAt(chunk * 5 + j);
      if (ch >= 65 && ch <= 90) bits |= 1 << j;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

/**
 * Any Salesforce id → its 18-character form, or null when it is not one. The 15-character id is
 * case-sensitive; the 3 extra characters encode which of its letters are upper-case (one bit per
 * character, per 5-character chunk) so the id survives case-insensitive tools such as Excel.
 * An 18 whose suffix does not match its first 15 characters was mistyped or mangled: null.
 */
export function normalizeSalesforceId(id: string): string | null {
  const trimmed = id.trim();
  if (ID_15.test(trimmed)) return trimmed + suffixOf(trimmed);
  if (!ID_18.test(trimmed)) return null;
  const head = trimmed.slice(0, 15);
  const suffix = suffixOf(head);
  // The suffix itself is case-insensitive (that is its point): compare upper-cased.
  return suffix === trimmed.slice(15).toUpperCase() ? head + suffix : null;
}

/** The 18-character form of a 15- (or 18-) character Salesforce id; throws on anything else. */
export function toSalesforceId18(id: string): string {
  const id18 = normalizeSalesforceId(id);
  if (id18 === null) throw new Error(`"${id}" is not a 15- or 18-character Salesforce id`);
  return id18;
}

/** The three-character key prefix that names the object type (003 Contact, 00Q Lead, …). */
export const salesforceKeyPrefix = (id: string): string => id.slice(0, 3);
