import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '@/lib/loop';
import { alertKey, type Alert, type AlertKind, type AlertRecord } from '@/lib/notify/alert';
import { dueAlerts, nextAlertAt } from '@/lib/notify/due';
import { planAlerts, type PlanInput } from '@/lib/notify/plan';
import { DEFAULT_POLICY } from '@/lib/loop';
import { directoryOf, HOUR, MINUTE, MON_10, response, stateAt, TEAM, UTC } from './helpers';

const ALWAYS: PlanInput['quietHours'] = { enabled: false, exceptCritical: true };

/** One scan against an in-memory `notified` table: what it shows, with its records written back. */
function tick(store: Map<string, AlertRecord>, due: readonly Alert[], now: number, over: Partial<PlanInput> = {}) {
  const plan = planAlerts({ now, due, notified: store, quietHours: ALWAYS, calendarOf: () => UTC, ...over });
  for (const r of plan.record) store.set(r.key, r);
  return plan;
}

const alert = (loopId: string, kind: AlertKind, over: Partial<Alert> = {}): Alert => ({
  loopId,
  kind,
  recipient: '',
  dueAt: MON_10,
  deadline: MON_10 + 8 * HOUR,
  critical: false,
  ...over,
});

const shown = (plan: ReturnType<typeof planAlerts>) =>
  plan.show.map((p) => `${p.alert.loopId}:${p.alert.kind}${p.reminder ? ' (reminder)' : ''}`);

describe('exactly once per loop, kind and recipient', () => {
  it('over 10 consecutive ticks each stage fires once, in order, and nothing after the touch', () => {
    const store = new Map<string, AlertRecord>();
    const r = response({ score: 5 }); // near_breach_1 Mon 16:00, near_breach_2 Tue 09:00, due Tue 10:00
    const touch = {
      id: 't',
      loopId: 'r1',
      at: MON_10 + 26 * HOUR,
      actor: 'me',
      type: 'touch_logged',
      channel: 'call',
      outcome: 'reached',
      note: '',
    } as const;
    const ticks = [0, 5, 6, 6.5, 23, 23.5, 24, 24.5, 26, 40].map((h) => MON_10 + h * HOUR);
    const fired: string[] = [];
    for (const now of ticks) {
      const state = stateAt(r, now, now >= touch.at ? [touch] : []);
      for (const p of tick(store, dueAlerts(state, null, now), now).show) fired.push(`${(now - MON_10) / HOUR}h ${p.alert.kind}`);
    }
    expect(fired).toEqual(['6h near_breach_1', '23h near_breach_2', '24h breached']);
  });

  it('in team mode a manager hears of the breach once and of each escalation once, over 10 ticks', () => {
    const store = new Map<string, AlertRecord>();
    const team = directoryOf(TEAM);
    const r = response({ score: 5 });
    const fired: string[] = [];
    for (let i = 0; i < 10; i++) {
      const now = MON_10 + 23 * HOUR + i * 2 * HOUR;
      const due = dueAlerts(stateAt(r, now), team, now).filter((a) => a.recipient === 'mona@team.example');
      for (const p of tick(store, due, now).show) fired.push(`${(now - MON_10) / HOUR}h ${p.alert.kind}`);
    }
    // breach and the 24 h ladder step fall together at Tue 10:00: one notification, the most urgent
    expect(fired).toEqual(['25h breached']);
    expect([...store.keys()].sort()).toEqual(['r1|breached|mona@team.example', 'r1|escalation:manager|mona@team.example']);
  });

  it('a warning is never shown after a later stage was recorded', () => {
    const store = new Map<string, AlertRecord>([
      ['a|breached|', { key: 'a|breached|', loopId: 'a', kind: 'breached', recipient: '', at: MON_10, snoozedUntil: 0 }],
    ]);
    const plan = tick(store, [alert('a', 'near_breach_1'), alert('a', 'breached')], MON_10 + MINUTE);
    expect(plan.show).toEqual([]);
    expect(store.has('a|near_breach_1|')).toBe(true);
  });

  it('an escalation reached after the breach was shown still comes, once', () => {
    const store = new Map<string, AlertRecord>();
    tick(store, [alert('a', 'breached')], MON_10);
    expect(shown(tick(store, [alert('a', 'breached'), alert('a', 'escalation:cx_lead')], MON_10 + HOUR))).toEqual(['a:escalation:cx_lead']);
    expect(tick(store, [alert('a', 'breached'), alert('a', 'escalation:cx_lead')], MON_10 + 2 * HOUR).show).toEqual([]);
  });
});

