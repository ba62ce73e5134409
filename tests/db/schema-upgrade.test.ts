import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { LoopsideDb } from '@/lib/db/schema';

/** A database as version 2 left it: the stage names that spelled out the default policy. */
async function versionTwoWith(name: string, rows: object[]): Promise<void> {
  const old = new Dexie(name);
  old.version(2).stores({
    events: 'id, loopId, at',
    loops: 'loopId, email, hubspotId, salesforceId, ownerEmail, status, firstTouchDueAt, [status+firstTouchAt]',
    notified: 'key, loopId, recipient, snoozedUntil',
    outbox: 'eventId, loopId, queuedAt, nextAttemptAt',
    deadLetters: 'eventId, loopId, at',
    people: 'email, managerEmail, role',
    recordLinks: 'key',
    kv: 'key',
  });
  await old.open();
  await old.table('notified').bulkAdd(rows);
  old.close();
}

describe('database version 4: the near-breach stages renamed', () => {
  it('moves warn_75 and warn_1h rows to near_breach_1 and near_breach_2, keeping everything else', async () => {
    const name = 'upgrade-v4';
    await versionTwoWith(name, [
      { key: 'r1|warn_75|', loopId: 'r1', kind: 'warn_75', recipient: '', at: 10, snoozedUntil: 0 },
      { key: 'r1|warn_1h|ann@team.example', loopId: 'r1', kind: 'warn_1h', recipient: 'ann@team.example', at: 20, snoozedUntil: 99 },
      { key: 'r1|breached|', loopId: 'r1', kind: 'breached', recipient: '', at: 30, snoozedUntil: 0 },
      {
        key: 'r2|escalation:manager|bo@team.example',
        loopId: 'r2',
        kind: 'escalation:manager',
        recipient: 'bo@team.example',
        at: 40,
        snoozedUntil: 0,
      },
    ]);
    const db = new LoopsideDb(name);
    const rows = await db.notified.orderBy('key').toArray();
    expect(rows).toEqual([
      { key: 'r1|breached|', loopId: 'r1', kind: 'breached', recipient: '', at: 30, snoozedUntil: 0 },
      { key: 'r1|near_breach_1|', loopId: 'r1', kind: 'near_breach_1', recipient: '', at: 10, snoozedUntil: 0 },
      {
        key: 'r1|near_breach_2|ann@team.example',
        loopId: 'r1',
        kind: 'near_breach_2',
        recipient: 'ann@team.example',
        at: 20,
        snoozedUntil: 99,
      },
      {
        key: 'r2|escalation:manager|bo@team.example',
        loopId: 'r2',
        kind: 'escalation:manager',
        recipient: 'bo@team.example',
        at: 40,
        snoozedUntil: 0,
      },
    ]);
    await db.delete();
  });
});

describe('database version 5: loops know their account and their next wake-up', () => {
  it('fills account id, company key and e-mail domain from each loop’s response; open loops wake on the next scan', async () => {
    const name = 'upgrade-v5';
    const old = new Dexie(name);
    old.version(4).stores({
      events: 'id, loopId, at',
      loops: 'loopId, email, hubspotId, salesforceId, ownerEmail, status, firstTouchDueAt, [status+firstTouchAt]',
    });
    await old.open();
    const response = (id: string, extra: object) => ({ id, scale: 'nps', score: 2, comment: '', respondedAt: 1, extra: {}, ...extra });
    await old.table('events').bulkAdd([
      {
        id: 'a/received',
        loopId: 'a',
        at: 1,
        actor: 'system',
        type: 'received',
        response: response('a', { email: 'ana@Acme.example', company: ' Acme GmbH ', accountId: '0015g00000AbCdEAAV' }),
      },
      { id: 'b/received', loopId: 'b', at: 1, actor: 'system', type: 'received', response: response('b', {}) },
    ]);
    const row = {
      hubspotId: '',
      salesforceId: '',
      ownerEmail: '',
      contactName: '',
      score: 2,
      respondedAt: 1,
      route: 'recovery',
      firstTouchDueAt: 5,
      firstTouchAt: 0,
    };
    await old.table('loops').bulkAdd([
      { ...row, loopId: 'a', email: 'ana@acme.example', status: 'open' },
      { ...row, loopId: 'b', email: '', status: 'resolved' },
    ]);
    old.close();
    const db = new LoopsideDb(name);
    expect(await db.loops.get('a')).toMatchObject({
      accountId: '0015g00000AbCdEAAV',
      companyKey: 'acme gmbh',
      emailDomain: 'acme.example',
      nextWakeAt: 1,
    });
    expect(await db.loops.get('b')).toMatchObject({ accountId: '', companyKey: '', emailDomain: '', nextWakeAt: 0 });
    expect(await db.loops.where('accountId').equals('0015g00000AbCdEAAV').count()).toBe(1);
    await db.delete();
  });
});

describe('database version 12: imports write less per loop', () => {
  it('keeps a v10 store’s loops and events, and lists the loops whose events wait for their response', async () => {
    const name = 'upgrade-v12';
    const old = new Dexie(name);
    old.version(10).stores({
      events: 'id, loopId, at',
      loops:
        'loopId, email, hubspotId, salesforceId, ownerEmail, status, firstTouchDueAt, [status+firstTouchAt], accountId, companyKey, emailDomain, nextWakeAt, attentionAt, [ownerEmail+attentionAt]',
      notified: 'key, loopId, recipient, snoozedUntil',
      outbox: 'eventId, loopId, queuedAt, nextAttemptAt',
      deadLetters: 'eventId, loopId, at',
      people: 'email, managerEmail, role',
      recordLinks: 'key',
      kv: 'key',
      projectionOutbox: 'loopId, queuedAt, nextAttemptAt',
      credentials: 'target',
      dashboardFacts: 'key',
      factsDirty: '++id',
      wakes: 'loopId, wakeAt',
      scanDirty: '++seq',
    });
    await old.open();
    const response = { id: 'a', scale: 'nps', score: 2, comment: 'slow', respondedAt: 1, email: 'ana@acme.example', extra: {} };
    await old.table('events').bulkAdd([
      { id: 'a/received', loopId: 'a', at: 1, actor: 'system', type: 'received', response },
      { id: 't1', loopId: 'b', at: 2, actor: 'alex@x.example', type: 'touch_logged', channel: 'call', outcome: 'reached', note: '' },
    ]);
    const row = {
      loopId: 'a',
      email: 'ana@acme.example',
      hubspotId: '',
      salesforceId: '',
      ownerEmail: 'alex@x.example',
      contactName: '',
      score: 2,
      respondedAt: 1,
      route: 'recovery',
      status: 'open',
      firstTouchDueAt: 5,
      firstTouchAt: 0,
      accountId: '',
      companyKey: '',
      emailDomain: 'acme.example',
      nextWakeAt: 5,
      attentionAt: 4,
    };
    await old.table('loops').add(row);
    await old.table('wakes').add({ loopId: 'a', wakeAt: 5, ownerEmail: 'alex@x.example', attentionAt: 4, subject: null });
    old.close();
    const db = new LoopsideDb(name);
    expect(await db.loops.toArray()).toEqual([row]);
    expect(await db.events.count()).toBe(2);
    expect(await db.wakes.count()).toBe(1);
    expect(await db.orphans.toCollection().primaryKeys()).toEqual(['b']);
    expect(await db.loops.where('[ownerEmail+attentionAt]').equals(['alex@x.example', 4]).count()).toBe(1);
    await db.delete();
  });
});
