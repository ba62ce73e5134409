import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseResponsesCsv } from '@/lib/ingest/csv';
import { ResponseSchema } from '@/lib/loop';

const TZ = 'Europe/Berlin';
const parse = (text: string) => parseResponsesCsv(text, { timeZone: TZ });
const T_MS = Date.UTC(2026, 10, 20, 10);

describe('headers', () => {
  it('are matched case-insensitively, trimmed, with aliases; the columns read are reported', () => {
    const r = parse(
      ' E-Mail ,NPS,Verbatim,Submitted At,Name,Company,Owner Email,HubSpot ID,Salesforce ID,ARR,Plan\n' +
        'A@X.example,9,Great,2026-11-20T10:00:00Z,Ann,Acme,Rep@Loopside.example,51,003Dn00000QxYz1,"120,000",Pro\n',
    );
    expect(r.errors).toEqual([]);
    expect(r.fatal).toBeUndefined();
    expect(r.responses).toEqual([
      {
        id: expect.stringMatching(/^r_[0-9a-f]{16}$/),
        scale: 'nps',
        score: 9,
        comment: 'Great',
        respondedAt: T_MS,
        email: 'a@x.example',
        name: 'Ann',
        company: 'Acme',
        ownerEmail: 'rep@loopside.example',
        hubspotId: '51',
        salesforceId: '003Dn00000QxYz1IAF',
        accountRevenue: 120000,
        extra: { Plan: 'Pro' },
      },
    ]);
    expect(r.columns).toEqual({
      email: 'E-Mail',
      score: 'NPS',
      comment: 'Verbatim',
      date: 'Submitted At',
      name: 'Name',
      company: 'Company',
      owner: 'Owner Email',
      hubspotId: 'HubSpot ID',
      salesforceId: 'Salesforce ID',
      revenue: 'ARR',
    });
  });

  const row = {
    email: 'a@x.example',
    score: '3',
    comment: 'hi',
    date: '1763892000',
    owner: 'o@x.example',
    hubspotId: '77',
    salesforceId: '003Dn00000QxYz1',
    revenue: '5',
  };
  const withHeader = (field: keyof typeof row, header: string) => {
    const fields = { ...row };
    const others = (Object.keys(fields) as (keyof typeof row)[]).filter((f) => f !== field);
    const names: Record<string, string> = {
      email: 'email',
      score: 'score',
      comment: 'comment',
      date: 'date',
      owner: 'owner',
      hubspotId: 'hubspot id',
      salesforceId: 'salesforce id',
      revenue: 'revenue',
    };
    return parse(`${[header, ...others.map((f) => names[f])].join(',')}\n${[fields[field], ...others.map((f) => fields[f])].join(',')}\n`);
  };

  it.each([
    ['email', ['email', 'e-mail', 'Email Address', 'E-mail address']],
    ['score', ['score', 'nps', 'rating', 'value', 'NPS Score', 'nps_score']],
    ['comment', ['comment', 'comments', 'verbatim', 'feedback', 'Feedback']],
    ['date', ['date', 'submitted at', 'Submitted', 'response timestamp', 'Created At', 'timestamp', 'created_at']],
    ['owner', ['owner', 'owner email', 'Account Owner']],
    ['hubspotId', ['hubspot id', 'hubspot_id', 'hs_object_id', 'HubSpot ID']],
    ['salesforceId', ['salesforce id', 'Salesforce_ID']],
    ['revenue', ['revenue', 'ARR', 'account revenue']],
  ] as const)('%s is read from %j', (field, headers) => {
    for (const header of headers) {
      const r = withHeader(field, header);
      expect(r.errors, header).toEqual([]);
      expect(r.columns[field], header).toBe(header.trim());
      expect(r.responses[0], header).toMatchObject({
        email: 'a@x.example',
        score: 3,
        comment: 'hi',
        respondedAt: 1763892000 * 1000,
        ownerEmail: 'o@x.example',
        hubspotId: '77',
        salesforceId: '003Dn00000QxYz1IAF',
        accountRevenue: 5,
        extra: {},
      });
    }
  });

  it('keeps extra columns, repeated and unnamed ones too; the first column for a field wins', () => {
    const r = parse('email,score,date,Plan,Region,email,Region,\na@x.example,3,1763892000,Pro,EU,b@x.example,DACH,note\n');
    expect(r.errors).toEqual([]);
    expect(r.responses[0]).toMatchObject({
      email: 'a@x.example',
      extra: { Plan: 'Pro', Region: 'EU', email: 'b@x.example', 'Region (2)': 'DACH', 'column 8': 'note' },
    });
  });

  it('leaves empty extra values out', () => {
    expect(parse('email,score,date,Plan\na@x.example,3,1763892000,\n').responses[0]?.extra).toEqual({});
  });
});

