import { describe, expect, it } from 'vitest';
import type { AlertKind } from '@/lib/notify/alert';
import { directoryWithMe, recipientsFor } from '@/lib/notify/recipients';
import { dueAlerts } from '@/lib/notify/due';
import { directoryOf, HOUR, MON_10, person, response, stateAt, TEAM, UTC } from './helpers';

const team = directoryOf(TEAM);

describe('recipientsFor: who hears of which alert', () => {
  it.each<[AlertKind, string, string[]]>([
    ['near_breach_1', 'alice@team.example', ['alice@team.example']],
    ['near_breach_2', 'alice@team.example', ['alice@team.example']],
    ['breached', 'alice@team.example', ['alice@team.example', 'mona@team.example']],
    ['escalation:manager', 'alice@team.example', ['mona@team.example']],
    ['escalation:cx_lead', 'alice@team.example', ['cara@team.example']],
    ['escalation:vp_cs', 'alice@team.example', ['vic@team.example']],
    // a manager's own loop: their manager is the VP
    ['breached', 'mona@team.example', ['mona@team.example', 'vic@team.example']],
    ['escalation:manager', 'mona@team.example', ['vic@team.example']],
    // Rhea has no manager: the manager's part climbs to the CX lead
    ['breached', 'rhea@team.example', ['cara@team.example', 'rhea@team.example']],
    ['escalation:manager', 'rhea@team.example', ['cara@team.example']],
    ['near_breach_2', 'rhea@team.example', ['rhea@team.example']],
    // unassigned: no owner, or an owner the directory does not know → every manager
    ['near_breach_1', '', ['max@team.example', 'mona@team.example']],
    ['breached', '', ['max@team.example', 'mona@team.example']],
    ['breached', 'stranger@elsewhere.example', ['max@team.example', 'mona@team.example']],
    ['escalation:manager', 'stranger@elsewhere.example', ['max@team.example', 'mona@team.example']],
    ['escalation:cx_lead', '', ['cara@team.example']],
    ['escalation:vp_cs', '', ['vic@team.example']],
  ])('%s of a loop owned by %j → %j', (kind, owner, expected) => {
    expect(recipientsFor(kind, owner, team)).toEqual(expected);
  });

  it('a role nobody fills passes the alert to the next level up', () => {
    const noCx = directoryOf(TEAM.filter((p) => p.role !== 'cx_lead'));
    expect(recipientsFor('escalation:cx_lead', 'alice@team.example', noCx)).toEqual(['vic@team.example']);
    expect(recipientsFor('breached', 'rhea@team.example', noCx)).toEqual(['rhea@team.example', 'vic@team.example']);
    const noManagers = directoryOf(TEAM.filter((p) => p.role !== 'manager'));
    // Alice's manager is gone from the directory (left the team): the CX lead hears instead
    expect(recipientsFor('escalation:manager', 'alice@team.example', noManagers)).toEqual(['cara@team.example']);
    expect(recipientsFor('near_breach_1', '', noManagers)).toEqual(['cara@team.example']);
  });

  it('with nobody above the level, nobody is alerted', () => {
    const repsOnly = directoryOf(TEAM.filter((p) => p.role === 'rep'));
    expect(recipientsFor('escalation:vp_cs', 'alice@team.example', repsOnly)).toEqual([]);
    expect(recipientsFor('breached', 'rhea@team.example', repsOnly)).toEqual(['rhea@team.example']);
  });

  it('several people in a role all hear of it', () => {
    const twoCx = directoryOf([...TEAM, person('cleo@team.example', { role: 'cx_lead' })]);
    expect(recipientsFor('escalation:cx_lead', 'bob@team.example', twoCx)).toEqual(['cara@team.example', 'cleo@team.example']);
  });
});

describe('directoryWithMe', () => {
  it('adds me with the role from options when the directory does not list me, so my loops are mine', () => {
    const mine = directoryWithMe(team, { email: 'new@team.example', role: 'rep', calendar: UTC });
    expect(recipientsFor('near_breach_1', 'new@team.example', mine)).toEqual(['new@team.example']);
    expect(mine.get('new@team.example')).toMatchObject({
      role: 'rep',
      timeZone: 'UTC',
      workStart: '09:00',
      workEnd: '17:00',
      workdays: [1, 2, 3, 4, 5],
    });
  });

  it('keeps my directory entry but takes my role from options', () => {
    const mine = directoryWithMe(team, { email: 'max@team.example', role: 'cx_lead', calendar: UTC });
    expect(mine.get('max@team.example')).toMatchObject({ name: 'Max', role: 'cx_lead' });
    expect(recipientsFor('escalation:cx_lead', 'alice@team.example', mine)).toEqual(['cara@team.example', 'max@team.example']);
  });
});

