import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, parsePolicy, PRESETS, type Policy } from '@/lib/loop';

/** A deep copy of the default policy with one change applied. */
function edited(change: (p: any) => void): unknown {
  const p = structuredClone(DEFAULT_POLICY) as any;
  change(p);
  return p;
}

function issuesOf(input: unknown): { path: string; message: string }[] {
  const r = parsePolicy(input);
  if (r.ok) throw new Error('expected the policy to be rejected');
  return r.issues;
}

describe('parsePolicy accepts', () => {
  it('DEFAULT_POLICY, unchanged', () => {
    const r = parsePolicy(DEFAULT_POLICY);
    expect(r).toEqual({ ok: true, policy: DEFAULT_POLICY });
  });

  it.each(Object.entries(PRESETS))('the preset %s', (id, preset) => {
    const r = parsePolicy(preset);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.policy).toEqual(preset);
      expect(r.policy.preset).toBe(id);
    }
  });

  it('a JSON round trip of every preset (what storage gives back)', () => {
    for (const preset of Object.values(PRESETS))
      expect(parsePolicy(JSON.parse(JSON.stringify(preset)))).toEqual({ ok: true, policy: preset });
  });

  it('a calendar with its defaults left out (workdays Mon–Fri, 09:00–17:00, no holidays)', () => {
    const r = parsePolicy(edited((p) => (p.calendar = { timeZone: 'Europe/Berlin' })));
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.policy.calendar).toEqual({
        timeZone: 'Europe/Berlin',
        workdays: [1, 2, 3, 4, 5],
        start: '09:00',
        end: '17:00',
        holidays: [],
      });
  });

  it('a custom policy with other bands, zone and hours', () => {
    const r = parsePolicy(
      edited((p) => {
        p.preset = 'custom';
        p.version = 7;
        p.scales.nps = { min: 0, max: 10, recoveryMax: 5, improvementMax: 7, criticalMax: null };
        p.calendar = { timeZone: 'Asia/Kolkata', workdays: [7, 1, 2, 3, 4], start: '10:30', end: '18:30', holidays: ['2026-01-26'] };
      }),
    );
    expect(r.ok).toBe(true);
  });

  it('does not mutate its input', () => {
    const input = JSON.parse(JSON.stringify(DEFAULT_POLICY));
    const before = JSON.stringify(input);
    parsePolicy(input);
    expect(JSON.stringify(input)).toBe(before);
  });
});

describe('parsePolicy rejects, naming the path and reason of each problem', () => {
  it.each<[string, (p: any) => void, string, RegExp]>([
    ['nearBreach.fraction 1.5', (p) => (p.nearBreach.fraction = 1.5), 'nearBreach.fraction', /(too big|<\s*1|less than)/i],
    ['nearBreach.fraction 0', (p) => (p.nearBreach.fraction = 0), 'nearBreach.fraction', /(too small|>\s*0|greater than)/i],
    ['nearBreach.beforeDueMs negative', (p) => (p.nearBreach.beforeDueMs = -5), 'nearBreach.beforeDueMs', /(too small|>\s*0|positive)/i],
    ['calendar.timeZone Mars/Base', (p) => (p.calendar.timeZone = 'Mars/Base'), 'calendar.timeZone', /not an IANA time zone/],
    [
      'calendar end before start',
      (p) => Object.assign(p.calendar, { start: '17:00', end: '09:00' }),
      'calendar.end',
      /start must be before end/,
    ],
    [
      'calendar end equal to start',
      (p) => Object.assign(p.calendar, { start: '09:00', end: '09:00' }),
      'calendar.end',
      /start must be before end/,
    ],
    ['calendar.start 25:00', (p) => (p.calendar.start = '25:00'), 'calendar.start', /HH:MM/],
    ['calendar.end 9:00 (no leading zero)', (p) => (p.calendar.end = '9:00'), 'calendar.end', /HH:MM/],
    ['calendar.workdays empty', (p) => (p.calendar.workdays = []), 'calendar.workdays', /(too small|at least|>=\s*1)/i],
    ['calendar.workdays with 8', (p) => (p.calendar.workdays = [1, 8]), 'calendar.workdays.1', /(too big|<=\s*7)/i],
    [
      'calendar.holidays with a bad date',
      (p) => (p.calendar.holidays = ['2026-12-25', '25/12/2026']),
      'calendar.holidays.1',
      /invalid|match/i,
    ],
    [
      'NPS bands out of order',
      (p) => Object.assign(p.scales.nps, { recoveryMax: 8, improvementMax: 6 }),
      'scales.nps',
      /min ≤ recoveryMax < improvementMax < max/,
    ],
    ['CSAT improvementMax at the top of the scale', (p) => (p.scales.csat.improvementMax = 5), 'scales.csat', /bands must satisfy/],
    ['CES recoveryMax below min', (p) => (p.scales.ces.recoveryMax = 0), 'scales.ces', /bands must satisfy/],
    ['criticalMax above the recovery band', (p) => (p.scales.nps.criticalMax = 7), 'scales.nps.criticalMax', /within the recovery band/],
    ['firstTouch amount 0', (p) => (p.firstTouch.critical.amount = 0), 'firstTouch.critical.amount', /(too small|>\s*0|positive)/i],
    ['firstTouch unit weeks', (p) => (p.firstTouch.recovery.unit = 'weeks'), 'firstTouch.recovery.unit', /invalid|expected one of/i],
    ['version 0', (p) => (p.version = 0), 'version', /(too small|>=\s*1)/i],
    ['unknown preset', (p) => (p.preset = 'turbo'), 'preset', /invalid|expected one of/i],
    ['empty escalation ladder', (p) => (p.escalation.ladder = []), 'escalation.ladder', /(too small|at least|>=\s*1)/i],
    ['resurvey minDays > maxDays', (p) => (p.resurvey = { minDays: 90, maxDays: 30 }), 'resurvey', /minDays must not exceed maxDays/],
    ['attempts.max 0', (p) => (p.attempts.max = 0), 'attempts.max', /(too small|>=\s*1)/i],
    ['complaint queue empty', (p) => (p.complaintQueues.product = ''), 'complaintQueues.product', /(too small|at least|>=\s*1)/i],
  ])('%s', (_name, change, path, message) => {
    const issues = issuesOf(edited(change));
    const hit = issues.find((i) => i.path === path);
    expect(hit, `issues were ${JSON.stringify(issues)}`).toBeDefined();
    expect(hit!.message).toMatch(message);
  });

  it('reports every problem at once, each with its own path', () => {
    const issues = issuesOf(
      edited((p) => {
        p.nearBreach.fraction = 1.5;
        p.calendar.timeZone = 'Mars/Base';
        Object.assign(p.scales.nps, { recoveryMax: 8, improvementMax: 6 });
        p.attempts.max = 99;
      }),
    );
    const paths = issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['nearBreach.fraction', 'calendar.timeZone', 'scales.nps', 'attempts.max']));
    for (const i of issues) expect(i.message.length).toBeGreaterThan(0);
  });

  it.each([null, undefined, 42, 'policy', []])('a non-object (%j) with the root path "(policy)"', (input) => {
    const issues = issuesOf(input);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('(policy)');
  });

  it('a policy missing a section names that section', () => {
    const { nearBreach: _drop, ...rest } = structuredClone(DEFAULT_POLICY) as Policy;
    expect(issuesOf(rest).map((i) => i.path)).toContain('nearBreach');
  });
});
