import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, openLoop, type LoopEvent } from '@/lib/loop';
import { SyncError } from '@/lib/sync/errors';
import { createPollGate } from '@/lib/sync/salesforce/poll-gate';
import { createRateBudget } from '@/lib/sync/rate-budget';
import { eventKey, loopKey } from '@/lib/sync/salesforce/keys';
import type { LoopProjection } from '@/lib/sync/adapter';
import { calendar, manualClock, T0 } from './helpers';
import { adapterFor, clientFor, cookieJar, mapDirectory, orgAt } from './salesforce-fixtures';

function surveyLoop(loopId: string, contactId: string, accountId: string, at = T0): LoopEvent[] {
  return openLoop(
    {
      id: loopId,
      scale: 'nps',
      score: 2,
      comment: 'The export broke our month-end close',
      respondedAt: at - 3_600_000,
      email: 'dana@globex.example',
      name: 'Dana Buyer',
      salesforceId: contactId,
      accountId,
      ownerEmail: 'alex.rep@loopside.example',
      extra: {},
    },
    DEFAULT_POLICY,
    { calendar, recordedAt: at },
  );
}

const call = (id: string, loopId: string, at: number): LoopEvent => ({
  id,
  loopId,
  at,
  actor: 'alex.rep@loopside.example',
  type: 'touch_logged',
  channel: 'call',
  outcome: 'reached',
  note: 'Walked Dana through the fix',
});

function setup() {
  const clock = manualClock();
  const { org, seed } = orgAt(clock.now);
  const jar = cookieJar(org.login(seed.rep.Id));
  const directory = mapDirectory(
    { 'loop-1': { contactId: seed.contact.Id, accountId: seed.account.Id, ownerEmail: 'alex.rep@loopside.example' } },
    { 'alex.rep@loopside.example': seed.rep.Id, 'mia.manager@loopside.example': seed.manager.Id },
  );
  const adapter = adapterFor(org, jar.auth, directory, clock.now);
  return { clock, org, seed, jar, directory, adapter };
}

