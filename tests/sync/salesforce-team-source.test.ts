import { describe, expect, it } from 'vitest';
import { createSalesforceTeamSource, testSource } from '@/lib/sync/salesforce/team-source';
import type { ResponseSource } from '@/lib/sync/salesforce/config';
import { addSurveyResponse } from '../fake-salesforce/org';
import { manualClock, T0 } from './helpers';
import { clientFor, cookieJar, orgAt } from './salesforce-fixtures';

const FEEDBACK: ResponseSource = { kind: 'feedback', questionTypes: ['NPS'], scale: 'nps' };
const CUSTOM: ResponseSource = {
  kind: 'object',
  object: 'NPS_Response__c',
  contactField: 'Contact__c',
  scoreField: 'Score__c',
  commentField: 'Comment__c',
  dateField: 'Submitted_At__c',
  scale: 'nps',
};

function setup(source: ResponseSource | null = FEEDBACK) {
  const clock = manualClock();
  const { org, seed } = orgAt(clock.now);
  const client = clientFor(org, cookieJar(org.login(seed.rep.Id)).auth, clock.now);
  const team = createSalesforceTeamSource({ client, source: async () => source, now: clock.now });
  return { clock, org, seed, client, team };
}

describe('Salesforce team source against the fake org', () => {
  it('lists the active users with their managers, 18-character ids and lower-cased e-mails', async () => {
    const { team, seed } = setup();
    const people = await team.listPeople();
    expect(people).toEqual([
      { email: 'mia.manager@loopside.example', name: 'Mia Manager', crmUserId: seed.manager.Id },
      { email: 'alex.rep@loopside.example', name: 'Alex Rep', crmUserId: seed.rep.Id, managerEmail: 'mia.manager@loopside.example' },
    ]);
  });

  it('reads Feedback Management responses with the contact’s account, revenue, owner and free-text comment', async () => {
    const { org, seed, team, clock } = setup();
    const response = addSurveyResponse(org, seed, seed.contact.Id, 3, 'Invoices are wrong again');
    const page = await team.pullResponses(null);
    expect(page.rejected).toEqual([]);
    expect(page.responses).toEqual([
      {
        id: `salesforce:${response.Id}`,
        scale: 'nps',
        score: 3,
        comment: 'Invoices are wrong again',
        respondedAt: T0,
        email: 'dana@globex.example',
        name: 'Dana Buyer',
        company: 'Globex',
        accountId: seed.account.Id,
        ownerEmail: 'alex.rep@loopside.example',
        salesforceId: seed.contact.Id,
        accountRevenue: 2_500_000,
        extra: {},
      },
    ]);
    // Since the cursor: nothing new, nothing twice; a new one comes alone.
    expect((await team.pullResponses(page.cursor)).responses).toEqual([]);
    clock.advance(5_000);
    addSurveyResponse(org, seed, seed.lead.Id, 9, '');
    const next = await team.pullResponses(page.cursor);
    expect(next.responses.map((r) => [r.score, r.company, r.salesforceId])).toEqual([[9, 'Initech', seed.lead.Id]]);
  });

  it('reads any object the admin picked, treats a 15-character lookup as its 18-character id, and reports rows it cannot use', async () => {
    const { org, seed, team } = setup(CUSTOM);
    org.insert('NPS_Response__c', {
      Contact__c: seed.contact.Id.slice(0, 15),
      Score__c: 6,
      Comment__c: 'Slow support',
      Submitted_At__c: '2026-11-20T10:00:00.000+0000',
    });
    org.insert('NPS_Response__c', { Contact__c: seed.contact.Id, Score__c: 7.5, Submitted_At__c: '2026-11-20T11:00:00.000+0000' });
    const page = await team.pullResponses(null);
    expect(page.responses).toHaveLength(1);
    expect(page.responses[0]).toMatchObject({
      score: 6,
      comment: 'Slow support',
      salesforceId: seed.contact.Id,
      respondedAt: Date.UTC(2026, 10, 20, 10),
    });
    expect(page.rejected).toEqual([{ id: expect.any(String), reason: expect.stringMatching(/not a whole number/) }]);
  });

  it('the options “test” shows the first rows it would import', async () => {
    const { org, seed, client, clock } = setup();
    for (let i = 0; i < 7; i++) addSurveyResponse(org, seed, seed.contact.Id, i, `comment ${i}`);
    const test = await testSource(client, FEEDBACK, clock.now());
    expect(test.responses.map((r) => r.score)).toEqual([0, 1, 2, 3, 4]);
  });

  it('with no source chosen yet, reads nothing and spends no request', async () => {
    const { team, org } = setup(null);
    const before = org.log.length;
    expect(await team.pullResponses(null)).toEqual({ responses: [], rejected: [], cursor: '', more: false });
    expect(org.log.length).toBe(before);
  });
});