describe('after sleep or a missed tick', () => {
  it('all stages reached at once → one notification, the most urgent; the others are recorded unseen', () => {
    const store = new Map<string, AlertRecord>();
    const now = MON_10 + 30 * HOUR;
    const plan = tick(store, dueAlerts(stateAt(response(), now), null, now), now);
    expect(shown(plan)).toEqual(['r1:breached']);
    expect([...store.keys()].sort()).toEqual(['r1|breached|', 'r1|near_breach_1|', 'r1|near_breach_2|']);
    expect(tick(store, dueAlerts(stateAt(response(), now + MINUTE), null, now + MINUTE), now + MINUTE).show).toEqual([]);
  });

  it('across loops: by urgency, critical first, then the earliest deadline', () => {
    const store = new Map<string, AlertRecord>();
    const plan = tick(
      store,
      [
        alert('warn-late', 'near_breach_1', { deadline: MON_10 + 9 * HOUR }),
        alert('breach-late', 'breached', { deadline: MON_10 + 3 * HOUR }),
        alert('breach-early', 'breached', { deadline: MON_10 + HOUR }),
        alert('breach-critical', 'breached', { deadline: MON_10 + 5 * HOUR, critical: true }),
        alert('vp', 'escalation:vp_cs'),
        alert('cx', 'escalation:cx_lead'),
        alert('mgr', 'escalation:manager'),
        alert('warn-1h', 'near_breach_2'),
      ],
      MON_10,
      { budget: 10 },
    );
    expect(shown(plan)).toEqual([
      'breach-critical:breached',
      'breach-early:breached',
      'breach-late:breached',
      'vp:escalation:vp_cs',
      'cx:escalation:cx_lead',
      'mgr:escalation:manager',
      'warn-1h:near_breach_2',
      'warn-late:near_breach_1',
    ]);
  });
});

describe('budget and summary', () => {
  it('more than 3 due at once: the 3 most urgent are shown, the rest recorded and counted in one summary', () => {
    const store = new Map<string, AlertRecord>();
    const due = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => alert(`l${n}`, n % 2 ? 'near_breach_2' : 'breached', { deadline: MON_10 + n * HOUR }));
    const plan = tick(store, due, MON_10 + 9 * HOUR);
    expect(shown(plan)).toEqual(['l2:breached', 'l4:breached', 'l6:breached']);
    expect(plan.summarized.map((p) => p.alert.loopId)).toEqual(['l8', 'l1', 'l3', 'l5', 'l7']);
    expect(store.size).toBe(8);
    // the summarized ones never come back one by one
    expect(tick(store, due, MON_10 + 10 * HOUR)).toMatchObject({ show: [], summarized: [] });
  });

  it('3 or fewer: all shown, no summary', () => {
    const plan = tick(new Map(), [alert('a', 'near_breach_1'), alert('b', 'near_breach_1'), alert('c', 'near_breach_1')], MON_10);
    expect(plan.show).toHaveLength(3);
    expect(plan.summarized).toEqual([]);
  });
});