describe('dueAlerts: each step of the escalation ladder and matrix reaches its level', () => {
  const recipientsOf = (alerts: ReturnType<typeof dueAlerts>, kind: AlertKind) =>
    alerts.filter((a) => a.kind === kind).map((a) => a.recipient);

  it('24 h without a touch → the owner’s manager; 36 h → the CX lead', () => {
    const r = response({ score: 5 });
    const at24 = dueAlerts(stateAt(r, MON_10 + 24 * HOUR), team, MON_10 + 24 * HOUR);
    expect(recipientsOf(at24, 'escalation:manager')).toEqual(['mona@team.example']);
    expect(recipientsOf(at24, 'escalation:cx_lead')).toEqual([]);
    expect(at24.find((a) => a.kind === 'escalation:manager')!.cause).toEqual({ kind: 'ladder', afterMs: 24 * HOUR });
    const at36 = dueAlerts(stateAt(r, MON_10 + 36 * HOUR), team, MON_10 + 36 * HOUR);
    expect(recipientsOf(at36, 'escalation:cx_lead')).toEqual(['cara@team.example']);
    expect(at36.find((a) => a.kind === 'escalation:cx_lead')!.cause).toEqual({ kind: 'ladder', afterMs: 36 * HOUR });
  });

  it('a critical score with churn intent → the CX lead at once', () => {
    const r = response({ score: 1, comment: 'We are switching to another vendor.' });
    const alerts = dueAlerts(stateAt(r, MON_10 + 1000), team, MON_10 + 1000);
    expect(alerts).toEqual([
      expect.objectContaining({
        kind: 'escalation:cx_lead',
        recipient: 'cara@team.example',
        critical: true,
        cause: { kind: 'churn_intent', afterMs: 0 },
      }),
    ]);
  });

  it('a critical score from a top-revenue account → the VP of customer success at once', () => {
    const r = response({ score: 2, comment: 'Bad.', accountRevenue: 900_000 });
    const alerts = dueAlerts(stateAt(r, MON_10 + 1000, [], { topRevenueThreshold: 500_000 }), team, MON_10 + 1000);
    expect(alerts).toEqual([
      expect.objectContaining({ kind: 'escalation:vp_cs', recipient: 'vic@team.example', cause: { kind: 'top_revenue', afterMs: 0 } }),
    ]);
  });

  it('a second low score from the same contact within 90 days → the owner’s manager at once', () => {
    const earlier = response({ id: 'r0', score: 4, respondedAt: MON_10 - 20 * 24 * HOUR });
    const r = response({ score: 5 });
    const alerts = dueAlerts(stateAt(r, MON_10 + 1000, [], { otherResponses: [earlier] }), team, MON_10 + 1000);
    expect(alerts).toEqual([
      expect.objectContaining({
        kind: 'escalation:manager',
        recipient: 'mona@team.example',
        cause: { kind: 'repeat_low_score', afterMs: 0 },
      }),
    ]);
  });

  it('stages reach the owner, the breach also their manager', () => {
    const r = response({ score: 5 });
    const now = MON_10 + 25 * HOUR; // first touch was due Tue 10:00, one business day later
    const alerts = dueAlerts(stateAt(r, now), team, now);
    expect(recipientsOf(alerts, 'near_breach_1')).toEqual(['alice@team.example']);
    expect(recipientsOf(alerts, 'near_breach_2')).toEqual(['alice@team.example']);
    expect(recipientsOf(alerts, 'breached')).toEqual(['alice@team.example', 'mona@team.example']);
  });

  it('an unassigned loop reaches every manager', () => {
    const now = MON_10 + 25 * HOUR;
    const alerts = dueAlerts(stateAt(response({ ownerEmail: 'gone@team.example' }), now), team, now);
    expect(recipientsOf(alerts, 'near_breach_1')).toEqual(['max@team.example', 'mona@team.example']);
  });

  it('one-person mode: every loop is mine, stages only, to recipient ""', () => {
    const now = MON_10 + 37 * HOUR;
    const alerts = dueAlerts(stateAt(response({ score: 1, comment: 'We are switching to another vendor.' }), now), null, now);
    expect(alerts.map((a) => [a.kind, a.recipient])).toEqual([
      ['near_breach_1', ''],
      ['near_breach_2', ''],
      ['breached', ''],
    ]);
  });

  it('nothing once the loop is touched or closed', () => {
    const now = MON_10 + 37 * HOUR;
    const touch = {
      id: 't',
      loopId: 'r1',
      at: MON_10 + HOUR,
      actor: 'alice@team.example',
      type: 'touch_logged',
      channel: 'call',
      outcome: 'reached',
      note: '',
    } as const;
    const close = {
      id: 'c',
      loopId: 'r1',
      at: MON_10 + HOUR,
      actor: 'alice@team.example',
      type: 'closed',
      state: 'resolved',
      reason: 'Fixed',
    } as const;
    expect(dueAlerts(stateAt(response(), now, [touch]), team, now)).toEqual([]);
    expect(dueAlerts(stateAt(response(), now, [close]), team, now)).toEqual([]);
  });
});
