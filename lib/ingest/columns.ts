/** The response fields a CSV can fill, and the header names survey tools and CRMs export them under. */
export const COLUMN_ALIASES = {
  email: ['email', 'e-mail', 'email address', 'e-mail address', 'contact email', 'respondent email'],
  score: ['score', 'nps', 'nps score', 'rating', 'value', 'likelihood to recommend'],
  comment: ['comment', 'comments', 'verbatim', 'feedback', 'reason', 'open response'],
  date: ['date', 'submitted at', 'submitted', 'response timestamp', 'created at', 'timestamp', 'response date', 'responded at'],
  name: ['name', 'full name', 'contact name'],
  company: ['company', 'company name', 'account', 'account name'],
  owner: ['owner', 'owner email', 'account owner', 'account owner email', 'contact owner', 'contact owner email'],
  hubspotId: ['hubspot id', 'hubspot_id', 'hs_object_id', 'hubspot contact id'],
  salesforceId: ['salesforce id', 'salesforce_id', 'sfdc id'],
  revenue: ['revenue', 'arr', 'account revenue', 'annual revenue'],
  /** the survey tool's own id of the response (Qualtrics, SurveyMonkey, Typeform export one) */
  responseId: ['response id', 'responseid', 'submission id'],
} as const;

export type Field = keyof typeof COLUMN_ALIASES;
const FIELDS = Object.keys(COLUMN_ALIASES) as Field[];

/** `E-Mail Address `, `hubspot_id`, `HubSpot  ID` all compare equal to their alias. */
const normalise = (header: string) => header.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s_]+/g, ' ');

const FIELD_OF_HEADER = new Map<string, Field>(FIELDS.flatMap((field) => COLUMN_ALIASES[field].map((alias) => [normalise(alias), field] as const)));

export interface ColumnMap {
  /** field → index of the column that fills it */
  fields: Partial<Record<Field, number>>;
  /** field → the header as the file writes it (to show the user what was read from where) */
  headers: Partial<Record<Field, string>>;
  /** index → name under which the column's values are kept in `extra` */
  extra: Map<number, string>;
}

/**
 * Header row → which column holds which field. The first column matching an alias wins; any
 * other column (a second e-mail column, a survey tool's own fields) is kept as extra data,
 * never rejected, under its header (made unique when the file repeats a header).
 */
export function mapColumns(headers: readonly string[]): ColumnMap {
  const map: ColumnMap = { fields: {}, headers: {}, extra: new Map() };
  const extraNames = new Set<string>();
  headers.forEach((raw, index) => {
    const written = raw.replace(/^\uFEFF/, '').trim();
    const field = FIELD_OF_HEADER.get(normalise(raw));
    if (field && map.fields[field] === undefined) {
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
