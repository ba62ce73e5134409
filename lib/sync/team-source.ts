import type { SurveyResponse } from '@/lib/loop';

/**
 * What a CRM gives a team beyond the shared event log (`SyncAdapter`): its people, and the survey
 * responses it already holds. HubSpot (owners, feedback submissions) and Salesforce (Users, a
 * configurable survey object) implement it; the worker's team poll (lib/worker) drives it the same
 * way for both. Every method throws only SyncError, like the sync adapter.
 */
export interface TeamSource {
  /** The CRM's active users, for the team directory (merged by e-mail with the roles set in options). */
  listPeople(): Promise<CrmPerson[]>;
  /**
   * Survey responses recorded after `cursor` (null: from the start of the window the source allows),
   * one page at a time, each already a SurveyResponse with the contact's CRM id, its account and the
   * contact owner's e-mail as `ownerEmail`. A record that does not validate is reported, not dropped
   * silently, and never stops the page.
   */
  pullResponses(cursor: string | null): Promise<ResponsePage>;
}

export interface CrmPerson {
  /** lower-cased */
  email: string;
  name: string;
  /** the CRM's own user id (HubSpot owner id, Salesforce User id, 18 characters) */
  crmUserId: string;
  /** the manager's e-mail when the CRM records one (Salesforce `User.ManagerId`) */
  managerEmail?: string;
}

export interface ResponsePage {
  responses: SurveyResponse[];
  rejected: { id: string; reason: string }[];
  /** where the next pull starts; equal to the one given when nothing new arrived */
  cursor: string;
  /** more pages are waiting now (a backlog): pull again without waiting for the next poll */
  more: boolean;
}
