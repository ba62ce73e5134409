import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { LoopsideDb } from '@/lib/db/schema';
import { writeSettings } from '@/lib/db/settings';
import { readPause } from '@/lib/sync/pause';
import { saveCredential } from '@/lib/worker/credentials';
import { createHubSpotRuntime } from '@/lib/worker/handlers/team';
import { createSyncRunner, SYNC_PULL_ALARM, type SyncRunner } from '@/lib/worker/sync-runner';
import { appendEvents } from '@/lib/db/loops';
import { upsertPeople } from '@/lib/db/people';
import { browser } from 'wxt/browser';
import { ctxAt, freshDb, loopEvents, manualClock, seeded, seedQueued, T0 } from './helpers';
import { seededPortal, TOKEN } from './hubspot-kit';
import { FRESH_HISTORY, planPolls } from '@/lib/sync/hubspot/poll-plan';

const TARGET = 'hubspot:24681357';
let db: LoopsideDb;
let runner: SyncRunner;
let portal: ReturnType<typeof seededPortal>['portal'];
let logs: string[];
let clock: ReturnType<typeof manualClock>;
let deps: { db: () => LoopsideDb; now: () => number; newId: () => string; log: (m: string) => void };
const newRunner = () => {
  const hubspot = createHubSpotRuntime({ ...deps, fetch: portal.fetch, sleep: async (ms) => void clock.advance(ms) });
  return createSyncRunner({
    ...deps,
    random: seeded(5),
    fetch: portal.fetch,
    adapterFor: hubspot.adapterFor,
    teamSourceFor: hubspot.teamSourceFor,
    pullPlannerFor: hubspot.pullPlannerFor,
    setTimer: () => () => {},
  });
};

beforeEach(async () => {
  fakeBrowser.reset();
  db = freshDb();
  clock = manualClock();
  portal = seededPortal({ now: clock.now, uniqueAllowed: ['calls', 'notes', 'emails', 'meetings', 'tasks'] }).portal;
  logs = [];
  deps = { db: () => db, now: clock.now, newId: () => crypto.randomUUID(), log: (m: string) => void logs.push(m) };
  runner = newRunner();
  await writeSettings(db, { timeZone: 'UTC', sync: { kind: 'hubspot', portalId: '24681357' } });
  await saveCredential(db, TARGET, { token: TOKEN }, clock.now());
});
afterEach(async () => db.delete());

const touchesInHubSpot = () => portal.all('calls').map((c) => c.properties.loopside_event_id);

describe('the sync runner on HubSpot', () => {
  it('pushes the outbox as activities; a revoked token pauses sync with one notice and loses nothing; reconnecting resumes without doubles', async () => {
    // A loop opened from a CSV in team mode: its response and routing are notes, its task is created.
    await appendEvents(db, loopEvents('r0', T0), ctxAt(T0), { queueForSync: true });
    await seedQueued(db, 'r1', 2);
    const first = await runner.syncNow();
    expect(first).toMatchObject({ pushed: 4, upserted: 1, paused: false, pending: 0 });
    expect(portal.all('notes')).toHaveLength(2);
    expect(touchesInHubSpot().sort()).toEqual(['r1-t0', 'r1-t1']);
    // The loop's task carries the verbatim, the next step and the call script.
    const [task, ...more] = portal.all('tasks');
    expect(more).toEqual([]);
    expect(task!.properties.hs_task_body).toMatch(/Broken[\s\S]*Next: [\s\S]*Recovery call:/);

    portal.revoke(TOKEN);
    await seedQueued(db, 'r2', 1);
    const paused = await runner.syncNow();
    expect(paused).toMatchObject({ paused: true, pending: 1 });
    expect((await readPause(db, TARGET))?.message).toMatch(/no longer accepts the token/);
    expect(logs.filter((l) => l.includes('sync paused')).length).toBeLessThanOrEqual(1);

    portal.addToken(TOKEN, [...portal.tokens.get(TOKEN)!.scopes]);
    const resumed = await runner.syncNow();
    expect(resumed).toMatchObject({ paused: false, pending: 0 });
    expect(touchesInHubSpot().sort()).toEqual(['r1-t0', 'r1-t1', 'r2-t0']);
    expect(logs.join('\n')).not.toContain(TOKEN);
  });
});

