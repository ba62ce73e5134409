/**
 * HubSpot's public API, date-versioned. The version is one constant: `/crm/v3/...` is announced to
 * end in September 2027, and moving to the next dated version is a change of this line (plus the
 * schemas, where HubSpot changed a shape).
 */
export const HUBSPOT_API_BASE = 'https://api.hubapi.com';
export const HUBSPOT_API_VERSION = '2026-03';

/** HubSpot's object type names in paths; feedback submissions are object type 0-19. */
export const OBJECT = {
  contacts: 'contacts',
  companies: 'companies',
  tasks: 'tasks',
  calls: 'calls',
  notes: 'notes',
  emails: 'emails',
  meetings: 'meetings',
  feedbackSubmissions: 'feedback_submissions',
} as const;
export type ObjectName = (typeof OBJECT)[keyof typeof OBJECT];

export const objectsPath = (object: ObjectName) => `/crm/objects/${HUBSPOT_API_VERSION}/${object}`;
export const ownersPath = () => `/crm/owners/${HUBSPOT_API_VERSION}`;
export const propertiesPath = (object: ObjectName) => `/crm/properties/${HUBSPOT_API_VERSION}/${object}`;
export const accountDetailsPath = () => `/account-info/${HUBSPOT_API_VERSION}/details`;

/**
 * HubSpot-defined association type ids (object → contact) used when creating an engagement or a
 * task with its contact inline, so no second request is needed.
 */
export const ASSOCIATION_TO_CONTACT: Record<'tasks' | 'calls' | 'notes' | 'emails' | 'meetings', number> = {
  notes: 202,
  tasks: 204,
  meetings: 200,
  calls: 194,
  emails: 198,
};

/** HubSpot's documented search limits: 200 results a page, 10,000 results for one query in all. */
export const SEARCH_PAGE_MAX = 200;
export const SEARCH_RESULTS_CAP = 10_000;
/** Search is limited per account, separately from the ten-second window of the other endpoints. */
export const SEARCH_REQUESTS_PER_SECOND = 5;

/**
 * The scopes Loopside asks for, each with the reason a person reads in options before pasting a
 * token. Engagements and tasks are covered by the contacts scopes in HubSpot's model.
 */
export const REQUIRED_SCOPES: readonly { scope: string; why: string }[] = [
  { scope: 'crm.objects.contacts.read', why: 'read the contact a survey answer belongs to, and teammates’ calls, notes and tasks' },
  { scope: 'crm.objects.contacts.write', why: 'log each follow-up as a call or note and keep one task per loop' },
  { scope: 'crm.objects.companies.read', why: 'the contact’s company and its annual revenue, for the account view' },
  { scope: 'crm.objects.owners.read', why: 'HubSpot owners fill the team directory and own the tasks' },
  { scope: 'crm.objects.feedback_submissions.read', why: 'new NPS, CSAT and CES answers arrive without a CSV' },
  { scope: 'crm.schemas.contacts.write', why: 'create the Loopside event-id properties once, so no activity is ever logged twice' },
];