describe('a file that cannot be imported at all: one clear error, nothing imported', () => {
  it.each([
    ['no score column', 'email,comment,date\na@x.example,hi,1763892000\n', /no score column.*score, nps, nps score, rating, value/],
    ['no date column', 'email,score\na@x.example,3\n', /no date column.*submitted at/],
    ['neither', 'email,comment\na@x.example,hi\n', /no score and no date column/],
    ['no e-mail or id column', 'name,score,date\nA,3,1763892000\n', /no email, hubspot id or salesforce id column/],
    ['an empty file', '', /empty/],
    ['only blank lines', '\r\n\r\n  \n', /empty/],
    ['only a BOM', '\uFEFF', /empty/],
  ])('%s', (_, text, message) => {
    const r = parse(text);
    expect(r.fatal).toMatch(message);
    expect(r.responses).toEqual([]);
    expect(r.errors).toEqual([]);
  });

  it('names the header line when blank lines precede it', () => {
    expect(parse('\n\nemail,comment\na@x.example,hi\n').fatal).toMatch(/\(line 3\)/);
  });

  it('an unknown time zone', () => {
    expect(parseResponsesCsv('email,score,date\na@x.example,3,2026-11-20\n', { timeZone: 'Mars/Olympus' }).fatal).toMatch(
      /time zone "Mars\/Olympus" is unknown/,
    );
  });
});

describe('encodings, line ends and quoting', () => {
  it('reads a UTF-8 BOM, CRLF, quoted commas, doubled quotes and line breaks, any language', () => {
    const text =
      '\uFEFFemail,score,comment,date\r\n' +
      'a@x.example,2,"Slow, buggy, and ""support"" never answers.\r\nSecond line.",2026-11-20T10:00:00Z\r\n' +
      'b@x.example,10,Über gut — 素晴らしい 👍,2026-11-20T11:00:00Z\r\n';
    const r = parse(text);
    expect(r.errors).toEqual([]);
    expect(r.columns.email).toBe('email');
    // Line breaks inside a verbatim are stored as \n whatever the file used.
    expect(r.responses.map((x) => x.comment)).toEqual([
      'Slow, buggy, and "support" never answers.\nSecond line.',
      'Über gut — 素晴らしい 👍',
    ]);
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR (classic Mac)', '\r'],
  ])('%s line ends give the same responses and line numbers', (_, eol) => {
    const text = ['email,score,date', 'a@x.example,3,1763892000', 'b@x.example,11,1763892000', 'c@x.example,4,1763892000'].join(eol) + eol;
    const r = parse(text);
    expect(r.responses.map((x) => x.email)).toEqual(['a@x.example', 'c@x.example']);
    expect(r.errors).toEqual([{ line: 3, reason: 'score "11" is outside 0–10' }]);
  });

  it('a file without a final line break', () => {
    expect(parse('email,score,date\na@x.example,3,1763892000').responses).toHaveLength(1);
  });

  it('semicolon-separated exports (Excel in many locales), with decimal commas in quotes', () => {
    const r = parse('E-Mail;Score;Kommentar;Date;Revenue\r\na@x.example;3;"Zu teuer; zu langsam";2026-11-20;"1.234,50"\r\n');
    expect(r.errors).toEqual([]);
    expect(r.responses[0]).toMatchObject({ score: 3, accountRevenue: 1234.5, extra: { Kommentar: 'Zu teuer; zu langsam' } });
  });

  it("Excel's sep= first line names the delimiter and counts as a line", () => {
    const r = parse('sep=;\nemail;score;date\na@x.example;3;1763892000\nb@x.example;x;1763892000\n');
    expect(r.responses).toHaveLength(1);
    expect(r.errors).toEqual([{ line: 4, reason: 'score "x" is not a number' }]);
  });

  it('tab-separated', () => {
    expect(parse('email\tscore\tdate\na@x.example\t3\t1763892000\n').responses).toHaveLength(1);
  });
});

