import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type LoopEvent, type SurveyResponse } from '@/lib/loop';
import { LoopsideDb } from '@/lib/db/schema';
import { appendEvents } from '@/lib/db/loops';
import { writeSettings } from '@/lib/db/settings';
import { upsertPeople } from '@/lib/db/people';
import { refreshRevenueThreshold } from '@/lib/db/contact-context';
import { SCAN_STATE_KEY, scanLoops, snooze, SNOOZE_MS, type ScanResult } from '@/lib/worker/scan';
import { eventsFor, HOUR, MINUTE, MON_10, response, TEAM, UTC } from '../notify/helpers';

let db: LoopsideDb;
let n = 0;
beforeEach(() => {
  db = new LoopsideDb(`scan-${++n}`);
});
afterEach(async () => {
  await db.delete();
});

const ctx = (now: number) => ({ policy: DEFAULT_POLICY, calendar: UTC, now });
const add = (r: SurveyResponse) => appendEvents(db, eventsFor(r), ctx(r.respondedAt));
const settings = (over: Record<string, unknown> = {}) => writeSettings(db, { timeZone: 'UTC', ...over });
const touch = (loopId: string, at: number): LoopEvent => ({
  id: `${loopId}/t`,
  loopId,
  at,
  actor: 'me',
  type: 'touch_logged',
  channel: 'call',
  outcome: 'reached',
  note: '',
});

