/** `E-Mail Address `, `hubspot_id`, `HubSpot  ID` all compare equal to their alias. */
export const normaliseHeader = (header: string) =>
  header
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, ' ');

export interface HeaderMap<F extends string> {
  /** field → index of the column that fills it */
  fields: Partial<Record<F, number>>;
  /** field → the header as the file writes it (to show the user what was read from where) */
  headers: Partial<Record<F, string>>;
  /** index → name under which the column's values are kept as extra data */
  extra: Map<number, string>;
}

/**
 * Header row → which column holds which field, for any table of aliases. The first column
 * matching an alias wins; any other column is kept as extra data under its header, never
 * rejected (made unique when the file repeats a header).
 */
export function mapHeaders<F extends string>(headers: readonly string[], aliases: Readonly<Record<F, readonly string[]>>): HeaderMap<F> {
  const fieldOf = new Map<string, F>();
  for (const field of Object.keys(aliases) as F[]) for (const alias of aliases[field]) fieldOf.set(normaliseHeader(alias), field);
  const map: HeaderMap<F> = { fields: {}, headers: {}, extra: new Map() };
  const extraNames = new Set<string>();
  headers.forEach((raw, index) => {
    const written = raw.replace(/^\uFEFF/, '').trim();
    const field = fieldOf.get(normaliseHeader(raw));
    if (field !== undefined && map.fields[field] === undefined) {
      map.fields[field] = index;
      map.headers[field] = written;
      return;
    }
    let name = written || `column ${index + 1}`;
    for (let n = 2; extraNames.has(name); n++) name = `${written || `column ${index + 1}`} (${n})`;
    extraNames.add(name);
    map.extra.set(index, name);
  });
  return map;
}