describe('quiet hours', () => {
  const QUIET = { enabled: true, exceptCritical: true };
  const fri18 = Date.UTC(2026, 2, 6, 18, 0);
  const sat11 = Date.UTC(2026, 2, 7, 11, 0);
  const mon9 = Date.UTC(2026, 2, 9, 9, 0);

  it('at night an alert is held, not recorded, and shown when working time starts', () => {
    const store = new Map<string, AlertRecord>();
    const plan = tick(store, [alert('a', 'near_breach_2')], fri18, { quietHours: QUIET });
    expect(plan.show).toEqual([]);
    expect(store.size).toBe(0);
    expect(plan.nextWakeAt).toBe(mon9);
    expect(shown(tick(store, [alert('a', 'near_breach_2')], mon9, { quietHours: QUIET }))).toEqual(['a:near_breach_2']);
  });

  it('on a weekend an alert waits for Monday; stages that pile up meanwhile give one notification', () => {
    const store = new Map<string, AlertRecord>();
    expect(tick(store, [alert('a', 'near_breach_1')], sat11, { quietHours: QUIET }).nextWakeAt).toBe(mon9);
    const plan = tick(store, [alert('a', 'near_breach_1'), alert('a', 'near_breach_2'), alert('a', 'breached')], mon9, {
      quietHours: QUIET,
    });
    expect(shown(plan)).toEqual(['a:breached']);
  });

  it('follows the recipient’s own time zone and hours', () => {
    const tokyo: BusinessCalendar = { ...UTC, timeZone: 'Asia/Tokyo' };
    // Monday 10:00 UTC is 19:00 in Tokyo: after hours there, working hours in London
    const calendarOf = (r: string) => (r === 'kenji@team.example' ? tokyo : { ...UTC, timeZone: 'Europe/London' });
    const due = [
      alert('a', 'near_breach_2', { recipient: 'kenji@team.example' }),
      alert('a', 'near_breach_2', { recipient: 'lena@team.example' }),
    ];
    const plan = tick(new Map(), due, MON_10, { quietHours: QUIET, calendarOf });
    expect(plan.show.map((p) => p.alert.recipient)).toEqual(['lena@team.example']);
    expect(plan.nextWakeAt).toBe(Date.UTC(2026, 2, 3, 0, 0)); // Tuesday 09:00 in Tokyo
  });

  it('critical recovery loops break quiet hours when the exception is on, and wait when it is off', () => {
    const critical = [alert('c', 'breached', { critical: true }), alert('s', 'breached')];
    expect(shown(tick(new Map(), critical, sat11, { quietHours: { enabled: true, exceptCritical: true } }))).toEqual(['c:breached']);
    expect(tick(new Map(), critical, sat11, { quietHours: { enabled: true, exceptCritical: false } }).show).toEqual([]);
  });

  it('switched off, alerts come at any hour', () => {
    expect(shown(tick(new Map(), [alert('a', 'near_breach_1')], sat11, { quietHours: { enabled: false, exceptCritical: false } }))).toEqual(
      ['a:near_breach_1'],
    );
  });
});

