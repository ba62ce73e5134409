import { describe, expect, it } from 'vitest';
import { parseDirectoryCsv } from '@/lib/people/csv';
import { parseClock, parseHours, parseRole, parseWorkdays } from '@/lib/people/csv-values';
import { PersonSchema } from '@/lib/people/schema';
import { parseResponsesCsv } from '@/lib/ingest/csv';

const parse = (text: string) => parseDirectoryCsv(text, { timeZone: 'Europe/Berlin' });

describe('parseDirectoryCsv', () => {
  it('reads a directory with header aliases, BOM and CRLF', () => {
    const r = parse(
      '\uFEFFE-Mail,Full Name,Manager Email,Role,TZ,Working Hours,Working Days\r\n' +
        'Alice@Team.example,Alice Adams,mona@team.example,rep,America/New_York,08:30-16:30,Mon-Fri\r\n' +
        'mona@team.example,Mona Meyer,,Manager,Europe/Berlin,9-17,"1,2,3,4"\r\n' +
        'cara@team.example,Cara Chen,,CX lead,Asia/Tokyo,9am-5pm,Sun-Thu\r\n' +
        'vic@team.example,Vic Vance,,VP of Customer Success,,,\r\n',
    );
    expect(r.errors).toEqual([]);
    expect(r.fatal).toBeUndefined();
    expect(r.columns).toEqual({
      email: 'E-Mail',
      name: 'Full Name',
      manager: 'Manager Email',
      role: 'Role',
      timeZone: 'TZ',
      hours: 'Working Hours',
      workdays: 'Working Days',
    });
    expect(r.people).toEqual([
      {
        email: 'alice@team.example',
        name: 'Alice Adams',
        managerEmail: 'mona@team.example',
        role: 'rep',
        timeZone: 'America/New_York',
        workStart: '08:30',
        workEnd: '16:30',
        workdays: [1, 2, 3, 4, 5],
      },
      {
        email: 'mona@team.example',
        name: 'Mona Meyer',
        managerEmail: '',
        role: 'manager',
        timeZone: 'Europe/Berlin',
        workStart: '09:00',
        workEnd: '17:00',
        workdays: [1, 2, 3, 4],
      },
      {
        email: 'cara@team.example',
        name: 'Cara Chen',
        managerEmail: '',
        role: 'cx_lead',
        timeZone: 'Asia/Tokyo',
        workStart: '09:00',
        workEnd: '17:00',
        workdays: [1, 2, 3, 4, 7],
      },
      // empty cells: the importer's time zone, Mon–Fri 09:00–17:00
      {
        email: 'vic@team.example',
        name: 'Vic Vance',
        managerEmail: '',
        role: 'vp_cs',
        timeZone: 'Europe/Berlin',
        workStart: '09:00',
        workEnd: '17:00',
        workdays: [1, 2, 3, 4, 5],
      },
    ]);
  });

  it('reads separate start and end columns, semicolons and "Name <e-mail>" managers', () => {
    const r = parse(
      'email;name;reports to;work start;work end;workdays\nbob@team.example;Bob;Mona <MONA@team.example>;07:00;15:00;Mon, Wed, Fri\n',
    );
    expect(r.errors).toEqual([]);
    expect(r.people[0]).toMatchObject({
      managerEmail: 'mona@team.example',
      workStart: '07:00',
      workEnd: '15:00',
      workdays: [1, 3, 5],
      role: 'rep',
    });
  });

  it('reports each bad row by line with a specific reason and imports the good ones', () => {
    const r = parse(
      [
        'email,name,manager,role,time zone,working hours,working days',
        'good@team.example,Good,,rep,Europe/Paris,09:00-17:00,Mon-Fri',
        'not-an-email,Bad,,rep,,,',
        ',No Mail,,rep,,,',
        'x@team.example,X,,janitor,,,',
        'y@team.example,Y,,,Mars/Olympus,,',
        'z@team.example,Z,,,,17:00-09:00,',
        'w@team.example,W,,,,nine to five,',
        'v@team.example,V,,,,,Mon-Funday',
        'u@team.example,U,,,,,"0,1,2"',
        't@team.example,T,t@team.example,,,,',
        's@team.example,S,boss at team,,,,',
        '"q@team.example,Q,,,,,',
        'last@team.example,Last,,,,,',
      ].join('\n'),
    );
    expect(r.people.map((p) => p.email)).toEqual(['good@team.example']);
    expect(r.errors).toEqual([
      { line: 3, reason: 'e-mail "not-an-email" is not an e-mail address' },
      { line: 4, reason: 'e-mail is missing' },
      { line: 5, reason: 'role "janitor" is not one of rep, manager, CX lead, VP of customer success' },
      { line: 6, reason: 'time zone "Mars/Olympus" is not an IANA time zone (e.g. Europe/Berlin)' },
      { line: 7, reason: 'work start 17:00 is not before work end 09:00 (hours past midnight are not supported)' },
      { line: 8, reason: 'working hours "nine to five" are not a range such as 09:00-17:00' },
      { line: 9, reason: 'working days "Mon-Funday": "funday" is not a day of the week' },
      { line: 10, reason: 'working days "0,1,2": "0" is not a weekday number (1 = Monday … 7 = Sunday)' },
      { line: 11, reason: 'the manager is the person themself' },
      { line: 12, reason: 'manager "boss at team" is not an e-mail address (the manager column holds the manager\'s e-mail)' },
      { line: 13, reason: 'a quoted field starting on this line is never closed, so the rest of the file was read into it' },
    ]);
  });

  it('the same e-mail twice: the later row wins and the earlier one is reported', () => {
    const r = parse('email,name,role\nann@team.example,Ann Old,rep\nben@team.example,Ben,rep\nANN@team.example,Ann New,manager\n');
    expect(r.people.map((p) => [p.email, p.name, p.role])).toEqual([
      ['ben@team.example', 'Ben', 'rep'],
      ['ann@team.example', 'Ann New', 'manager'],
    ]);
    expect(r.errors).toEqual([{ line: 2, reason: 'ann@team.example is listed again on line 4: that later row is the one imported' }]);
  });

  it('a row wider than the header is reported, not shifted into the wrong columns', () => {
    const r = parse('email,name\nann@team.example,Adams, Ann\n');
    expect(r.errors).toEqual([
      { line: 2, reason: 'the row has 3 fields but the header has 2: is a comma inside a field that is not quoted?' },
    ]);
  });

  it('refuses a file without an e-mail column, or an empty one, as a whole', () => {
    expect(parse('name,role\nAnn,rep\n')).toMatchObject({
      people: [],
      fatal: expect.stringMatching(/^The header row \(line 1\) has no e-mail column/),
    });
    expect(parse('\n\n')).toMatchObject({ people: [], fatal: 'The file is empty: it needs a header row and one row per person.' });
  });
});

