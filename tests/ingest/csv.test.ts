import { describe, expect, it } from 'vitest';
import { parseResponsesCsv } from '@/lib/ingest/csv';
import { parseResponseDate } from '@/lib/ingest/dates';
import { demoResponsesCsv, DEMO_RECORDS } from '@/lib/ingest/demo';

const TZ = 'Europe/Berlin';
const parse = (text: string) => parseResponsesCsv(text, { timeZone: TZ });

describe('parseResponsesCsv: headers', () => {
  it('matches headers case-insensitively with aliases and keeps extra columns', () => {
    const r = parse('E-Mail,NPS,Verbatim,Submitted At,Name,Company,Owner Email,HubSpot ID,Salesforce ID,ARR,Plan\n' +
      'A@X.example,9,Great,2026-11-20T10:00:00Z,Ann,Acme,Rep@Loopside.example,51,003Dn00000QxYz1,"120,000",Pro\n');
    expect(r.errors).toEqual([]);
    expect(r.responses[0]).toMatchObject({
      email: 'a@x.example', score: 9, comment: 'Great', respondedAt: Date.UTC(2026, 10, 20, 10), name: 'Ann', company: 'Acme',
      ownerEmail: 'rep@loopside.example', hubspotId: '51', salesforceId: '003Dn00000QxYz1IAF', accountRevenue: 120000, extra: { Plan: 'Pro' },
    });
  });

  it.each([['rating'], ['value'], ['Score'], ['nps score']])('accepts %s as the score column', (h) => {
    expect(parse(`email,${h},date\na@x.example,3,1763892000\n`).responses[0]?.score).toBe(3);
  });

  it.each([['feedback'], ['comment'], ['verbatim']])('accepts %s as the comment column', (h) => {
    expect(parse(`email,score,${h},date\na@x.example,3,hi,1763892000\n`).responses[0]?.comment).toBe('hi');
  });

  it('refuses a file without a score or date column, saying which', () => {
    expect(parse('email,comment\na@x.example,hi\n').fatal).toMatch(/no score and no date column/);
    expect(parse('').fatal).toMatch(/empty/);
    expect(parse('name,score,date\nA,3,1763892000\n').fatal).toMatch(/no email, hubspot id or salesforce id/);
  });
});

describe('parseResponsesCsv: encodings and quoting', () => {
  it('reads a UTF-8 BOM, CRLF, quoted commas, quotes and line breaks', () => {
    const text = '\uFEFFemail,score,comment,date\r\n' +
      'a@x.example,2,"Slow, buggy, and ""support"" never answers.\r\nSecond line.",2026-11-20T10:00:00Z\r\n' +
      'b@x.example,10,Über gut — 素晴らしい,2026-11-20T11:00:00Z\r\n';
    const r = parse(text);
    expect(r.errors).toEqual([]);
    expect(r.responses.map((x) => x.comment)).toEqual(['Slow, buggy, and "support" never answers.\r\nSecond line.', 'Über gut — 素晴らしい']);
  });

  it('reports bad rows by physical line, counting quoted line breaks, and imports the rest', () => {
    const text = [
      'email,score,comment,date,hubspot id,salesforce id',
      'ok1@x.example,3,"two\nlines",2026-11-20T10:00:00Z,,', // lines 2–3
      'a@x.example,11,,2026-11-20T10:00:00Z,,', // 4
      'b@x.example,ten,,2026-11-20T10:00:00Z,,', // 5
      ',5,,2026-11-20T10:00:00Z,,', // 6
      'c@x.example,5,,yesterday,,', // 7
      'not-an-email,5,,2026-11-20T10:00:00Z,,', // 8
      'd@x.example,5,,2026-11-20T10:00:00Z,,003Dn00000QxYz1ZZZ', // 9
      'e@x.example,,,2026-11-20T10:00:00Z,,', // 10
      'f@x.example,-1,,2026-11-20T10:00:00Z,,', // 11
      '', // 12: blank lines are ignored
      'ok2@x.example,7,,2026-11-20T10:00:00Z,,', // 13
      'g@x.example,5,,,,', // 14
      'h@x.example,5,,2026-02-30T10:00:00,,', // 15
      'i@x.example,5,,2026-11-20T10:00:00Z,4x,', // 16
    ].join('\n');
    const r = parse(text);
    expect(r.responses.map((x) => x.email)).toEqual(['ok1@x.example', 'ok2@x.example']);
    expect(r.errors).toEqual([
      { line: 4, reason: 'score "11" is outside 0–10' },
      { line: 5, reason: 'score "ten" is not a number' },
      { line: 6, reason: 'no e-mail and no CRM id: the response cannot be matched to a customer' },
      { line: 7, reason: expect.stringMatching(/^date "yesterday" is not ISO 8601/) },
      { line: 8, reason: 'e-mail "not-an-email" is not an e-mail address' },
      { line: 9, reason: 'Salesforce id "003Dn00000QxYz1ZZZ" is not a 15- or 18-character id' },
      { line: 10, reason: 'score is missing' },
      { line: 11, reason: 'score "-1" is outside 0–10' },
      { line: 14, reason: 'date is missing' },
      { line: 15, reason: expect.stringMatching(/^date "2026-02-30T10:00:00"/) },
      { line: 16, reason: 'HubSpot id "4x" is not a number' },
    ]);
  });

  it('a response with only a CRM id and no e-mail is fine', () => {
    expect(parse('email,score,date,hubspot id\n,4,1763892000,77\n').responses[0]).toMatchObject({ hubspotId: '77', score: 4 });
  });
});

