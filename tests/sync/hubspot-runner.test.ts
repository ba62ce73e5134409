import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { LoopsideDb } from '@/lib/db/schema';
import { writeSettings } from '@/lib/db/settings';
import { readPause } from '@/lib/sync/pause';
import { saveCredential } from '@/lib/worker/credentials';
import { createHubSpotRuntime } from '@/lib/worker/handlers/team';
import { createSyncRunner, type SyncRunner } from '@/lib/worker/sync-runner';
import { appendEvents } from '@/lib/db/loops';
import { ctxAt, freshDb, loopEvents, manualClock, seeded, seedQueued, T0 } from './helpers';
import { seededPortal, TOKEN } from './hubspot-kit';

const TARGET = 'hubspot:24681357';
let db: LoopsideDb;
let runner: SyncRunner;
let portal: ReturnType<typeof seededPortal>['portal'];
let logs: string[];

beforeEach(async () => {
  fakeBrowser.reset();
  db = freshDb();
  const clock = manualClock();
  portal = seededPortal({ now: clock.now, uniqueAllowed: ['calls', 'notes', 'emails', 'meetings', 'tasks'] }).portal;
  logs = [];
  const deps = { db: () => db, now: clock.now, newId: () => crypto.randomUUID(), log: (m: string) => logs.push(m) };
  const hubspot = createHubSpotRuntime({ ...deps, fetch: portal.fetch });
  runner = createSyncRunner({
    ...deps,
    random: seeded(5),
    fetch: portal.fetch,
    adapterFor: hubspot.adapterFor,
    teamSourceFor: hubspot.teamSourceFor,
    setTimer: () => () => {},
  });
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
