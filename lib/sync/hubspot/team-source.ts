import { ResponseSchema, type Scale, type SurveyResponse } from '@/lib/loop';
import type { HubSpotObjects } from '@/lib/crm/hubspot/api/objects';
import { CompanySchema, ContactSchema, FeedbackSubmissionSchema } from '@/lib/crm/hubspot/api/schemas';
import type { CrmPerson, ResponsePage, TeamSource } from '../team-source';
import { FEEDBACK_RESPONSE_PREFIX } from './encode';

export interface HubSpotTeamSourceOptions {
  objects: HubSpotObjects;
  /** the feedback submission property holding the score; `hs_value` unless a portal keeps it elsewhere */
  scoreProperty?: string;
  /** re-read this much before the cursor when caught up: search may index a submission late */
  overlapMs?: number;
}

const PAGE = 100;
const CURSOR_PREFIX = 'fs1:';
const SCALES: Record<string, Scale> = { NPS: 'nps', CSAT: 'csat', CES: 'ces' };

const parseCursor = (cursor: string | null) => {
  const [ms, flag] = (cursor?.startsWith(CURSOR_PREFIX) ? cursor.slice(CURSOR_PREFIX.length) : '0').split(':');
  return { ms: Number(ms) || 0, backlog: flag === 'b' };
};
const formatCursor = (ms: number, backlog: boolean) => `${CURSOR_PREFIX}${ms}${backlog ? ':b' : ''}`;
const fullName = (first?: string | null, last?: string | null) => [first, last].filter(Boolean).join(' ').trim();

/** HubSpot owners as the team, feedback submissions (object 0-19) as survey responses. */
export function createHubSpotTeamSource(opts: HubSpotTeamSourceOptions): TeamSource {
  const { objects } = opts;
  const scoreProperty = opts.scoreProperty ?? 'hs_value';
  const overlapMs = opts.overlapMs ?? 2 * 60_000;
  let owners: Map<string, CrmPerson> | null = null;

  async function listPeople(): Promise<CrmPerson[]> {
    const people: CrmPerson[] = [];
    let after: string | undefined;
    for (let page = 0; page < 100; page++) {
      const answer = await objects.owners(after);
      for (const o of answer.results) {
        if (o.type !== 'PERSON' || o.archived || !o.email) continue;
        people.push({ email: o.email.toLowerCase(), name: fullName(o.firstName, o.lastName) || o.email, crmUserId: o.id });
      }
      after = answer.paging?.next?.after;
      if (!after) break;
    }
    owners = new Map(people.map((p) => [p.crmUserId, p]));
    return people;
  }

  return {
    listPeople,

    async pullResponses(cursor): Promise<ResponsePage> {
      const { ms, backlog } = parseCursor(cursor);
      const since = backlog ? ms : Math.max(0, ms - overlapMs);
      const answer = await objects.search(
        'feedback_submissions',
        {
          filterGroups: [{ filters: [{ propertyName: 'hs_submission_timestamp', operator: 'GTE', value: String(since) }] }],
          sorts: [{ propertyName: 'hs_submission_timestamp', direction: 'ASCENDING' }],
          properties: ['hs_value', 'hs_content', 'hs_submission_timestamp', 'hs_survey_type', 'hs_response_group', scoreProperty],
          limit: PAGE,
        },
        FeedbackSubmissionSchema,
      );
      const page: ResponsePage = { responses: [], rejected: [], cursor: cursor ?? formatCursor(0, false), more: false };
      if (answer.results.length === 0) return page;

      const ids = answer.results.map((r) => r.id);
      const links = await objects.readAssociations('feedback_submissions', 'contacts', ids);
      const contactOf = new Map(links.results.map((l) => [l.from.id, l.to[0]?.toObjectId]));
      const contactIds = [...new Set([...contactOf.values()].filter((c): c is string => !!c))];
      const contacts = contactIds.length
        ? new Map(
            (
              await objects.batchRead(
                'contacts',
                contactIds,
                ['email', 'firstname', 'lastname', 'hubspot_owner_id', 'associatedcompanyid'],
                ContactSchema,
              )
            ).results.map((c) => [c.id, c]),
          )
        : new Map();
      const companyIds = [...new Set([...contacts.values()].map((c) => c.properties.associatedcompanyid).filter((c): c is string => !!c))];
      const companies = companyIds.length
        ? new Map(
            (await objects.batchRead('companies', companyIds, ['name', 'annualrevenue'], CompanySchema)).results.map((c) => [c.id, c]),
          )
        : new Map();
      const ownerIds = [...contacts.values()].map((c) => c.properties.hubspot_owner_id).filter((o): o is string => !!o);
      if (ownerIds.some((o) => !owners?.has(o))) await listPeople();

      let last = ms;
      for (const r of answer.results) {
        const p = r.properties;
        const at = Date.parse(p.hs_submission_timestamp ?? '') || Number(p.hs_submission_timestamp);
        if (Number.isFinite(at)) last = Math.max(last, at);
        const scale = SCALES[(p.hs_survey_type ?? '').toUpperCase()];
        const scoreText = p[scoreProperty] ?? (scoreProperty === 'hs_value' ? null : p.hs_value);
        const contactId = contactOf.get(r.id);
        const contact = contactId ? contacts.get(contactId) : undefined;
        if (!scale) {
          page.rejected.push({ id: r.id, reason: `survey type ${JSON.stringify(p.hs_survey_type)} is not NPS, CSAT or CES` });
          continue;
        }
        const company = contact?.properties.associatedcompanyid ? companies.get(contact.properties.associatedcompanyid) : undefined;
        const revenue = Number(company?.properties.annualrevenue ?? '');
        const ownerEmail = contact?.properties.hubspot_owner_id ? owners?.get(contact.properties.hubspot_owner_id)?.email : undefined;
        const candidate: Partial<SurveyResponse> & Record<string, unknown> = {
          id: `${FEEDBACK_RESPONSE_PREFIX}${r.id}`,
          scale,
          score: scoreText === null || scoreText === undefined || scoreText.trim() === '' ? Number.NaN : Number(scoreText),
          comment: p.hs_content ?? '',
          respondedAt: at,
          ...(contact?.properties.email ? { email: contact.properties.email } : {}),
          ...(contact
            ? { name: fullName(contact.properties.firstname, contact.properties.lastname) || undefined, hubspotId: contact.id }
            : {}),
          ...(company ? { accountId: company.id, company: company.properties.name ?? undefined } : {}),
          ...(Number.isFinite(revenue) && company?.properties.annualrevenue ? { accountRevenue: revenue } : {}),
          ...(ownerEmail ? { ownerEmail } : {}),
          extra: {},
        };
        const parsed = ResponseSchema.safeParse(candidate);
        if (parsed.success) page.responses.push(parsed.data);
        else
          page.rejected.push({
            id: r.id,
            reason: parsed.error.issues
              .map((i) => `${i.path.join('.')}: ${i.message}`)
              .join('; ')
              .slice(0, 300),
          });
      }
      page.more = answer.paging?.next !== undefined;
      page.cursor = formatCursor(last, page.more);
      return page;
    },
  };
}