describe('scanLoops in one-person mode', () => {
  beforeEach(() => settings());

  it('shows each stage once over 10 scans, with short text and no verbatim; the badge counts the loop', async () => {
    await add(response({ score: 5, comment: 'We will cancel unless this is fixed.' }));
    const fired: string[] = [];
    for (const h of [1, 6, 6.1, 10, 23, 23.2, 24, 24.5, 30, 31]) {
      const result = await scanLoops(db, MON_10 + h * HOUR);
      for (const s of result.toShow) {
        fired.push(`${h}h ${s.kind}`);
        expect(`${s.title} ${s.message}`).not.toMatch(/cancel|fixed/i);
      }
    }
    expect(fired).toEqual(['6h near_breach_1', '23h near_breach_2', '24h breached']);
    const result = await scanLoops(db, MON_10 + 30 * HOUR);
    expect(result.attentionCount).toBe(1);
    expect(await db.notified.toArray()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'r1|near_breach_1|', recipient: '', kind: 'near_breach_1', snoozedUntil: 0 }),
      ]),
    );
  });

  it('returns what the worker shows: key, text, priority; and when to wake next', async () => {
    await add(response({ score: 5 }));
    const early = await scanLoops(db, MON_10 + HOUR);
    expect(early).toEqual({ toShow: [], attentionCount: 0, nextWakeAt: MON_10 + 6 * HOUR });
    const result = await scanLoops(db, MON_10 + 24 * HOUR + MINUTE);
    expect(result.toShow).toEqual([
      {
        key: 'r1|breached|',
        loopId: 'r1',
        kind: 'breached',
        reminder: false,
        title: 'First-touch SLA breached 1 min ago',
        message: 'Dana Reyes · Recovery · score 5/10 · due Tue 3 Mar, 10:00 UTC',
        priority: 2,
        requireInteraction: true,
      },
    ]);
    // one-person mode escalates to nobody: after the breach nothing is left to wake for
    expect(result.nextWakeAt).toBeUndefined();
  });

  it('leaves the contact name out when options say so', async () => {
    await settings({ showContactNameInNotifications: false });
    await add(response({ score: 5 }));
    const [shown] = (await scanLoops(db, MON_10 + 6 * HOUR)).toShow;
    expect(shown!.message).toMatch(/^A customer · /);
  });

  it('two overlapping scans never both fire one alert', async () => {
    await add(response({ score: 5 }));
    const now = MON_10 + 6 * HOUR;
    const [a, b] = await Promise.all([scanLoops(db, now), scanLoops(db, now)]);
    expect(a.toShow.length + b.toShow.length).toBe(1);
  });

  it('nor do two scans on two connections to the store, nor a snooze meanwhile', async () => {
    for (let i = 0; i < 5; i++) await add(response({ id: `r${i}`, email: `c${i}@x.example`, score: 5 }));
    const other = new LoopsideDb(db.name);
    try {
      const first = await scanLoops(db, MON_10 + 6 * HOUR);
      const shown = first.toShow.map((s) => s.key);
      expect(shown.length).toBeGreaterThan(0);
      const [a, b, snoozed] = await Promise.all([
        scanLoops(db, MON_10 + 30 * HOUR),
        scanLoops(other, MON_10 + 30 * HOUR),
        snooze(other, shown[0]!, MON_10 + 30 * HOUR),
      ]);
      expect(snoozed).toBe(true);
      // One of the two scans announces what came due (the breaches: three and a summary); the other, nothing.
      const announced = [a, b].filter((r) => r.toShow.length > 0 || r.summary);
      expect(announced).toHaveLength(1);
      expect(announced[0]!.toShow).toHaveLength(3);
    } finally {
      other.close();
    }
  });

  it('after a sleep: one notification per loop, most urgent, three at most, and one summary', async () => {
    for (let i = 0; i < 6; i++) await add(response({ id: `r${i}`, email: `c${i}@x.example`, score: 5, respondedAt: MON_10 + i * MINUTE }));
    const now = MON_10 + 30 * HOUR;
    const result = await scanLoops(db, now);
    expect(result.toShow.map((s) => `${s.loopId}:${s.kind}`)).toEqual(['r0:breached', 'r1:breached', 'r2:breached']);
    expect(result.summary).toEqual({ title: '3 more loops need attention', message: 'Open the queue to see them.', count: 3 });
    expect(await db.notified.count()).toBe(18);
    expect(await scanLoops(db, now + MINUTE)).toMatchObject({ toShow: [], attentionCount: 6 });
  });

  it('nothing after the loop is touched; the badge drops it', async () => {
    await add(response({ score: 5 }));
    await appendEvents(db, [touch('r1', MON_10 + 2 * HOUR)], ctx(MON_10 + 2 * HOUR));
    expect(await scanLoops(db, MON_10 + 30 * HOUR)).toEqual({ toShow: [], attentionCount: 0 });
  });

  it('quiet hours hold alerts until working time, recording nothing meanwhile', async () => {
    await add(response({ score: 5, respondedAt: Date.UTC(2026, 2, 5, 9, 0) })); // Thursday 09:00, due Friday 09:00
    const sat = Date.UTC(2026, 2, 7, 12, 0);
    expect(await scanLoops(db, sat)).toMatchObject({ toShow: [], nextWakeAt: Date.UTC(2026, 2, 9, 9, 0) });
    expect(await db.notified.count()).toBe(0);
    const mon = Date.UTC(2026, 2, 9, 9, 0);
    expect((await scanLoops(db, mon)).toShow.map((s) => s.kind)).toEqual(['breached']);
  });

  it('critical recovery loops break quiet hours unless that is switched off', async () => {
    await add(response({ score: 1, respondedAt: Date.UTC(2026, 2, 6, 14, 0) })); // due Monday 10:00 (4 business hours)
    const sat = Date.UTC(2026, 2, 7, 12, 0);
    await settings({ quietHours: { enabled: true, exceptCritical: false } });
    expect((await scanLoops(db, sat)).toShow).toEqual([]);
    await settings({ quietHours: { enabled: true, exceptCritical: true } });
    expect((await scanLoops(db, sat)).toShow.map((s) => s.kind)).toEqual(['near_breach_1']);
  });
});

