/**
 * Fault trials for team mode on Salesforce, in node: a rep's and a manager's browsers (each its own
 * store, outbox and cursors, driven by the same outbox, pull and team-poll code the worker runs)
 * share one fake org while it fails in every way it can: 5xx, answers lost after the work was done,
 * requests that hang, expired sessions, a spent daily allocation. After each trial the faults stop
 * and both browsers catch up; then every event either browser recorded must be in the org exactly
 * once, each loop must have exactly one Task, and each browser must hold every event.
 */
import 'fake-indexeddb/auto';
import { foldLoop, type LoopEvent } from '@/lib/loop';
import { LoopsideDb } from '@/lib/db/schema';
import { appendEvents, loopEvents } from '@/lib/db/loops';
import { calendarFor } from '@/lib/db/engine-context';
import { readPolicy, readSettings, writeSettings } from '@/lib/db/settings';
import { defaultSettings } from '@/lib/settings/schema';
import { createSalesforceClient, type SalesforceAuth } from '@/lib/crm/salesforce/api/client';
import { createRateBudget, SALESFORCE_BUDGET } from '@/lib/sync/rate-budget';
import { flushOutbox, flushProjections } from '@/lib/sync/outbox';
import { pullEvents } from '@/lib/sync/pull';
import { asSyncError } from '@/lib/sync/errors';
import { createSalesforceAdapter } from '@/lib/sync/salesforce/adapter';
import { createSalesforceTeamSource } from '@/lib/sync/salesforce/team-source';
import { dexieDirectory } from '@/lib/sync/salesforce/directory';
import { eventFromDescription } from '@/lib/sync/salesforce/tasks';
import { pollTeam } from '@/lib/worker/team-poll';
import { addSurveyResponse, createFakeOrg, seedOrg, type FakeOrg } from '../fake-salesforce/org';
import { seeded } from './seeded';

const ORIGIN = 'https://acme.my.salesforce.com';
const TARGET = `salesforce:${ORIGIN}`;
const MINUTE = 60_000;

export interface TrialReport {
  trials: number;
  events: number;
  lost: number;
  duplicated: number;
  loopTasksWrong: number;
  faults: Record<string, number>;
  requests: number;
}

interface Member {
  email: string;
  db: LoopsideDb;
  sync: () => Promise<void>;
  userId: string;
  /** the org ends this browser's session (timeout, logout elsewhere) */
  expireSession: () => void;
}

let dbCount = 0;

async function member(
  org: FakeOrg,
  email: string,
  userId: string,
  clock: { now: () => number },
  log: (m: string) => void,
): Promise<Member> {
  const db = new LoopsideDb(`sf-trials-${process.pid}-${++dbCount}`);
  await writeSettings(db, { ...defaultSettings('UTC'), myEmail: email, sync: { kind: 'salesforce', instanceUrl: ORIGIN } });
  // The browser's cookie jar: signing in again after an expiry gives a new sid, as a real org would.
  let sid = org.login(userId);
  const auth: SalesforceAuth = {
    token: async () => sid,
    renew: async (refused) => {
      if (refused === sid) sid = org.login(userId);
      return sid;
    },
  };
  const budget = createRateBudget(SALESFORCE_BUDGET, clock.now);
  const client = createSalesforceClient({ origin: ORIGIN, fetch: org.fetch, now: clock.now, auth, budget, timeoutMs: 40 });
  const adapter = createSalesforceAdapter({ client, directory: dexieDirectory(() => db), now: clock.now });
  const team = createSalesforceTeamSource({
    client,
    now: clock.now,
    source: async () => ({ kind: 'feedback', questionTypes: ['NPS'], scale: 'nps' }),
  });
  const opts = { now: clock.now, random: seeded(dbCount), log };
  const loadLoop = async (loopId: string) => {
    const events = await loopEvents(db, loopId);
    if (!events.some((e) => e.type === 'received')) return undefined;
    const [policy, settings] = await Promise.all([readPolicy(db), readSettings(db)]);
    return foldLoop(events, { policy, calendar: calendarFor(policy, settings), now: clock.now() });
  };
  const context = async () => {
    const [policy, settings] = await Promise.all([readPolicy(db), readSettings(db)]);
    return { policy, calendar: calendarFor(policy, settings), now: clock.now() };
  };
  return {
    email,
    db,
    userId,
    expireSession: () => org.expire(sid),
    async sync() {
      // What one pull tick and one flush do in the worker; any failure waits for the next tick.
      try {
        await pollTeam(db, team, { targetKey: TARGET, now: clock.now, log });
      } catch (e) {
        log(`poll: ${asSyncError(e).message}`);
      }
      try {
        await pullEvents(db, adapter, { url: TARGET, context, log });
      } catch (e) {
        log(`pull: ${asSyncError(e).message}`);
      }
      const pushed = await flushOutbox(db, adapter, opts);
      if (!pushed.authError) await flushProjections(db, adapter, { ...opts, loadLoop });
    },
  };
}

/** the rep logged every call of this trial, and neither browser has anything left to send */
async function settled(rep: Member, manager: Member, loopId: string, calls: number): Promise<boolean> {
  const logged = (await loopEvents(rep.db, loopId)).filter((e) => e.type === 'touch_logged').length;
  if (logged < calls) return false;
  for (const m of [rep, manager]) {
    if ((await m.db.outbox.count()) > 0 || (await m.db.projectionOutbox.count()) > 0) return false;
  }
  return true;
}

