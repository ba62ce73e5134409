const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_15 = /^[a-zA-Z0-9]{15}$/;
const ID_18 = /^[a-zA-Z0-9]{18}$/;

/**
 * The case-safe 18-character form of a 15-character Salesforce id: for each 5-character chunk,
 * bit j is set when character j is an upper-case letter, and the 5-bit value picks a suffix letter.
 */
export function toSalesforceId18(id15: string): string {
  if (!ID_15.test(id15)) throw new Error(`"${id15}" is not a 15-character Salesforce id`);
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let j = 0; j < 5; j++) {
      const ch = id15.charCodeAt(chunk * 5 + j);
      if (ch >= 65 && ch <= 90) bits |= 1 << j;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return id15 + suffix;
}

/**
 * Any Salesforce id → its 18-character form, or null when it is not one: 15 and 18 characters
 * name the same record, and an 18 whose suffix does not match its first 15 was mistyped.
 */
export function normalizeSalesforceId(id: string): string | null {
  const trimmed = id.trim();
  if (ID_15.test(trimmed)) return toSalesforceId18(trimmed);
  if (ID_18.test(trimmed)) {
    const expected = toSalesforceId18(trimmed.slice(0, 15));
    // The suffix is case-insensitive by design (that is its purpose): compare upper-cased.
    return expected.slice(15) === trimmed.slice(15).toUpperCase() ? expected : null;
  }
  return null;
}

/** The three-character key prefix that names the object type (003 Contact, 00Q Lead, …). */
export const salesforceKeyPrefix = (id: string) => id.slice(0, 3);