describe('snooze', () => {
  beforeEach(() => settings({ quietHours: { enabled: false, exceptCritical: true } }));

  it('brings the alert back once after an hour while the loop still waits; the SLA does not move', async () => {
    await add(response({ score: 5 }));
    const t = MON_10 + 6 * HOUR;
    const [shown] = (await scanLoops(db, t)).toShow;
    expect(await snooze(db, shown!.key, t)).toBe(true);
    expect((await db.notified.get(shown!.key))!.snoozedUntil).toBe(t + SNOOZE_MS);
    expect((await scanLoops(db, t + 30 * MINUTE)).toShow).toEqual([]);
    const back = await scanLoops(db, t + HOUR);
    expect(back.toShow.map((s) => [s.key, s.reminder, s.title])).toEqual([
      ['r1|near_breach_1|', true, 'Reminder: first touch due in 17 h'],
    ]);
    expect((await scanLoops(db, t + HOUR + MINUTE)).toShow).toEqual([]);
    expect((await scanLoops(db, MON_10 + 23 * HOUR)).toShow.map((s) => s.kind)).toEqual(['near_breach_2']);
  });

  it('a snoozed alert of a loop touched meanwhile never comes back', async () => {
    await add(response({ score: 5 }));
    const t = MON_10 + 6 * HOUR;
    await scanLoops(db, t);
    await snooze(db, 'r1|near_breach_1|', t);
    await appendEvents(db, [touch('r1', t + 10 * MINUTE)], ctx(t + 10 * MINUTE));
    expect((await scanLoops(db, t + 2 * HOUR)).toShow).toEqual([]);
  });

  it('an unknown key is refused', async () => {
    expect(await snooze(db, 'nope|near_breach_1|', MON_10)).toBe(false);
  });
});

describe('scanLoops in team mode', () => {
  beforeEach(() => upsertPeople(db, TEAM));

  it('a manager hears of the team’s breach and escalation, not of its warnings; the badge counts only their own loops', async () => {
    await settings({ myEmail: 'mona@team.example', role: 'manager' });
    await add(response({ score: 5 }));
    expect((await scanLoops(db, MON_10 + 23 * HOUR)).toShow).toEqual([]);
    const breach = await scanLoops(db, MON_10 + 24 * HOUR);
    expect(breach.toShow.map((s) => [s.key, s.message])).toEqual([
      ['r1|breached|mona@team.example', 'Dana Reyes · Recovery · score 5/10 · due Tue 3 Mar, 10:00 UTC · owner Alice'],
    ]);
    expect(breach.attentionCount).toBe(0);
    // the 24 h ladder step fell due with the breach: recorded, not shown a second time
    expect(await db.notified.get('r1|escalation:manager|mona@team.example')).toBeDefined();
  });

  it('the rep hears of their own stages, and not of another rep’s', async () => {
    await settings({ myEmail: 'alice@team.example' });
    await add(response({ score: 5 }));
    await add(response({ id: 'r2', email: 'other@x.example', ownerEmail: 'bob@team.example', score: 5 }));
    const result = await scanLoops(db, MON_10 + 6 * HOUR);
    expect(result.toShow.map((s) => s.key)).toEqual(['r1|near_breach_1|alice@team.example']);
    expect(result.attentionCount).toBe(1);
  });

  it('the CX lead hears of churn intent at once, and of the 36 h ladder step', async () => {
    await settings({ myEmail: 'cara@team.example', role: 'cx_lead' });
    await add(response({ id: 'churn', score: 1, comment: 'We are switching to another vendor.' }));
    const now = MON_10 + MINUTE;
    expect((await scanLoops(db, now)).toShow.map((s) => [s.key, s.title])).toEqual([
      ['churn|escalation:cx_lead|cara@team.example', 'Escalation to CX lead: churn risk'],
    ]);
    // Sunday 23:00: the 36 h step falls on Tuesday 11:00, inside working hours
    await add(response({ id: 'slow', email: 'slow@x.example', score: 5, respondedAt: MON_10 - 11 * HOUR }));
    expect((await scanLoops(db, MON_10 + 25 * HOUR)).toShow.map((s) => [s.key, s.title])).toEqual([
      ['slow|escalation:cx_lead|cara@team.example', 'Escalation to CX lead: no touch in 36 h'],
    ]);
  });

  it('the VP hears of a critical score from a top-revenue account', async () => {
    await settings({ myEmail: 'vic@team.example', role: 'vp_cs' });
    await add(response({ id: 'big', score: 2, comment: 'Meh.', accountRevenue: 2_000_000, company: 'Big' }));
    await add(response({ id: 'small', email: 's@x.example', score: 9, accountRevenue: 10_000, company: 'Small' }));
    await refreshRevenueThreshold(db, DEFAULT_POLICY);
    expect((await scanLoops(db, MON_10 + MINUTE)).toShow.map((s) => [s.key, s.title])).toEqual([
      ['big|escalation:vp_cs|vic@team.example', 'Escalation to VP CS: top-revenue account'],
    ]);
  });

  it('a second low score from the same contact reaches the owner’s manager', async () => {
    await settings({ myEmail: 'mona@team.example', role: 'manager' });
    await add(response({ id: 'first', score: 4, respondedAt: MON_10 - 10 * 24 * HOUR }));
    await appendEvents(db, [touch('first', MON_10 - 10 * 24 * HOUR + HOUR)], ctx(MON_10));
    await add(response({ id: 'second', score: 5 }));
    expect((await scanLoops(db, MON_10 + MINUTE)).toShow.map((s) => [s.key, s.title])).toEqual([
      ['second|escalation:manager|mona@team.example', 'Escalation to manager: second low score'],
    ]);
  });

  it('an unassigned loop reaches every manager and says so', async () => {
    await settings({ myEmail: 'max@team.example', role: 'manager' });
    await add(response({ ownerEmail: 'gone@team.example', score: 5 }));
    const result = await scanLoops(db, MON_10 + 6 * HOUR);
    expect(result.toShow.map((s) => [s.key, s.message])).toEqual([
      ['r1|near_breach_1|max@team.example', 'Dana Reyes · Recovery · score 5/10 · due Tue 3 Mar, 10:00 UTC · unassigned'],
    ]);
  });

  it('quiet hours follow my directory calendar, in my time zone', async () => {
    await upsertPeople(db, [{ ...TEAM[0]!, timeZone: 'Asia/Tokyo' }]);
    await settings({ myEmail: 'alice@team.example' });
    await add(response({ score: 5 }));
    // Monday 16:00 UTC is 01:00 Tuesday in Tokyo: held until 09:00 there (00:00 UTC)
    expect(await scanLoops(db, MON_10 + 6 * HOUR)).toMatchObject({ toShow: [], nextWakeAt: Date.UTC(2026, 2, 3, 0, 0) });
    expect((await scanLoops(db, Date.UTC(2026, 2, 3, 0, 0))).toShow.map((s) => s.kind)).toEqual(['near_breach_1']);
  });
});