const FAULTS = ['none', 'unavailable', 'lost', 'hang', 'expired', 'limit'] as const;

export async function runSalesforceTrials(count: number, seed: number, log: (m: string) => void = () => {}): Promise<TrialReport> {
  const random = seeded(seed);
  let t = Date.UTC(2026, 10, 23, 9);
  const clock = { now: () => t };
  const org = createFakeOrg({ host: 'acme.my.salesforce.com', now: clock.now, dailyLimit: 10_000_000 });
  const seedData = seedOrg(org);
  const rep = await member(org, 'alex.rep@loopside.example', seedData.rep.Id, clock, log);
  const manager = await member(org, 'mia.manager@loopside.example', seedData.manager.Id, clock, log);
  const report: TrialReport = { trials: 0, events: 0, lost: 0, duplicated: 0, loopTasksWrong: 0, faults: {}, requests: 0 };

  for (let trial = 0; trial < count; trial++) {
    // A customer answers the survey; the rep calls them (maybe twice); the manager may close the loop.
    const contactId = random() < 0.8 ? seedData.contact.Id : seedData.lead.Id;
    const response = addSurveyResponse(org, seedData, contactId, Math.floor(random() * 11), `trial ${trial}`);
    const loopId = `salesforce:${response.Id}`;
    const fault = FAULTS[Math.floor(random() * FAULTS.length)]!;
    report.faults[fault] = (report.faults[fault] ?? 0) + 1;
    const arm = () => {
      if (fault === 'unavailable') org.inject({ unavailable: 1 + Math.floor(random() * 3) });
      if (fault === 'lost') org.inject({ lostAnswers: 1 + Math.floor(random() * 2) });
      if (fault === 'hang') org.inject({ hang: 1 });
      if (fault === 'limit') org.setUsage(org.usage().max);
    };
    arm();
    for (const m of [rep, manager]) {
      if (fault === 'expired' && random() < 0.7) m.expireSession();
      await m.sync();
    }
    // The rep logs a call on the loop once it is there (a rep whose poll failed logs it next round).
    const calls = 1 + Math.floor(random() * 2);
    for (let round = 0; round < 6; round++) {
      t += 31 * MINUTE;
      if (round === 1 && fault === 'limit') org.setUsage(0);
      if (round === 0) arm();
      if (round === 0 && fault === 'expired') rep.expireSession();
      const loop = await rep.db.loops.get(loopId);
      const logged = (await loopEvents(rep.db, loopId)).filter((e) => e.type === 'touch_logged').length;
      if (loop && logged < calls) {
        const touch: LoopEvent = {
          id: `call-${trial}-${logged}`,
          loopId,
          at: t,
          actor: rep.email,
          type: 'touch_logged',
          channel: 'call',
          outcome: random() < 0.5 ? 'reached' : 'voicemail',
          note: `call ${logged}`,
        };
        const [policy, settings] = await Promise.all([readPolicy(rep.db), readSettings(rep.db)]);
        await appendEvents(rep.db, [touch], { policy, calendar: calendarFor(policy, settings), now: t }, { queueForSync: true });
      }
      for (const m of round % 2 ? [manager, rep] : [rep, manager]) await m.sync();
      // Once the faults are spent, the calls logged and both outboxes empty, more rounds only re-poll:
      // the trial moves on (the final catch-up and count check everything anyway).
      if (round >= 2 && org.faultsLeft() === 0 && (await settled(rep, manager, loopId, calls))) break;
    }
    report.trials++;
  }

  // Faults over: both catch up.
  org.inject({});
  org.setUsage(0);
  for (let round = 0; round < 6; round++) {
    t += 31 * MINUTE;
    await rep.sync();
    await manager.sync();
  }

  const tasks = org.records('Task');
  const inOrg = new Map<string, number>();
  for (const task of tasks) {
    const read = eventFromDescription(task.Description as string | undefined);
    if ('event' in read) inOrg.set(read.event.id, (inOrg.get(read.event.id) ?? 0) + 1);
  }
  const recorded = new Set<string>();
  for (const m of [rep, manager]) for (const e of await m.db.events.toArray()) recorded.add(e.id);
  report.events = recorded.size;
  for (const id of recorded) {
    const n = inOrg.get(id) ?? 0;
    if (n === 0) report.lost++;
    if (n > 1) report.duplicated += n - 1;
  }
  // Both browsers hold everything the org holds.
  for (const m of [rep, manager]) {
    const mine = new Set((await m.db.events.toArray()).map((e) => e.id));
    for (const id of inOrg.keys()) if (!mine.has(id)) report.lost++;
  }
  const loopTasks = tasks.filter((x) => String(x.Loopside_Key__c ?? '').startsWith('l:'));
  const loops = new Set((await rep.db.loops.toArray()).map((l) => l.loopId));
  report.loopTasksWrong = Math.abs(loopTasks.length - loops.size);
  report.requests = org.log.length;
  for (const m of [rep, manager]) m.db.close();
  return report;
}

export const reportLine = (r: TrialReport) => `lost=${r.lost} duplicated=${r.duplicated} trials=${r.trials}`;