describe('the pull alarm on HubSpot follows the team plan', () => {
  const team = (size: number) =>
    upsertPeople(
      db,
      Array.from({ length: size }, (_, i) => ({ email: `m${i}@acme.example`, timeZone: 'UTC', crmUserId: String(7_000 + i) })),
    );

  /** this member's plan, worked out from the directory the store holds now */
  const planNow = async (history = FRESH_HISTORY) => {
    const people = await db.people.toArray();
    const members = people.flatMap((p) =>
      p.crmUserId ? [{ ownerId: p.crmUserId, email: p.email, role: p.role, managerEmail: p.managerEmail }] : [],
    );
    return planPolls({ me: '7003', members, history, now: clock.now() });
  };

  it('a 20-person team pulls every minute; in a 1,000-person portal a rep pulls in its own cell of the grid, and only there; a restarted worker keeps or restores it', async () => {
    await writeSettings(db, { timeZone: 'UTC', myEmail: 'm3@acme.example', sync: { kind: 'hubspot', portalId: '24681357' } });
    await team(20);
    await runner.reconcile();
    expect(await browser.alarms.get(SYNC_PULL_ALARM)).toMatchObject({ periodInMinutes: 1 });

    await team(1_000);
    // The worker was stopped and starts again: reconcile moves the alarm to the plan for the team it now knows.
    runner = newRunner();
    await runner.reconcile();
    const planned = await browser.alarms.get(SYNC_PULL_ALARM);
    const plan = await planNow();
    // 1,000 reps, four to a cell of 2.5 s: a round of 625 s, and each rep's turn every fourth round.
    expect(plan.intervalMs).toBe(2_500_000);
    expect(planned).toMatchObject({ periodInMinutes: plan.intervalMs / 60_000, scheduledTime: plan.nextAt });

    // Lost alarm (cleared by hand, a browser update): the next start puts it back.
    await browser.alarms.clear(SYNC_PULL_ALARM);
    runner = newRunner();
    await runner.reconcile();
    expect(await browser.alarms.get(SYNC_PULL_ALARM)).toMatchObject({ scheduledTime: planned!.scheduledTime });
    const searches = () => portal.log.filter((r) => r.search).length;

    // Outside my cell a pull searches nothing (another member's cell may be on): it waits for mine.
    const before = searches();
    expect((await runner.syncNow()).pulled).toBe(0);
    expect(searches()).toBe(before);

    // In my cell: one caught-up poll, four engagement kinds and the feedback submissions, nothing more.
    clock.advance(planned!.scheduledTime - clock.now());
    await runner.syncNow();
    expect(searches() - before).toBe(5);
    expect(portal.log.filter((r) => r.status === 429)).toEqual([]);
    // The poll also read HubSpot's owners: the portal's two owners joined the directory and the plan follows it.
    const after = await browser.alarms.get(SYNC_PULL_ALARM);
    expect(after).toMatchObject({ scheduledTime: (await planNow()).nextAt });
  });

  it('HubSpot answering 429 makes this member skip every other of its slots', async () => {
    await writeSettings(db, { timeZone: 'UTC', myEmail: 'm3@acme.example', sync: { kind: 'hubspot', portalId: '24681357' } });
    await team(20);
    await runner.reconcile();
    expect(await browser.alarms.get(SYNC_PULL_ALARM)).toMatchObject({ periodInMinutes: 1 });
    portal.fault = ({ search }) => (search ? '429' : null);
    await runner.syncNow();
    expect(await browser.alarms.get(SYNC_PULL_ALARM)).toMatchObject({ periodInMinutes: 2 });
  });
});
