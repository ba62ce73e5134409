import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseResponsesCsv } from '@/lib/ingest/csv';

const NOW = Date.UTC(2026, 11, 1);
const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const parse = (name: string) => parseResponsesCsv(fixture(name), { timeZone: 'Europe/Berlin', now: NOW });

describe('survey exports import as they come out of the tool', () => {
  it('Qualtrics: three header rows; the Q… question with its _NPS_GROUP column is the score; times in the ImportId row’s zone', () => {
    const r = parse('qualtrics.csv');
    expect(r.fatal).toBeUndefined();
    expect(r.format).toBe('qualtrics');
    expect(r.errors).toEqual([]);
    expect(r.responses).toHaveLength(2);
    expect(r.responses[0]).toMatchObject({
      score: 2,
      email: 'maria.keller@nordwind.example',
      name: 'Maria Keller',
      company: 'Nordwind GmbH',
      comment: 'The export crashed again, and support took a week.',
      // 08:03:11 in America/Denver (MST, UTC−7)
      respondedAt: Date.UTC(2026, 10, 20, 15, 3, 11),
    });
    expect(r.responses[0]!.extra).not.toHaveProperty('Q1_NPS_GROUP');
    expect(r.columns).toMatchObject({ score: 'How likely are you to recommend Loopside to a friend or colleague?', date: 'Recorded Date' });
    // the survey tool's response id makes the loop id: the same export again yields the same ids
    expect(parse('qualtrics.csv').responses.map((x) => x.id)).toEqual(r.responses.map((x) => x.id));
  });

  it('SurveyMonkey: two header rows (question, then answer choice or "Response"); month-first dates', () => {
    const r = parse('surveymonkey.csv');
    expect(r.format).toBe('surveymonkey');
    expect(r.errors).toEqual([]);
    expect(r.responses[0]).toMatchObject({
      score: 8,
      email: 'james.oneil@brightpath.example',
      name: "James O'Neil",
      comment: 'Solid, but the reports are slow.',
      respondedAt: Date.UTC(2026, 10, 20, 8, 15, 2),
      extra: { 'Which features do you use? - Reports': 'Reports' },
    });
    expect(r.responses[1]).toMatchObject({
      score: 4,
      respondedAt: Date.UTC(2026, 10, 20, 12, 4, 55),
      extra: { 'Which features do you use? - Alerts': 'Alerts', 'Which features do you use? - Other (please specify)': 'Slack export' },
    });
  });

  it('Typeform: question text as header, Submit Date (UTC); a partial response is refused with the reason', () => {
    const r = parse('typeform.csv');
    expect(r.format).toBe('typeform');
    expect(r.responses).toHaveLength(1);
    expect(r.responses[0]).toMatchObject({
      score: 9,
      email: 'aiko.tanaka@kumo.example',
      comment: 'Nothing — keep it up',
      respondedAt: Date.UTC(2026, 10, 20, 10, 2, 30),
    });
    expect(r.errors).toEqual([{ line: 3, reason: expect.stringMatching(/partial response.*only completed Typeform responses/) }]);
  });

  it('HubSpot feedback submissions: Submission Timestamp, Survey Type, response value, contact e-mail and id', () => {
    const r = parse('hubspot.csv');
    expect(r.format).toBe('hubspot');
    expect(r.responses).toHaveLength(1);
    expect(r.responses[0]).toMatchObject({
      score: 0,
      email: 'tomas.novak@vltava.example',
      hubspotId: '451',
      comment: 'Three invoices wrong in a row.',
      respondedAt: Date.UTC(2026, 10, 20, 13, 30),
    });
    expect(r.errors).toEqual([{ line: 3, reason: expect.stringMatching(/"CSAT" survey response: only NPS/) }]);
  });

  it('Delighted: Response timestamp with its offset', () => {
    const r = parse('delighted.csv');
    expect(r.format).toBe('delighted');
    expect(r.errors).toEqual([]);
    expect(r.responses[0]).toMatchObject({
      score: 7,
      email: 'olivia.grant@harbourline.example',
      company: 'Harbourline',
      respondedAt: Date.UTC(2026, 10, 20, 17, 30),
    });
  });

  it('AskNicely: Answer is the score, Responded the Unix time, Account Owner the owner', () => {
    const r = parse('asknicely.csv');
    expect(r.format).toBe('asknicely');
    expect(r.errors).toEqual([]);
    expect(r.responses[0]).toMatchObject({
      score: 10,
      email: 'chen.wei@lotusgate.example',
      ownerEmail: 'alex.rep@loopside.example',
      respondedAt: 1763631000 * 1000,
    });
  });

  it('an export whose score question is not recognisable asks for the columns instead of failing silently', () => {
    const text = fixture('typeform.csv').replace('How likely are you to recommend Loopside to a colleague?', 'Your rating of us');
    const r = parseResponsesCsv(text, { timeZone: 'UTC', now: NOW });
    expect(r.fatal).toMatch(/This Typeform export has no score column we recognise: pick it below/);
    expect(r.mapping).toMatchObject({ guess: { date: 7, email: 3 }, preview: [expect.any(Array), expect.any(Array)] });
  });
});