describe('a store from before the scan kept wake rows (database version 8)', () => {
  const V8 = {
    events: 'id, loopId, at',
    loops:
      'loopId, email, hubspotId, salesforceId, ownerEmail, status, firstTouchDueAt, [status+firstTouchAt], accountId, companyKey, emailDomain, nextWakeAt, attentionAt, [ownerEmail+attentionAt]',
    notified: 'key, loopId, recipient, snoozedUntil',
    outbox: 'eventId, loopId, queuedAt, nextAttemptAt',
    deadLetters: 'eventId, loopId, at',
    people: 'email, managerEmail, role',
    projectionOutbox: 'loopId, queuedAt, nextAttemptAt',
    recordLinks: 'key',
    kv: 'key',
    credentials: 'target',
  };
  const seen = (r: ScanResult) => ({ shown: r.toShow.map((a) => a.key), summary: r.summary?.count ?? 0, badge: r.attentionCount });

  it('fires after the upgrade exactly what it would have fired without one: nothing twice, nothing lost, the same badge', async () => {
    await settings();
    await add(response({ id: 'a', score: 5 }));
    await add(response({ id: 'b', email: 'b@x.example', score: 2, respondedAt: MON_10 + 2 * HOUR }));
    await scanLoops(db, MON_10 + 6 * HOUR);
    // The same loops, alerts and settings in a store of version 8 (which had no wake rows).
    const name = `scan-v8-${n}`;
    const old = new Dexie(name);
    old.version(8).stores(V8);
    await old.open();
    for (const table of ['events', 'loops', 'notified']) await old.table(table).bulkPut(await db.table(table).toArray());
    await old.table('kv').bulkPut((await db.kv.toArray()).filter((row) => row.key !== SCAN_STATE_KEY));
    old.close();
    const upgraded = new LoopsideDb(name);
    try {
      const fired: string[] = [];
      for (let hour = 7; hour <= 60; hour += 7) {
        const now = MON_10 + hour * HOUR;
        const expected = seen(await scanLoops(db, now));
        expect(seen(await scanLoops(upgraded, now))).toEqual(expected);
        fired.push(...expected.shown);
      }
      expect(fired).toContain('a|breached|');
    } finally {
      await upgraded.delete();
    }
  });
});