describe('Salesforce adapter against the fake org', () => {
  it('writes each event as one completed Task on the contact, closed with the org’s own status word, and never twice', async () => {
    const { org, seed, adapter } = setup();
    const events = [...surveyLoop('loop-1', seed.contact.Id, seed.account.Id), call('call-1', 'loop-1', T0 + 60_000)];
    const first = await adapter.pushEvents(events);
    expect(first.map((o) => o.result)).toEqual(events.map(() => 'stored'));
    // One composite call carried all of them.
    expect(org.log.filter((l) => l.path.endsWith('/composite')).length).toBe(2); // picklists + push

    const again = await adapter.pushEvents(events);
    expect(again.map((o) => o.result)).toEqual(events.map(() => 'already_stored'));
    const tasks = org.records('Task');
    expect(tasks).toHaveLength(events.length);

    const callTask = tasks.find((t) => t.Loopside_Key__c === undefined || t.TaskSubtype === 'Call')!;
    expect(callTask).toMatchObject({
      TaskSubtype: 'Call',
      CallDisposition: 'Reached',
      Status: 'Erledigt',
      IsClosed: true,
      WhoId: seed.contact.Id,
      WhatId: seed.account.Id,
      OwnerId: seed.rep.Id,
      ActivityDate: new Date(T0 + 60_000).toISOString().slice(0, 10),
    });
    expect(callTask.Loopside_Key__c).toBe(await eventKey('call-1'));
    expect(String(callTask.Subject)).toMatch(/Call: reached/);
    expect(String(callTask.Description)).toContain('Walked Dana through the fix');
  });

  it('keeps one open Task per loop: owner, due date and reminder, high priority when critical, closed when the loop closes', async () => {
    const { org, seed, adapter } = setup();
    const projection: LoopProjection = {
      loopId: 'loop-1',
      ownerEmail: 'alex.rep@loopside.example',
      status: 'open',
      firstTouchDueAt: T0 + 4 * 3_600_000,
      route: 'recovery',
      critical: true,
      contact: { email: 'dana@globex.example', name: 'Dana Buyer', hubspotId: '', salesforceId: seed.contact.Id.slice(0, 15) },
      score: 2,
      respondedAt: T0,
      subject: 'Critical recovery follow-up: Dana Buyer (NPS 2)',
      body: 'Verbatim: "The export broke"\nNext: call Dana today',
    };
    expect(await adapter.upsertLoop(projection)).toBe('created');
    expect(await adapter.upsertLoop(projection)).toBe('updated');
    const [task] = org.records('Task');
    expect(org.records('Task')).toHaveLength(1);
    expect(task).toMatchObject({
      Subject: projection.subject,
      Status: 'Not Started',
      Priority: 'Hoch',
      OwnerId: seed.rep.Id,
      WhoId: seed.contact.Id,
      WhatId: seed.account.Id,
      ActivityDate: new Date(T0 + 4 * 3_600_000).toISOString().slice(0, 10),
      IsReminderSet: true,
      ReminderDateTime: new Date(T0 + 4 * 3_600_000).toISOString(),
      Loopside_Key__c: await loopKey('loop-1'),
      IsClosed: false,
    });
    expect(await adapter.upsertLoop({ ...projection, status: 'closed', terminalState: 'resolved' })).toBe('updated');
    expect(org.records('Task')[0]).toMatchObject({ Status: 'Erledigt', IsClosed: true, IsReminderSet: false });
  });

  it('pulls teammates’ events since its cursor, page after page, none skipped or repeated when many share a timestamp', async () => {
    const { org, seed, jar, directory, clock } = setup();
    const rep = adapterFor(org, jar.auth, directory, clock.now);
    const manager = adapterFor(org, cookieJar(org.login(seed.manager.Id)).auth, directory, clock.now);
    const events = [...surveyLoop('loop-1', seed.contact.Id, seed.account.Id)];
    for (let i = 0; i < 230; i++) events.push(call(`call-${i}`, 'loop-1', T0 + i));
    for (let i = 0; i < events.length; i += 25) await rep.pushEvents(events.slice(i, i + 25));
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const p = await manager.pull(cursor);
      seen.push(...p.events.map((e) => e.id));
      expect(p.rejected).toEqual([]);
      if (p.events.length === 0) break;
      cursor = p.cursor;
    }
    expect(seen.sort()).toEqual(events.map((e) => e.id).sort());
    // Later, one more call arrives: only it comes.
    clock.advance(1000);
    await rep.pushEvents([call('late', 'loop-1', clock.now())]);
    expect((await manager.pull(cursor)).events.map((e) => e.id)).toEqual(['late']);
  });

  it('treats a Task whose Description was edited by hand as rejected, not as a crash', async () => {
    const { org, seed, adapter } = setup();
    await adapter.pushEvents([call('call-x', 'loop-1', T0)]);
    const task = org.records('Task')[0]!;
    task.Description = 'someone tidied this up';
    void seed;
    const page = await adapter.pull(null);
    expect(page.events).toEqual([]);
    expect(page.rejected).toEqual([{ id: task.Id, reason: expect.stringMatching(/edited by hand/) }]);
  });

  it('re-reads the session when the org says it expired, and pauses (auth) only when the cookie is gone too', async () => {
    const { org, seed, jar, directory, clock } = setup();
    const adapter = adapterFor(org, jar.auth, directory, clock.now);
    const first = org.login(seed.rep.Id);
    jar.set(first);
    await adapter.pushEvents([call('a', 'loop-1', T0)]);
    org.expire(first);
    jar.set(org.login(seed.rep.Id)); // the user signed in again in another tab
    expect((await adapter.pushEvents([call('b', 'loop-1', T0)]))[0]!.result).toBe('stored');
    org.expire(String(await jar.auth.token()));
    const error = await adapter.pushEvents([call('c', 'loop-1', T0)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).kind).toBe('auth');
    expect((error as SyncError).message).toMatch(/INVALID_SESSION_ID/);
  });

  it('reads Sforce-Limit-Info, stops at REQUEST_LIMIT_EXCEEDED with a long hold, and calls 5xx and timeouts transient', async () => {
    const clock = manualClock();
    const { org, seed } = orgAt(clock.now, { dailyLimit: 5 });
    const jar = cookieJar(org.login(seed.rep.Id));
    const usages: { used: number; max: number }[] = [];
    const client = clientFor(org, jar.auth, clock.now, { onUsage: (u) => usages.push(u), timeoutMs: 50 });
    await client.query('SELECT Id FROM User', 'users');
    expect(client.usage()).toMatchObject({ used: 1, max: 5 });

    org.inject({ unavailable: 1 });
    const down = await client.query('SELECT Id FROM User', 'users').catch((e: unknown) => e as SyncError);
    expect(down).toMatchObject({ kind: 'transient', status: 503 });
    // A 503 holds every request to the org for a while: none goes out before it ends.
    expect(await client.query('SELECT Id FROM User', 'users').catch((e: unknown) => e as SyncError)).toMatchObject({
      kind: 'rate_limited',
    });
    clock.advance(10_000);

    org.inject({ hang: 1 });
    const hung = await client.query('SELECT Id FROM User', 'users').catch((e: unknown) => e as SyncError);
    expect(hung).toMatchObject({ kind: 'transient' });

    clock.advance(1_000);
    await client.query('SELECT Id FROM User', 'users');
    clock.advance(1_000);
    await client.query('SELECT Id FROM User', 'users');
    clock.advance(1_000);
    const spent = await client.query('SELECT Id FROM User', 'users').catch((e: unknown) => e as SyncError);
    expect(spent).toMatchObject({ kind: 'rate_limited', status: 403 });
    expect((spent as SyncError).message).toMatch(/REQUEST_LIMIT_EXCEEDED/);
    expect((spent as SyncError).retryAfterMs).toBeGreaterThanOrEqual(30 * 60_000);
    expect(usages.at(-1)).toMatchObject({ used: 5, max: 5 });
  });

  it('follows nextRecordsUrl through every batch of a long query', async () => {
    const clock = manualClock();
    const { org, seed } = orgAt(clock.now);
    for (let i = 0; i < 450; i++)
      org.insert('User', { Email: `u${i}@acme.example`, Name: `User ${i}`, IsActive: true, UserType: 'Standard' });
    const client = clientFor(org, cookieJar(org.login(seed.rep.Id)).auth, clock.now);
    const users = await client.queryAll('SELECT Id, Email FROM User WHERE IsActive = true', 'users');
    expect(users).toHaveLength(452);
    expect(org.log.filter((l) => /\/query\/01g/.test(l.path))).toHaveLength(2);
  });

  it('polls only as often as the team’s share of the org’s allocation allows', async () => {
    const clock = manualClock();
    const { org, seed } = orgAt(clock.now, { dailyLimit: 100_000 });
    const gate = createPollGate({ share: () => 0.05, members: () => 50 });
    const jar = cookieJar(org.login(seed.rep.Id));
    const client = clientFor(org, jar.auth, clock.now, { onUsage: (u) => gate.noteUsage({ ...u, at: clock.now() }) });
    const { createSalesforceAdapter } = await import('@/lib/sync/salesforce/adapter');
    const adapter = createSalesforceAdapter({ client, directory: mapDirectory({}, {}), now: clock.now, gate });
    await adapter.pull(null);
    const calls = () => org.log.length;
    const afterFirst = calls();
    // 5% of 100,000 among 50 people = 100 a day each, 70% for polls of 2 requests: one poll per ~41 min.
    expect(gate.plan().intervalMs).toBeGreaterThan(40 * 60_000);
    clock.advance(60_000);
    await adapter.pull('');
    expect(calls()).toBe(afterFirst);
    clock.advance(gate.plan().intervalMs);
    await adapter.pull('');
    expect(calls()).toBe(afterFirst + 1);
    void createRateBudget;
  });
});

