import { z } from 'zod';

/**
 * HubSpot's answers, written from the 2026-03 OpenAPI documents (HubSpot-public-api-spec-collection:
 * CRM Tasks, Calls, Notes, Emails, Meetings, Feedback Submissions, Contacts, Companies, Crm Owners,
 * Associations, Properties, Account Info). Every answer is parsed with one of these before use.
 * Objects are `.loose()`: HubSpot adds fields within a dated version, and those must not break us.
 */

const NextPage = z.object({ after: z.string().min(1).max(1000), link: z.string().optional() }).loose();
/** `ForwardPaging` (lists) and `Paging` (search, with an optional `prev`). */
export const PagingSchema = z.object({ next: NextPage.optional() }).loose();

/** `SimplePublicObject`, with the object's own known properties typed on top of the open record. */
export const simpleObject = <P extends z.ZodRawShape>(properties: P) =>
  z
    .object({
      id: z.string().min(1).max(40),
      properties: z.object(properties).catchall(z.string().nullable()),
      createdAt: z.string(),
      updatedAt: z.string(),
      archived: z.boolean(),
      archivedAt: z.string().optional(),
    })
    .loose();

const text = z.string().nullable().optional();

/** Every engagement and task carries these. */
const common = { hs_createdate: text, hs_lastmodifieddate: text, hubspot_owner_id: text, hs_timestamp: text };
/** Our own properties: the event id (searchable, unique where the portal allows) and the event itself. */
export const LOOPSIDE_EVENT_ID = 'loopside_event_id';
export const LOOPSIDE_EVENT = 'loopside_event';
export const LOOPSIDE_LOOP_ID = 'loopside_loop_id';
const loopside = { [LOOPSIDE_EVENT_ID]: text, [LOOPSIDE_EVENT]: text };

export const TaskSchema = simpleObject({
  ...common,
  hs_task_subject: text,
  hs_task_body: text,
  hs_task_status: text,
  hs_task_priority: text,
  hs_task_type: text,
  [LOOPSIDE_LOOP_ID]: text,
});
export const CallSchema = simpleObject({
  ...common,
  ...loopside,
  hs_call_title: text,
  hs_call_body: text,
  hs_call_disposition: text,
  hs_call_direction: text,
  hs_call_status: text,
});
export const NoteSchema = simpleObject({ ...common, ...loopside, hs_note_body: text });
export const EmailSchema = simpleObject({
  ...common,
  ...loopside,
  hs_email_subject: text,
  hs_email_text: text,
  hs_email_direction: text,
  hs_email_status: text,
});
export const MeetingSchema = simpleObject({
  ...common,
  ...loopside,
  hs_meeting_title: text,
  hs_meeting_body: text,
  hs_meeting_outcome: text,
});
export const FeedbackSubmissionSchema = simpleObject({
  hs_value: text,
  hs_content: text,
  hs_submission_timestamp: text,
  hs_survey_type: text,
  hs_response_group: text,
  hs_contact_id: text,
  hs_survey_channel: text,
});
export const ContactSchema = simpleObject({
  email: text,
  firstname: text,
  lastname: text,
  hubspot_owner_id: text,
  associatedcompanyid: text,
});
export const CompanySchema = simpleObject({ name: text, domain: text, annualrevenue: text });

/** An engagement of any of the four kinds, for the pull (their shared fields only). */
export const EngagementSchema = simpleObject({ ...common, ...loopside });

/** `CollectionResponse…ForwardPaging`: a list page. */
export const listPage = <T extends z.ZodType>(item: T) => z.object({ results: z.array(item), paging: PagingSchema.optional() }).loose();
/** `CollectionResponseWithTotal…`: a search page. */
export const searchPage = <T extends z.ZodType>(item: T) =>
  z.object({ total: z.number().int().min(0), results: z.array(item), paging: PagingSchema.optional() }).loose();

/** `StandardError`, inside batch answers (207). */
export const StandardErrorSchema = z
  .object({
    status: z.string(),
    category: z.string(),
    message: z.string(),
    context: z.record(z.string(), z.array(z.string())).optional(),
    subCategory: z.unknown().optional(),
  })
  .loose();

/** `BatchResponseSimplePublicObject(WithErrors)`. */
export const batchResponse = <T extends z.ZodType>(item: T) =>
  z
    .object({
      status: z.enum(['PENDING', 'PROCESSING', 'CANCELED', 'CANCELLED', 'COMPLETE']),
      results: z.array(item),
      errors: z.array(StandardErrorSchema).optional(),
      numErrors: z.number().int().optional(),
      startedAt: z.string(),
      completedAt: z.string(),
    })
    .loose();

/** `SimplePublicUpsertObject`: a batch upsert result says whether it created the object. */
export const upsertObject = <P extends z.ZodRawShape>(properties: P) => simpleObject(properties).extend({ new: z.boolean() });

/** `Error`: every non-2xx answer's body. */
export const ErrorBodySchema = z
  .object({
    status: z.string().optional(),
    message: z.string(),
    category: z.string(),
    correlationId: z.string(),
    subCategory: z.string().optional(),
    context: z.record(z.string(), z.array(z.string())).optional(),
    errors: z.array(z.object({ message: z.string(), context: z.record(z.string(), z.array(z.string())).optional() }).loose()).optional(),
  })
  .loose();
export type HubSpotErrorBody = z.infer<typeof ErrorBodySchema>;

/** `PublicOwner` (CRM Owners). */
export const OwnerSchema = z
  .object({
    id: z.string().min(1).max(40),
    email: z.string().max(320).optional(),
    firstName: z.string().max(200).optional(),
    lastName: z.string().max(200).optional(),
    userId: z.number().int().optional(),
    type: z.enum(['PERSON', 'QUEUE']),
    archived: z.boolean(),
  })
  .loose();
export type Owner = z.infer<typeof OwnerSchema>;

/** `PortalInformationResponse` (Account Info details). */
export const AccountDetailsSchema = z
  .object({
    portalId: z.number().int().min(0),
    accountType: z.string(),
    timeZone: z.string(),
    uiDomain: z.string(),
    companyCurrency: z.string(),
    dataHostingLocation: z.string(),
  })
  .loose();
export type AccountDetails = z.infer<typeof AccountDetailsSchema>;

/** `Property` (Properties): only what we read back. */
export const PropertySchema = z
  .object({ name: z.string(), type: z.string(), fieldType: z.string(), hasUniqueValue: z.boolean().optional() })
  .loose();

/** `BatchResponsePublicAssociationMultiWithLabel` (Associations v4 batch read). */
export const AssociationBatchSchema = batchResponse(
  z
    .object({
      from: z.object({ id: z.string() }).loose(),
      to: z.array(
        z
          .object({
            toObjectId: z.union([z.number(), z.string()]).transform(String),
            associationTypes: z.array(
              z.object({ category: z.string(), typeId: z.number().int(), label: z.string().nullable().optional() }).loose(),
            ),
          })
          .loose(),
      ),
    })
    .loose(),
);
