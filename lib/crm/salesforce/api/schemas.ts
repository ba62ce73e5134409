import { z } from 'zod';

/**
 * The shapes of Salesforce REST answers Loopside reads, written from the REST API Developer Guide
 * (Status Codes and Error Responses, Query, sObject Rows / Rows by External ID, Composite,
 * Describe Global, sObject Describe). Only the fields we use are named; the rest pass through
 * (`loose`), because Salesforce adds fields between releases.
 */

/** Every REST error body: an array of `{message, errorCode, fields?}`. */
export const ErrorItemSchema = z.object({ message: z.string(), errorCode: z.string(), fields: z.array(z.string()).optional() }).loose();
export const ErrorArraySchema = z.array(ErrorItemSchema).min(1);
export type SalesforceErrorItem = z.infer<typeof ErrorItemSchema>;

/** Each record carries `attributes` ({type, url}); the fields we select sit beside it. */
const AttributesSchema = z.object({ type: z.string(), url: z.string().optional() }).loose();
export const RecordSchema = z.object({ attributes: AttributesSchema.optional() }).loose();

/** GET /query?q=… and GET {nextRecordsUrl}: one batch; `done` false means `nextRecordsUrl` continues it. */
export const QueryResultSchema = z
  .object({
    totalSize: z.number().int().nonnegative(),
    done: z.boolean(),
    nextRecordsUrl: z.string().startsWith('/services/data/').optional(),
    records: z.array(RecordSchema),
  })
  .loose();
export type QueryResult = z.infer<typeof QueryResultSchema>;

/** POST /sobjects/{type}, PATCH /sobjects/{type}/{extField}/{value}: `created` since API 46.0 on upserts. */
export const SaveResultSchema = z
  .object({
    id: z.string(),
    success: z.boolean(),
    errors: z.array(z.unknown()),
    created: z.boolean().optional(),
  })
  .loose();
export type SaveResult = z.infer<typeof SaveResultSchema>;

/** POST /composite: one result per subrequest, in order, matched by `referenceId`. */
export const CompositeSubresultSchema = z
  .object({
    body: z.unknown(),
    httpHeaders: z.record(z.string(), z.string()).default({}),
    httpStatusCode: z.number().int(),
    referenceId: z.string(),
  })
  .loose();
export const CompositeResponseSchema = z.object({ compositeResponse: z.array(CompositeSubresultSchema) }).loose();
export type CompositeSubresult = z.infer<typeof CompositeSubresultSchema>;

/** GET /sobjects: the objects this user can see. */
export const DescribeGlobalSchema = z
  .object({
    sobjects: z.array(
      z
        .object({
          name: z.string(),
          label: z.string(),
          custom: z.boolean(),
          queryable: z.boolean(),
          keyPrefix: z.string().nullable().optional(),
        })
        .loose(),
    ),
  })
  .loose();
export type DescribeGlobal = z.infer<typeof DescribeGlobalSchema>;

/** GET /sobjects/{type}/describe: its fields, with their types and (for lookups) what they point to. */
export const FieldDescribeSchema = z
  .object({
    name: z.string(),
    label: z.string(),
    type: z.string(),
    referenceTo: z.array(z.string()).default([]),
    filterable: z.boolean().optional(),
    externalId: z.boolean().optional(),
    unique: z.boolean().optional(),
    picklistValues: z.array(z.object({ value: z.string(), label: z.string().nullable(), active: z.boolean() }).loose()).default([]),
  })
  .loose();
export const SObjectDescribeSchema = z
  .object({ name: z.string(), label: z.string(), queryable: z.boolean(), fields: z.array(FieldDescribeSchema) })
  .loose();
export type FieldDescribe = z.infer<typeof FieldDescribeSchema>;
export type SObjectDescribe = z.infer<typeof SObjectDescribeSchema>;

// ─── Records Loopside selects (each query names exactly these fields) ─────────────────────────────

/** SELECT ApiName, MasterLabel, IsClosed, IsDefault FROM TaskStatus */
export const TaskStatusRecordSchema = z
  .object({ ApiName: z.string().nullish(), MasterLabel: z.string(), IsClosed: z.boolean(), IsDefault: z.boolean() })
  .loose();
/** SELECT ApiName, MasterLabel, IsHighPriority, IsDefault FROM TaskPriority */
export const TaskPriorityRecordSchema = z
  .object({ ApiName: z.string().nullish(), MasterLabel: z.string(), IsHighPriority: z.boolean(), IsDefault: z.boolean() })
  .loose();
/** SELECT Id, Email, Name, ManagerId, Manager.Email FROM User */
export const UserRecordSchema = z
  .object({
    Id: z.string(),
    Email: z.string().nullish(),
    Name: z.string().nullish(),
    ManagerId: z.string().nullish(),
    Manager: z.object({ Email: z.string().nullish() }).loose().nullish(),
  })
  .loose();
/** SELECT Id, Loopside_Key__c, Description, SystemModstamp FROM Task */
export const EventTaskRecordSchema = z.object({ Id: z.string(), Description: z.string().nullish(), SystemModstamp: z.string() }).loose();
/** The person a response is about: SELECT Id, Email, Name, Owner.Email, AccountId, Account.Name, Account.AnnualRevenue FROM Contact (Lead: Company) */
export const PersonRecordSchema = z
  .object({
    Id: z.string(),
    Email: z.string().nullish(),
    Name: z.string().nullish(),
    Owner: z.object({ Email: z.string().nullish() }).loose().nullish(),
    AccountId: z.string().nullish(),
    Account: z.object({ Name: z.string().nullish(), AnnualRevenue: z.number().nullish() }).loose().nullish(),
    Company: z.string().nullish(),
  })
  .loose();
export type PersonRecord = z.infer<typeof PersonRecordSchema>;

/** Salesforce datetimes: `2026-12-02T09:30:00.000+0000` (query) or `…Z`; both parse to epoch ms. */
export function parseSalesforceDateTime(value: string): number | null {
  const normal = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normal);
  return Number.isNaN(ms) ? null : ms;
}

/** A SOQL datetime literal (unquoted, UTC): `2026-12-02T09:30:00.000Z`. */
export const soqlDateTime = (ms: number): string => new Date(ms).toISOString();

/** A SOQL string literal: quotes and backslashes escaped, as the SOQL reference requires. */
export const soqlString = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
