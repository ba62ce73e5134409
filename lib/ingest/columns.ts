/** The response fields a CSV can fill, and the header names survey tools and CRMs export them under. */
export const COLUMN_ALIASES = {
  email: ['email', 'e-mail', 'email address', 'e-mail address', 'contact email'],
  score: ['score', 'nps', 'nps score', 'rating', 'value', 'likelihood to recommend'],
  comment: ['comment', 'comments', 'verbatim', 'feedback', 'reason', 'open response'],
  date: ['date', 'submitted at', 'submitted', 'response timestamp', 'created at', 'timestamp', 'response date'],
  name: ['name', 'full name', 'contact name'],
  company: ['company', 'company name', 'account', 'account name'],
  owner: ['owner', 'owner email', 'account owner', 'contact owner'],
  hubspotId: ['hubspot id', 'hubspot_id', 'hs_object_id', 'hubspot contact id'],
  salesforceId: ['salesforce id', 'salesforce_id', 'sfdc id'],
  revenue: ['revenue', 'arr', 'account revenue', 'annual revenue'],
} as const;

export type Field = keyof typeof COLUMN_ALIASES;

const normalise = (header: string) => header.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s_]+/g, ' ');

/**
 * Header row → which column holds which field. The first column matching an alias wins;
 * columns that match nothing are kept as extra data, never rejected.
 */
export function mapColumns(headers: readonly string[]): { fields: Partial<Record<Field, number>>; extra: Map<number, string> } {
  const fields: Partial<Record<Field, number>> = {};
  const extra = new Map<number, string>();
  headers.forEach((raw, index) => {
    const header = normalise(raw);
    const field = (Object.keys(COLUMN_ALIASES) as Field[]).find((f) =>
      (COLUMN_ALIASES[f] as readonly string[]).some((alias) => normalise(alias) === header),
    );
    if (field && fields[field] === undefined) fields[field] = index;
    else if (header) extra.set(index, raw.replace(/^\uFEFF/, '').trim());
  });
  return { fields, extra };
}
