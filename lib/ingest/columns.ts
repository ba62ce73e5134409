import { mapHeaders, type HeaderMap } from './header-map';

/** The response fields a CSV can fill, and the header names survey tools and CRMs export them under. */
export const COLUMN_ALIASES = {
  email: [
    'email',
    'e-mail',
    'email address',
    'e-mail address',
    'contact email',
    'respondent email',
    'recipient email',
    'contact email address',
  ],
  score: ['score', 'nps', 'nps score', 'rating', 'value', 'likelihood to recommend', 'answer', 'response value', 'nps rating'],
  comment: ['comment', 'comments', 'verbatim', 'feedback', 'reason', 'open response', 'response comment', 'feedback comment'],
  date: [
    'date',
    'submitted at',
    'submitted',
    'response timestamp',
    'created at',
    'timestamp',
    'response date',
    'responded at',
    'responded',
    'submission timestamp',
    'submission date',
    'recorded date',
    'submit date (utc)',
  ],
  name: ['name', 'full name', 'contact name', 'respondent name'],
  company: ['company', 'company name', 'account', 'account name'],
  owner: ['owner', 'owner email', 'account owner', 'account owner email', 'contact owner', 'contact owner email'],
  hubspotId: ['hubspot id', 'hubspot_id', 'hs_object_id', 'hubspot contact id'],
  salesforceId: ['salesforce id', 'salesforce_id', 'sfdc id'],
  revenue: ['revenue', 'arr', 'account revenue', 'annual revenue'],
  /** the survey tool's own id of the response (Qualtrics, SurveyMonkey, Typeform export one) */
  responseId: ['response id', 'responseid', 'submission id', 'respondent id'],
} as const;

export type Field = keyof typeof COLUMN_ALIASES;

export type ColumnMap = HeaderMap<Field>;

/** Header row of a survey export → which column holds which response field (see mapHeaders). */
export const mapColumns = (headers: readonly string[]): ColumnMap => mapHeaders(headers, COLUMN_ALIASES);