describe('parseResponsesCsv: duplicates', () => {
  const text = 'email,score,date\na@x.example,3,2026-11-20T10:00:00Z\nA@x.example,3,2026-11-20T11:00:00+01:00\nb@x.example,3,2026-11-20T10:00:00Z\n';
  it('gives the same ids for the same file twice', () => {
    expect(parse(text).responses.map((r) => r.id)).toEqual(parse(text).responses.map((r) => r.id));
  });
  it('counts a repeated row within a file as a duplicate, not an error', () => {
    const r = parse(text);
    expect(r.responses).toHaveLength(2);
    expect(r.duplicates).toBe(1);
    expect(r.errors).toEqual([]);
  });
});

describe('parseResponseDate', () => {
  it.each([
    ['1763892000', Date.UTC(2025, 10, 23, 10)],
    ['1763892000000', Date.UTC(2025, 10, 23, 10)],
    ['2026-11-20T10:00:00Z', Date.UTC(2026, 10, 20, 10)],
    ['2026-11-20 10:00:00+0530', Date.UTC(2026, 10, 20, 4, 30)],
    ['2026-11-20T10:00:00.123-05:00', Date.UTC(2026, 10, 20, 15, 0, 0, 123)],
    ['2026-11-20T10:00', Date.UTC(2026, 10, 20, 9)], // Berlin wall clock, CET
    ['2026-07-20 10:00:00', Date.UTC(2026, 6, 20, 8)], // CEST
    ['2026-11-20', Date.UTC(2026, 10, 20, 11)], // date only: noon in Berlin
    ['2028-02-29', Date.UTC(2028, 1, 29, 11)],
  ])('%s', (raw, ms) => expect(parseResponseDate(raw, TZ)).toBe(ms));

  it.each(['03/04/2026', 'yesterday', '2026-13-01', '2027-02-29', '2026-11-20T25:00', ''])('refuses %j', (raw) => {
    expect(parseResponseDate(raw, TZ)).toBeNull();
  });
});

describe('demo data', () => {
  it('goes through the importer with no errors and matches the replica records', () => {
    const now = Date.UTC(2026, 10, 23, 10);
    const r = parse(demoResponsesCsv(now));
    expect(r.errors).toEqual([]);
    expect(r.responses).toHaveLength(8);
    const aiko = r.responses.find((x) => x.email === DEMO_RECORDS.salesforce.contactAiko.email)!;
    expect(aiko.salesforceId).toBe(DEMO_RECORDS.salesforce.contactAiko.id);
    const maria = r.responses.filter((x) => x.hubspotId === DEMO_RECORDS.hubspot.contacts.maria.id);
    expect(maria.map((x) => x.score).sort()).toEqual([2, 6]);
    expect(maria.find((x) => x.score === 2)!.comment).toContain('\n');
  });
});