describe('bad rows: listed by physical line with a specific reason; the good rows import', () => {
  const header = 'email,score,comment,date,hubspot id,salesforce id,owner,revenue';
  it.each([
    ['score missing', 'e@x.example,,,2026-11-20T10:00:00Z,,,,', 'score is missing'],
    ['score not a number', 'b@x.example,ten,,2026-11-20T10:00:00Z,,,,', 'score "ten" is not a number'],
    ['score above 10', 'a@x.example,11,,2026-11-20T10:00:00Z,,,,', 'score "11" is outside 0–10'],
    ['score below 0', 'f@x.example,-1,,2026-11-20T10:00:00Z,,,,', 'score "-1" is outside 0–10'],
    ['score with a fraction', 'f@x.example,7.5,,2026-11-20T10:00:00Z,,,,', 'score "7.5" is not a whole number'],
    ['score in hex', 'f@x.example,0x5,,2026-11-20T10:00:00Z,,,,', 'score "0x5" is not a number'],
    ['score in exponent form', 'f@x.example,1e1,,2026-11-20T10:00:00Z,,,,', 'score "1e1" is not a number'],
    [
      'no e-mail and no ids',
      ',5,,2026-11-20T10:00:00Z,,,,',
      'no e-mail and no HubSpot or Salesforce id: the response cannot be matched to a customer',
    ],
    ['invalid e-mail', 'not-an-email,5,,2026-11-20T10:00:00Z,,,,', 'e-mail "not-an-email" is not an e-mail address'],
    ['e-mail without a domain', 'maria@nordwind,5,,2026-11-20T10:00:00Z,,,,', 'e-mail "maria@nordwind" is not an e-mail address'],
    ['date missing', 'g@x.example,5,,,,,,', 'date is missing'],
    [
      'date unparseable',
      'c@x.example,5,,yesterday,,,,',
      'date "yesterday" is not a date we can read: use ISO 8601 (2026-11-20T09:30:00Z) or Unix seconds',
    ],
    [
      'date ambiguous (day/month)',
      'c@x.example,5,,03/04/2026,,,,',
      'date "03/04/2026" is not a date we can read: use ISO 8601 (2026-11-20T09:30:00Z) or Unix seconds',
    ],
    [
      'date that does not exist',
      'h@x.example,5,,2026-02-30T10:00:00Z,,,,',
      'date "2026-02-30T10:00:00Z" is not a date we can read: use ISO 8601 (2026-11-20T09:30:00Z) or Unix seconds',
    ],
    [
      'Salesforce id of the wrong length',
      'd@x.example,5,,2026-11-20T10:00:00Z,,003Dn00000QxYz,,',
      'Salesforce id "003Dn00000QxYz" is not a 15- or 18-character Salesforce id',
    ],
    [
      'Salesforce id that does not check out',
      'd@x.example,5,,2026-11-20T10:00:00Z,,003Dn00000QxYz1ZZZ,,',
      'Salesforce id "003Dn00000QxYz1ZZZ" does not check out: its last 3 characters do not match the first 15 (mistyped?)',
    ],
    [
      'Salesforce id alone, bad',
      ',5,,2026-11-20T10:00:00Z,,003Dn00000QxYz!,,',
      'Salesforce id "003Dn00000QxYz!" is not a 15- or 18-character Salesforce id',
    ],
    ['HubSpot id not a number', 'i@x.example,5,,2026-11-20T10:00:00Z,4x,,,', 'HubSpot id "4x" is not a HubSpot record id (digits only)'],
    [
      'owner not an e-mail',
      'j@x.example,5,,2026-11-20T10:00:00Z,,,Alex Rep,',
      `owner "Alex Rep" is not an e-mail address (the owner column holds the account owner's e-mail)`,
    ],
    ['revenue not an amount', 'k@x.example,5,,2026-11-20T10:00:00Z,,,,lots', 'revenue "lots" is not an amount'],
    [
      'several problems at once',
      'bad,99,,never,,,,',
      'score "99" is outside 0–10; e-mail "bad" is not an e-mail address; date "never" is not a date we can read: use ISO 8601 (2026-11-20T09:30:00Z) or Unix seconds',
    ],
  ])('%s', (_, line, reason) => {
    const r = parse(`${header}\nok@x.example,3,,2026-11-20T10:00:00Z,,,,\n${line}\nok2@x.example,4,,2026-11-20T10:00:00Z,,,,\n`);
    expect(r.errors).toEqual([{ line: 3, reason }]);
    expect(r.responses.map((x) => x.email)).toEqual(['ok@x.example', 'ok2@x.example']);
  });

  it('counts quoted line breaks, blank lines and CRLF when numbering the lines after them', () => {
    const text = [
      'email,score,comment,date',
      'ok1@x.example,3,"two', // 2–3
      'lines",2026-11-20T10:00:00Z',
      'a@x.example,11,,2026-11-20T10:00:00Z', // 4
      'ok2@x.example,3,"three\r\nlines\r', // 5–7 (a lone CR inside quotes is a line break too)
      'here",2026-11-20T10:00:00Z',
      'b@x.example,ten,"quoted, with a comma",2026-11-20T10:00:00Z', // 8
      '', // 9: blank lines are ignored
      '   ', // 10
      ',,,', // 11: an all-empty row, as spreadsheets leave them
      'c@x.example,5,"a quote "" inside\nand a break",yesterday', // 12–13
      'ok3@x.example,7,,2026-11-20T10:00:00Z', // 14
      'd@x.example,5,,', // 15
      '',
      '',
    ].join('\n');
    const r = parse(text);
    expect(r.responses.map((x) => x.email)).toEqual(['ok1@x.example', 'ok2@x.example', 'ok3@x.example']);
    expect(r.responses[1]?.comment).toBe('three\nlines\nhere');
    expect(r.errors.map((e) => [e.line, e.reason.slice(0, 20)])).toEqual([
      [4, 'score "11" is outsid'],
      [8, 'score "ten" is not a'],
      [12, 'date "yesterday" is '],
      [15, 'date is missing'],
    ]);
  });

  it('a quote that is never closed swallows the rest of the file: said so, at the line it opens', () => {
    const r = parse(
      'email,score,comment,date\nok@x.example,3,fine,1763892000\nb@x.example,5,"oops,1763892000\nc@x.example,6,,1763892000\n',
    );
    expect(r.responses.map((x) => x.email)).toEqual(['ok@x.example']);
    expect(r.errors).toEqual([
      { line: 3, reason: 'a quoted field starting on this line is never closed, so the rest of the file was read into it' },
    ]);
  });

  it('an unquoted comma that shifts the columns is named as such, not as a bad date', () => {
    const r = parse('email,score,comment,date\na@x.example,3,Great product, but slow,1763892000\nb@x.example,4,ok,1763892000,,\n');
    expect(r.errors).toEqual([
      { line: 2, reason: 'the row has 5 fields but the header has 4: is a comma inside a field that is not quoted?' },
    ]);
    expect(r.responses.map((x) => x.email)).toEqual(['b@x.example']);
  });

  it('a response with only a CRM id and no e-mail is fine', () => {
    const r = parse('email,score,date,hubspot id,salesforce id\n,4,1763892000,77,\n,5,1763892000,,003Dn00000QxYz1\n');
    expect(r.errors).toEqual([]);
    expect(r.responses).toMatchObject([
      { hubspotId: '77', score: 4 },
      { salesforceId: '003Dn00000QxYz1IAF', score: 5 },
    ]);
    expect(r.responses[0]).not.toHaveProperty('email');
  });

  it('placeholders for "none" in optional cells are no value, not a malformed one', () => {
    const r = parse(
      'email,score,date,hubspot id,salesforce id,owner,revenue\na@x.example,3,1763892000,n/a,NULL,—,-\nN/A,4,1763892000,51,none,,\n',
    );
    expect(r.errors).toEqual([]);
    expect(r.responses[0]).toEqual(
      expect.not.objectContaining({
        hubspotId: expect.anything(),
        salesforceId: expect.anything(),
        ownerEmail: expect.anything(),
        accountRevenue: expect.anything(),
      }),
    );
    expect(r.responses[1]).toMatchObject({ hubspotId: '51' });
    expect(r.responses[1]).not.toHaveProperty('email');
  });

  it("a verbatim longer than a response may hold keeps the detractor's score; the comment is cut and says so", () => {
    const r = parse(`email,score,comment,date\na@x.example,3,${'x'.repeat(25_000)},1763892000\n`);
    expect(r.errors).toEqual([]);
    expect(r.longComments).toBe(1);
    expect(r.responses[0]!.score).toBe(3);
    expect(r.responses[0]!.comment).toHaveLength(20_000);
    expect(r.responses[0]!.comment.endsWith('x…')).toBe(true);
    expect(r.responses[0]!.extra['comment length']).toBe('25000 characters in the file; the first 19999 are kept');
  });

  it('a response dated in the future is refused, beyond a few minutes of clock skew', () => {
    const now = Date.UTC(2026, 10, 20, 12);
    const r = parseResponsesCsv('email,score,date\na@x.example,3,2026-11-20T12:05:00Z\nb@x.example,4,2026-11-21T12:00:00Z\n', {
      timeZone: 'UTC',
      now,
    });
    expect(r.responses.map((x) => x.email)).toEqual(['a@x.example']);
    expect(r.errors).toEqual([
      { line: 3, reason: expect.stringMatching(/^date "2026-11-21T12:00:00Z" is in the future \(21 Nov 2026, 12:00 UTC/) },
    ]);
  });
});

describe('values as exports write them', () => {
  const one = (header: string, row: string) => {
    const r = parse(`${header}\n${row}\n`);
    expect(r.errors).toEqual([]);
    return r.responses[0]!;
  };
  it.each([
    ['10 - Extremely likely', 10],
    ['0 – Not at all likely', 0],
    [' 9 ', 9],
    ['9.0', 9],
  ])('score %j → %d', (raw, score) => {
    expect(one('email,score,date', `a@x.example,${raw},1763892000`).score).toBe(score);
  });

  it.each([
    ['Maria Keller <Maria@Nordwind.example>', 'maria@nordwind.example'],
    ['mailto:maria@nordwind.example', 'maria@nordwind.example'],
    ["james.o'neil@brightpath.example", "james.o'neil@brightpath.example"],
  ])('e-mail %j → %j', (raw, email) => {
    expect(one('email,score,date', `"${raw}",3,1763892000`).email).toBe(email);
  });

  it.each([
    ['240000', 240000],
    ['"240,000"', 240000],
    ['240.000', 240000],
    ['"$1,250,000.50"', 1250000.5],
    ['€ 75.000', 75000],
    ['"1.234,5"', 1234.5],
    ["1'000'000 CHF", 1000000],
    ['1234.56', 1234.56],
    ['n/a', undefined],
    ['-', undefined],
    ['', undefined],
  ])('revenue %s → %s', (raw, revenue) => {
    expect(one('email,score,date,revenue', `a@x.example,3,1763892000,${raw}`).accountRevenue).toBe(revenue);
  });

  it('a Salesforce id is stored in its 18-character form, whichever form the file has', () => {
    expect(one('email,score,date,salesforce id', 'a@x.example,3,1763892000,003Dn00000QxYz1').salesforceId).toBe('003Dn00000QxYz1IAF');
    expect(one('email,score,date,salesforce id', 'a@x.example,3,1763892000,003Dn00000QxYz1iaf').salesforceId).toBe('003Dn00000QxYz1IAF');
  });

  it.each([
    ['1763892000', Date.UTC(2025, 10, 23, 10)],
    ['1763892000000', Date.UTC(2025, 10, 23, 10)],
    ['2026-11-20T10:00:00Z', T_MS],
    ['2026-11-20T15:30:00+05:30', T_MS],
    ['2026-11-20T05:00:00-05:00', T_MS],
    ['2026-11-20 11:00', T_MS], // Berlin wall clock (CET)
    ['2026-11-20', Date.UTC(2026, 10, 20, 11)], // date only: noon in Berlin
  ])('date %s', (raw, ms) => {
    expect(one('email,score,date', `a@x.example,3,${raw}`).respondedAt).toBe(ms);
  });
});

describe('ids and duplicates', () => {
  const text = [
    'email,score,date,comment',
    'a@x.example,3,2026-11-20T10:00:00Z,first',
    'A@X.example,3,2026-11-20T11:00:00+01:00,first', // the same response, written differently
    'b@x.example,3,2026-11-20T10:00:00Z,',
    'a@x.example,3,2026-11-20T10:00:00Z,first', // an exact repeat
    'a@x.example,4,2026-11-20T10:00:00Z,', // another score: another response
    'a@x.example,3,2026-11-20T10:00:01Z,', // another time: another response
  ].join('\r\n');

  it('the same file twice gives the same ids', () => {
    const first = parse(text).responses.map((r) => r.id);
    expect(parse(text).responses.map((r) => r.id)).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
  });

  it('repeated responses within a file count as duplicates, not errors', () => {
    const r = parse(text);
    expect(r.responses.map((x) => [x.email, x.score])).toEqual([
      ['a@x.example', 3],
      ['b@x.example', 3],
      ['a@x.example', 4],
      ['a@x.example', 3],
    ]);
    expect(r.duplicates).toBe(2);
    expect(r.errors).toEqual([]);
  });

  it('ids do not depend on row order, extra columns, or CRM ids added to a later export', () => {
    const a = parse('email,score,date\na@x.example,3,1763892000\nb@x.example,9,1763892000\n').responses.map((r) => r.id);
    const b = parse('Plan,hubspot id,date,score,email\nPro,51,1763892000,9,b@x.example\nTeam,,1763892000,3,a@x.example\n').responses.map(
      (r) => r.id,
    );
    expect(b).toEqual([a[1], a[0]]);
  });

  it("the survey tool's response id, when the export has one, is the identity: a corrected row is the same response", () => {
    const first = parse(
      'Response ID,email,score,date\nR_1a2b,a@x.example,3,2026-11-20T10:00:00Z\nR_3c4d,b@x.example,9,2026-11-20T10:00:00Z\n',
    );
    const corrected = parse(
      'Response ID,email,score,date\nR_1a2b,a@x.example,3,2026-11-20T11:00:00+01:00\nR_3c4d,b.new@x.example,9,2026-11-20T10:05:00Z\nR_1a2b,a@x.example,3,2026-11-20T10:00:00Z\n',
    );
    expect(first.columns.responseId).toBe('Response ID');
    expect(first.responses[0]?.extra).toEqual({});
    expect(corrected.responses.map((r) => r.id)).toEqual(first.responses.map((r) => r.id));
    expect(corrected.duplicates).toBe(1);
  });

  it('without an e-mail, the CRM id names the respondent', () => {
    const r = parse('email,score,date,hubspot id\n,3,1763892000,51\n,3,1763892000,52\n');
    expect(r.responses).toHaveLength(2);
    expect(r.responses[0]!.id).not.toBe(r.responses[1]!.id);
  });
});

describe('any input', () => {
  const cell = fc.oneof(
    fc.constantFrom('a@x.example', '3', '11', '', '2026-11-20', 'yesterday', '"', '""', '\n', '\r\n', ',', ';', '003Dn00000QxYz1', '51'),
    fc.string({ maxLength: 8 }),
  );
  it('never throws, and accounts for every row at a line that exists', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), (rows, eol) => {
        const text = ['email,score,comment,date', ...rows.map((r) => r.join(','))].join(eol);
        const result = parse(text);
        const lines = text.split(/\r\n|\n|\r/).length;
        for (const e of result.errors) {
          expect(e.line).toBeGreaterThanOrEqual(2);
          expect(e.line).toBeLessThanOrEqual(lines);
          expect(e.reason.length).toBeGreaterThan(0);
        }
        expect(result.responses.length + result.errors.length + result.duplicates).toBeLessThanOrEqual(lines - 1);
      }),
    );
  });
});

