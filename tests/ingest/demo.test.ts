import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyScore, DEFAULT_POLICY } from '@/lib/loop';
import { parseResponsesCsv } from '@/lib/ingest/csv';
import { demoResponsesCsv, DEMO_RECORDS } from '@/lib/ingest/demo';
import { recordFromUrl } from '@/lib/crm/adapter';
import { matchesRecord } from '@/lib/crm/match';

const NOW = Date.UTC(2026, 10, 23, 10); // a Monday
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const demo = () => parseResponsesCsv(demoResponsesCsv(NOW), { timeZone: 'Europe/Berlin' });

const { maria, james, priya } = DEMO_RECORDS.hubspot.contacts;
const { contactAiko: aiko, leadLukas: lukas, accountKumo: kumo } = DEMO_RECORDS.salesforce;

describe('demo data', () => {
  it('goes through the real importer with no errors, duplicates or fatal', () => {
    const r = demo();
    expect(r.fatal).toBeUndefined();
    expect(r.errors).toEqual([]);
    expect(r.duplicates).toBe(0);
    expect(r.responses).toHaveLength(8);
  });

  it('has the scores, times and routes the replicas and e2e tests expect', () => {
    const rows = demo().responses.map((x) => ({
      email: x.email,
      score: x.score,
      ago: NOW - x.respondedAt,
      ...classifyScore(x.scale, x.score, DEFAULT_POLICY),
    }));
    expect(rows).toEqual([
      { email: maria.email, score: 2, ago: 3 * HOUR, route: 'recovery', severity: 'critical' },
      { email: maria.email, score: 6, ago: 60 * DAY, route: 'recovery', severity: 'standard' },
      { email: james.email, score: 8, ago: 26 * HOUR, route: 'improvement', severity: 'standard' },
      { email: aiko.email, score: 10, ago: 2 * DAY, route: 'advocacy', severity: 'standard' },
      { email: lukas.email, score: 5, ago: 20 * HOUR, route: 'recovery', severity: 'standard' },
      { email: 'olivia.grant@harbourline.example', score: 7, ago: 4 * DAY, route: 'improvement', severity: 'standard' },
      { email: 'tomas.novak@vltava.example', score: 0, ago: 90 * 60_000, route: 'recovery', severity: 'critical' },
      { email: 'chen.wei@lotusgate.example', score: 9, ago: 5 * DAY, route: 'advocacy', severity: 'standard' },
    ]);
  });

  it('keeps the verbatims exactly: a real line break, quotes, Japanese, and an empty one', () => {
    const byScore = new Map(demo().responses.map((x) => [`${x.email}/${x.score}`, x]));
    expect(byScore.get(`${maria.email}/2`)).toMatchObject({
      comment: "The export has crashed three times since the update.\nIf this isn't fixed by Friday we are switching to another vendor.",
      name: 'Maria Keller',
      company: 'Nordwind GmbH',
      hubspotId: '51',
      ownerEmail: 'alex.rep@loopside.example',
      accountRevenue: 240000,
    });
    expect(byScore.get(`${maria.email}/6`)).toMatchObject({ comment: 'Support took a week to answer.', hubspotId: '51' });
    expect(byScore.get(`${james.email}/8`)).toMatchObject({
      name: "James O'Neil",
      company: 'Brightpath Ltd',
      ownerEmail: 'alex.rep@loopside.example',
    });
    expect(byScore.get(`${james.email}/8`)).not.toHaveProperty('hubspotId');
    expect(byScore.get(`${aiko.email}/10`)).toMatchObject({
      comment: '素晴らしいサポートでした。Thank you, Kenji — "best onboarding ever"!',
      salesforceId: '003Dn00000QxYz1IAF',
      ownerEmail: 'sam.rep@loopside.example',
    });
    const lukasResponse = byScore.get(`${lukas.email}/5`)!;
    expect(lukasResponse).toMatchObject({ comment: '', company: 'Feldmann AG', ownerEmail: 'sam.rep@loopside.example' });
    expect(lukasResponse).not.toHaveProperty('salesforceId');
  });

  it('carries Aiko’s Salesforce id in the 15-character form, as exports do', () => {
    expect(demoResponsesCsv(NOW)).toContain(',003Dn00000QxYz1,');
    expect(demoResponsesCsv(NOW)).not.toContain('003Dn00000QxYz1IAF');
  });

  it('loading it again, even days later, gives the same response ids: no second set of loops', () => {
    const later = parseResponsesCsv(demoResponsesCsv(NOW + 3 * DAY), { timeZone: 'Europe/Berlin' });
    expect(later.responses.map((x) => x.id)).toEqual(demo().responses.map((x) => x.id));
    expect(new Set(later.responses.map((x) => x.id)).size).toBe(8);
  });
});

describe('DEMO_RECORDS', () => {
  const people = [
    { record: maria, email: maria.email, responses: 2 },
    { record: james, email: james.email, responses: 1 },
    { record: priya, email: priya.email, responses: 0 },
    { record: aiko, email: aiko.email, responses: 1 },
    { record: lukas, email: lukas.email, responses: 1 },
    { record: kumo, email: null, responses: 0 },
  ];

  it.each(people)(
    '$record.name: its URL is that record, and the sidebar would show $responses response(s)',
    ({ record, email, responses }) => {
      const ref = recordFromUrl(new URL(record.url));
      expect(ref).toMatchObject({ kind: record.kind, id: record.id });
      const matching = demo().responses.filter((response) => matchesRecord(response, ref!, email));
      expect(matching).toHaveLength(responses);
    },
  );

  it('names the HubSpot portal and the Salesforce org the replicas serve', () => {
    expect(new URL(maria.url).hostname).toBe(DEMO_RECORDS.hubspot.host);
    expect(recordFromUrl(new URL(maria.url))?.portalId).toBe(DEMO_RECORDS.hubspot.portalId);
    expect(new URL(aiko.url).hostname).toBe(DEMO_RECORDS.salesforce.host);
  });

  it('are the people the replicas show (tests/replicas/public/records.js)', () => {
    const script = readFileSync('tests/replicas/public/records.js', 'utf8');
    const window: {
      __replicaRecords?: {
        hubspot: Record<string, { name: string; email?: string }>;
        salesforce: Record<string, { type: string; name: string; email?: string }>;
      };
    } = {};
    new Function('window', script)(window);
    const replicas = window.__replicaRecords!;
    for (const person of [maria, james, priya]) {
      expect(replicas.hubspot[`0-1/${person.id}`]).toMatchObject({ name: person.name, email: person.email });
    }
    expect(replicas.salesforce[aiko.id]).toMatchObject({ type: 'Contact', name: aiko.name, email: aiko.email });
    expect(replicas.salesforce[lukas.id]).toMatchObject({ type: 'Lead', name: lukas.name, email: lukas.email });
    expect(replicas.salesforce[kumo.id]).toMatchObject({ type: 'Account', name: kumo.name });
  });
});