describe('who writes what every member imported', () => {
  it('the loop owner’s browser writes the import’s Tasks; a teammate’s browser spends no request on them', async () => {
    const clock = manualClock();
    const { org, seed } = orgAt(clock.now);
    const loops = { 'loop-1': { contactId: seed.contact.Id, accountId: seed.account.Id, ownerEmail: 'alex.rep@loopside.example' } };
    const users = { 'alex.rep@loopside.example': seed.rep.Id, 'mia.manager@loopside.example': seed.manager.Id };
    const managerSide = adapterFor(
      org,
      cookieJar(org.login(seed.manager.Id)).auth,
      mapDirectory(loops, users, 'mia.manager@loopside.example'),
      clock.now,
    );
    const repSide = adapterFor(
      org,
      cookieJar(org.login(seed.rep.Id)).auth,
      mapDirectory(loops, users, 'alex.rep@loopside.example'),
      clock.now,
    );
    const events = surveyLoop('loop-1', seed.contact.Id, seed.account.Id);
    const before = org.log.length;
    expect((await managerSide.pushEvents(events)).map((o) => o.result)).toEqual(events.map(() => 'already_stored'));
    expect(org.log.length).toBe(before);
    expect((await repSide.pushEvents(events)).map((o) => o.result)).toEqual(events.map(() => 'stored'));
    expect(org.records('Task')).toHaveLength(events.length);
  });
});
