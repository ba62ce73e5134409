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
 * HubSpot-defined association type ids (object → contact, unlabeled) used when creating an
 * engagement or a task with its contact inline, so no second request is needed. Loopside associates
 * nothing with companies: a contact's company is only read (`associatedcompanyid`), and records
 * created by upsert are associated through `batch/associate/default`, which needs no id.
 *
 * Source: HubSpot's list of HubSpot-defined association types in the associations v4 guide
 * (https://developers.hubspot.com/docs/api/crm/associations, "You can view all of the HubSpot-defined
 * association types in this section"; the tasks guide links it as "Default association type IDs are
 * listed here"): Call → Contact 194,
 * Email → Contact 198, Meeting → Contact 200, Note → Contact 202, Task → Contact 204. The OpenAPI
 * documents (HubSpot/HubSpot-public-api-spec-collection, 2026-03) type the field as an integer and
 * list no values; the stored excerpts of the guide did not include the table itself, so these were
 * checked against the guides' examples (calls 194, notes 202) and several independent integrations
 * rather than against the table's text. A portal can list its own with
 * GET /crm/associations/2026-03/{from}/contacts/labels.
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