describe('directory cell values', () => {
  it.each([
    ['rep', 'rep'],
    ['Sales Rep', 'rep'],
    ['CSM', 'rep'],
    ['manager', 'manager'],
    ['Team Lead', 'manager'],
    ['CX lead', 'cx_lead'],
    ['cx_lead', 'cx_lead'],
    ['Head of CX', 'cx_lead'],
    ['VP CS', 'vp_cs'],
    ['VP of customer success', 'vp_cs'],
    ['vp_cs', 'vp_cs'],
    ['Vice-President, Customer Success', 'vp_cs'],
    ['janitor', null],
  ])('role %j → %j', (raw, role) => {
    expect(parseRole(raw)).toBe(role);
  });

  it.each([
    ['9', '09:00'],
    ['09:30', '09:30'],
    ['930', '09:30'],
    ['5pm', '17:00'],
    ['12 am', '00:00'],
    ['12pm', '12:00'],
    ['24:00', null],
    ['13pm', null],
    ['noon', null],
  ])('clock %j → %j', (raw, clock) => {
    expect(parseClock(raw)).toBe(clock);
  });

  it('hours ranges', () => {
    expect(parseHours('09:00-17:00')).toEqual({ start: '09:00', end: '17:00' });
    expect(parseHours('8:30 – 16:30')).toEqual({ start: '08:30', end: '16:30' });
    expect(parseHours('9am to 5pm')).toEqual({ start: '09:00', end: '17:00' });
    expect(parseHours('09:00')).toBeNull();
    // "9-5" is how people write a working day: the end is in the afternoon
    expect(parseHours('9-5')).toEqual({ start: '09:00', end: '17:00' });
    expect(parseHours('8:30-5:30')).toEqual({ start: '08:30', end: '17:30' });
    // a night shift stays what it says (and is refused later as past midnight, with that reason)
    expect(parseHours('22-6')).toEqual({ start: '22:00', end: '06:00' });
  });

  it.each([
    ['Mon-Fri', [1, 2, 3, 4, 5]],
    ['Mon–Fri', [1, 2, 3, 4, 5]],
    ['monday to thursday', [1, 2, 3, 4]],
    ['1,2,3,4,5', [1, 2, 3, 4, 5]],
    ['1-5', [1, 2, 3, 4, 5]],
    ['Sun-Thu', [1, 2, 3, 4, 7]],
    ['Fri-Mon', [1, 5, 6, 7]],
    ['Mon, Wed and Fri', [1, 3, 5]],
    ['Tue Thu', [2, 4]],
    ['weekdays', [1, 2, 3, 4, 5]],
    ['every day', [1, 2, 3, 4, 5, 6, 7]],
  ])('working days %j → %j', (raw, days) => {
    expect(parseWorkdays(raw)).toEqual({ ok: true, days });
  });

  it('refuses days it cannot read', () => {
    expect(parseWorkdays('8')).toEqual({ ok: false, reason: '"8" is not a weekday number (1 = Monday … 7 = Sunday)' });
    expect(parseWorkdays('Mon--Fri')).toMatchObject({ ok: false });
    expect(parseWorkdays('Mon-Wed-Fri')).toMatchObject({ ok: false });
  });
});

describe('each importer recognises the other’s files', () => {
  it('the directory importer refuses a survey export and says where it goes', () => {
    const r = parseDirectoryCsv('email,score,comment,date\na@x.example,3,slow,2026-11-20\n', { timeZone: 'UTC' });
    expect(r.people).toEqual([]);
    expect(r.fatal).toMatch(/looks like survey responses.*import it under Survey responses/);
  });

  it('the response importer refuses a team directory and says where it goes', () => {
    const r = parseResponsesCsv('email,name,manager,role,working hours\nsam@x.example,Sam,lee@x.example,rep,9-5\n', { timeZone: 'UTC' });
    expect(r.responses).toEqual([]);
    expect(r.mapping).toBeUndefined();
    expect(r.fatal).toMatch(/looks like a team directory.*import it under Team directory/);
  });
});

describe('the person form', () => {
  it('an empty form is not "a person who manages themself"', () => {
    const r = PersonSchema.safeParse({ email: '', managerEmail: '', timeZone: 'UTC', workdays: [1, 2, 3, 4, 5] });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message)).not.toContain('a person cannot be their own manager');
  });
});