describe('snooze', () => {
  const snoozed = (key: string, until: number): AlertRecord => {
    const [loopId, kind, recipient] = key.split('|') as [string, string, string];
    return { key, loopId, kind, recipient, at: MON_10, snoozedUntil: until };
  };

  it('comes back once at the end of the snooze, if the loop still waits', () => {
    const store = new Map([['a|near_breach_1|', snoozed('a|near_breach_1|', MON_10 + HOUR)]]);
    const due = [alert('a', 'near_breach_1')];
    const early = tick(store, due, MON_10 + 30 * MINUTE);
    expect(early.show).toEqual([]);
    expect(early.nextWakeAt).toBe(MON_10 + HOUR);
    expect(shown(tick(store, due, MON_10 + HOUR))).toEqual(['a:near_breach_1 (reminder)']);
    expect(store.get('a|near_breach_1|')).toMatchObject({ at: MON_10, snoozedUntil: 0 });
    for (let i = 1; i <= 5; i++) expect(tick(store, due, MON_10 + HOUR + i * MINUTE).show).toEqual([]);
  });

  it('does not come back once the loop was touched or closed (it is no longer due)', () => {
    const store = new Map([['a|near_breach_1|', snoozed('a|near_breach_1|', MON_10 + HOUR)]]);
    expect(tick(store, [], MON_10 + 2 * HOUR).show).toEqual([]);
  });

  it('gives way to a newer stage: no stale warning after the breach', () => {
    const store = new Map([['a|near_breach_2|', snoozed('a|near_breach_2|', MON_10 + HOUR)]]);
    const plan = tick(store, [alert('a', 'near_breach_2'), alert('a', 'breached')], MON_10 + 2 * HOUR);
    expect(shown(plan)).toEqual(['a:breached']);
    expect(store.get('a|near_breach_2|')!.snoozedUntil).toBe(0);
    expect(tick(store, [alert('a', 'near_breach_2'), alert('a', 'breached')], MON_10 + 3 * HOUR).show).toEqual([]);
  });

  it('never moves the SLA: the next stage falls due on time while a warning is snoozed', () => {
    const r = response({ score: 5 });
    const now = MON_10 + 6 * HOUR + MINUTE;
    const state = stateAt(r, now);
    const store = new Map([
      [alertKey({ loopId: 'r1', kind: 'near_breach_1', recipient: '' }), snoozed('r1|near_breach_1|', now + 18 * HOUR)],
    ]);
    const plan = tick(store, dueAlerts(state, null, now), now, { nextDueAt: nextAlertAt(state, DEFAULT_POLICY, now, null)! });
    expect(plan.nextWakeAt).toBe(state.stageTimes.near_breach_2);
    const later = state.stageTimes.near_breach_2;
    expect(shown(tick(store, dueAlerts(stateAt(r, later), null, later), later))).toEqual(['r1:near_breach_2']);
  });
});

describe('next wake-up', () => {
  it('is the earliest of the next alert, the end of quiet hours and a snooze ending', () => {
    const store = new Map([
      [
        'a|near_breach_1|',
        { key: 'a|near_breach_1|', loopId: 'a', kind: 'near_breach_1', recipient: '', at: MON_10, snoozedUntil: MON_10 + 40 * MINUTE },
      ],
    ]);
    expect(tick(store, [alert('a', 'near_breach_1')], MON_10, { nextDueAt: MON_10 + HOUR }).nextWakeAt).toBe(MON_10 + 40 * MINUTE);
    expect(tick(new Map(), [], MON_10, { nextDueAt: MON_10 + HOUR }).nextWakeAt).toBe(MON_10 + HOUR);
    expect(tick(new Map(), [], MON_10).nextWakeAt).toBeUndefined();
  });

  it('nextAlertAt: the next stage or ladder step (team mode only), none once touched', () => {
    const r = response({ score: 5 });
    const team = directoryOf(TEAM);
    const state = stateAt(r, MON_10);
    expect(nextAlertAt(state, DEFAULT_POLICY, MON_10, team)).toBe(state.stageTimes.near_breach_1);
    const tue10 = MON_10 + 24 * HOUR;
    expect(nextAlertAt(stateAt(r, tue10), DEFAULT_POLICY, tue10, team)).toBe(MON_10 + 36 * HOUR); // the CX-lead step
    expect(nextAlertAt(stateAt(r, tue10), DEFAULT_POLICY, tue10, null)).toBeUndefined();
    const touch = {
      id: 't',
      loopId: 'r1',
      at: MON_10 + HOUR,
      actor: 'me',
      type: 'touch_logged',
      channel: 'call',
      outcome: 'reached',
      note: '',
    } as const;
    expect(nextAlertAt(stateAt(r, MON_10 + 2 * HOUR, [touch]), DEFAULT_POLICY, MON_10 + 2 * HOUR, team)).toBeUndefined();
  });
});
