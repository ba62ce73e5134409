import { normalizeEmail } from '@/lib/crm/email';

/** What exports write into an empty optional cell: no value, rather than a malformed one. */
const NO_VALUE = /^(?:-+|—|–|n\/?a|none|null|unknown)$/i;

/** A trimmed cell, with the placeholders exports write for "none" read as empty. */
export const optionalCell = (raw: string): string => {
  const value = raw.trim();
  return NO_VALUE.test(value) ? '' : value;
};

/** `Maria Keller <maria@x.example>` and `mailto:maria@x.example` → the address, lower-cased. */
export function emailCell(raw: string): string {
  const inner = /<([^<>]+)>\s*$/.exec(raw)?.[1] ?? raw;
  return normalizeEmail(inner.replace(/^mailto:/i, ''));
}