describe('what the reader hands on is a valid response without a per-row schema check', () => {
  it('a name, company or e-mail longer than a response holds, or a date before 1970, refuses the row and says why', () => {
    const long = 'x'.repeat(301);
    const r = parse(
      'email,score,date,name,company\n' +
        `a@x.example,9,2026-11-20T10:00:00Z,${long},Acme\n` +
        `b@x.example,9,2026-11-20T10:00:00Z,Bea,${long}\n` +
        `${'c'.repeat(315)}@x.example,9,2026-11-20T10:00:00Z,Cy,Acme\n` +
        'd@x.example,9,1969-12-31T10:00:00Z,Di,Acme\n' +
        'e@x.example,9,2026-11-20T10:00:00Z,Ed,Acme\n',
    );
    expect(r.errors).toEqual([
      { line: 2, reason: 'name is 301 characters long; at most 300 fit' },
      { line: 3, reason: 'company is 301 characters long; at most 300 fit' },
      { line: 4, reason: expect.stringMatching(/^(e-mail .* is not an e-mail address|e-mail is 325 characters long; at most 320 fit)/) },
      { line: 5, reason: 'date "1969-12-31T10:00:00Z" is before 1970' },
    ]);
    expect(r.responses.map((x) => x.email)).toEqual(['e@x.example']);
  });

  it('every response read from arbitrary rows passes the response schema', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ maxLength: 40 }), fc.integer({ min: -2, max: 12 }), fc.string({ maxLength: 40 })), { maxLength: 20 }),
        (rows) => {
          const text =
            'email,score,date,name,comment\n' +
            rows
              .map(
                ([name, score, comment], i) =>
                  `p${i}@x.example,${score},2026-11-20T10:00:00Z,"${name.replace(/"/g, '""')}","${comment.replace(/"/g, '""')}"`,
              )
              .join('\n');
          for (const response of parse(text).responses) expect(ResponseSchema.safeParse(response).success).toBe(true);
        },
      ),
      { numRuns: 50 },
    );
  });
});
