/**
 * `npm run bench` (Salesforce part): team mode for an org of 1,000 users and 100,000 open loops, one
 * simulated day on a compressed clock, in node against the fake org (tests/fake-salesforce).
 *
 * A sample of browsers run the real client, adapter, team source and poll gate (planned for all
 * 1,000 members and the org's allocation); the rest of the team's writes land in the org directly,
 * so every poll reads the whole team's volume. Prints the API requests one user's browser spends a
 * day against its share of the allocation, and the p95 staleness: how long after a rep's call is
 * written the other members' browsers have it.
 */
import { DEFAULT_POLICY, openLoop, type LoopEvent } from '../lib/loop/index.ts';
import { createSalesforceClient } from '../lib/crm/salesforce/api/client.ts';
import { DEFAULT_ALLOCATION_SHARE } from '../lib/crm/salesforce/api/limits.ts';
import { createRateBudget, SALESFORCE_BUDGET } from '../lib/sync/rate-budget.ts';
import { createSalesforceAdapter } from '../lib/sync/salesforce/adapter.ts';
import { createSalesforceTeamSource } from '../lib/sync/salesforce/team-source.ts';
import { createPollGate } from '../lib/sync/salesforce/poll-gate.ts';
import { eventKey } from '../lib/sync/salesforce/keys.ts';
import { eventTaskFields } from '../lib/sync/salesforce/tasks.ts';
import type { SalesforceDirectory, LoopLinks } from '../lib/sync/salesforce/directory.ts';
import { addSurveyResponse, createFakeOrg, seedOrg } from '../tests/fake-salesforce/org.ts';

const USERS = Number(process.env.BENCH_SF_USERS ?? 1000);
const OPEN_LOOPS = Number(process.env.BENCH_SF_LOOPS ?? 100_000);
/** a loop stays open about a month: the day's new loops keep the open count steady */
const LOOP_LIFE_DAYS = 30;
const SAMPLE = Number(process.env.BENCH_SF_SAMPLE ?? 30);
const SHARE = Number(process.env.BENCH_SF_SHARE ?? DEFAULT_ALLOCATION_SHARE);
/** Enterprise Edition: 100,000 a day plus 1,000 per Salesforce licence */
const ALLOCATION = 100_000 + 1_000 * USERS;
/** what other integrations have used of today's allocation when the day starts */
const OTHERS_USE = 0.4;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const calendar = { ...DEFAULT_POLICY.calendar, timeZone: 'UTC' };
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};

/** What one request was for, from its path and body: a poll of events or responses, or a push. */
function requestKind(url: string, init: RequestInit | undefined): string {
  const u = new URL(url);
  const body = typeof init?.body === 'string' ? init.body : '';
  if (u.pathname.endsWith('/query')) {
    const q = u.searchParams.get('q') ?? '';
    return / FROM Task /.test(q) ? 'poll: events' : / FROM User /.test(q) ? 'poll: people' : 'poll: responses';
  }
  if (u.pathname.includes('/query/')) return 'poll: next page';
  if (u.pathname.endsWith('/composite'))
    return body.includes('"method":"GET"') ? (body.includes('TaskStatus') ? 'picklists' : 'poll: response contacts') : 'push: event tasks';
  if (init?.method === 'PATCH') return 'push: loop task';
  return 'other';
}

export async function benchSalesforce(): Promise<string[]> {
  const start = Date.UTC(2026, 11, 1, 0);
  let t = start;
  const now = () => t;
  const org = createFakeOrg({ host: 'acme.my.salesforce.com', now, dailyLimit: ALLOCATION, sessionTtlMs: 10 * DAY });
  const seedData = seedOrg(org);
  org.setUsage(Math.round(ALLOCATION * OTHERS_USE));
  const users = Array.from({ length: USERS }, (_, i) =>
    org.insert('User', { Email: `user${i}@acme.example`, Name: `User ${i}`, IsActive: true, UserType: 'Standard' }),
  );
  const userIds = new Map(users.map((u) => [String(u.Email), u.Id]));
  const accounts = Array.from({ length: 500 }, (_, i) => org.insert('Account', { Name: `Account ${i}`, AnnualRevenue: 10_000 * (i + 1) }));
  const contacts = Array.from({ length: 5_000 }, (_, i) =>
    org.insert('Contact', {
      Email: `c${i}@cust.example`,
      Name: `Contact ${i}`,
      AccountId: accounts[i % accounts.length]!.Id,
      OwnerId: users[Math.floor(random() * USERS)]!.Id,
    }),
  );

  // What every browser knows about loops (the import puts it in each store).
  const loopLinks = new Map<string, LoopLinks>();
  const directoryFor = (me: string): SalesforceDirectory => ({
    loop: async (id) => loopLinks.get(id),
    userId: async (email) => userIds.get(email),
    me: async () => me,
  });
  const values = { open: 'Not Started', closed: 'Erledigt', high: 'Hoch', normal: 'Normal' };

  interface Browser {
    email: string;
    requests: number;
    /** requests by what they were for: polls (queries) and pushes (composites of writes, upserts) */
    byKind: Map<string, number>;
    adapter: ReturnType<typeof createSalesforceAdapter>;
    team: ReturnType<typeof createSalesforceTeamSource>;
    eventsCursor: string | null;
    responsesCursor: string | null;
    known: Set<string>;
    calls: { loopId: string; at: number; n: number }[];
  }
  const sample: Browser[] = users.slice(0, SAMPLE).map((u) => {
    const email = String(u.Email);
    const b = { email, requests: 0, byKind: new Map<string, number>() } as Browser;
    const sid = org.login(u.Id);
    const gate = createPollGate({ share: () => SHARE, members: () => USERS });
    const client = createSalesforceClient({
      origin: org.origin,
      fetch: (input, init) => {
        b.requests++;
        const kind = requestKind(String(input instanceof Request ? input.url : input), init);
        b.byKind.set(kind, (b.byKind.get(kind) ?? 0) + 1);
        return org.fetch(input, init);
      },
      now,
      auth: { token: async () => sid, renew: async () => sid },
      budget: createRateBudget(SALESFORCE_BUDGET, now),
      onUsage: (usage) => gate.noteUsage(usage),
    });
    Object.assign(b, {
      adapter: createSalesforceAdapter({ client, directory: directoryFor(email), now, gate }),
      team: createSalesforceTeamSource({
        client,
        now,
        gate,
        source: async () => ({ kind: 'feedback', questionTypes: ['NPS'], scale: 'nps' }),
      }),
      eventsCursor: null,
      responsesCursor: null,
      known: new Set<string>(),
      calls: [],
    });
    return b;
  });
  const sampled = new Set(sample.map((b) => b.email));

  /** the call events written, and when, to measure how long the others take to see them */
  const callWrittenAt = new Map<string, { at: number; by: string }>();
  const staleness: number[] = [];
  /** writes of members outside the sample: their Tasks land in the org as their browsers would write them */
  const otherCalls: { loopId: string; at: number; owner: string }[] = [];
  const writeDirect = async (event: LoopEvent, links: LoopLinks) => {
    org.insert('Task', eventTaskFields(event, await eventKey(event.id), { whoId: links.contactId!, whatId: links.accountId! }, values));
  };

  const newPerMinute = OPEN_LOOPS / LOOP_LIFE_DAYS / (24 * 60);
  let owed = 0;
  let responsesToday = 0;
  for (let minute = 0; minute < 24 * 60; minute++) {
    t = start + minute * MINUTE;
    // Survey answers arrive through the day.
    for (owed += newPerMinute; owed >= 1; owed--) {
      const contact = contacts[Math.floor(random() * contacts.length)]!;
      addSurveyResponse(org, seedData, contact.Id, Math.floor(random() * 11), 'Too slow to answer our tickets');
      responsesToday++;
    }
    // Members outside the sample log their calls; their own browsers would write these Tasks.
    while (otherCalls.length && otherCalls[0]!.at <= t) {
      const c = otherCalls.shift()!;
      const event: LoopEvent = {
        id: `call-${c.loopId}`,
        loopId: c.loopId,
        at: t,
        actor: c.owner,
        type: 'touch_logged',
        channel: 'call',
        outcome: 'reached',
        note: '',
      };
      await writeDirect(event, loopLinks.get(c.loopId)!);
      callWrittenAt.set(event.id, { at: t, by: c.owner });
    }
    for (const b of sample) {
      // The worker's one-minute pull tick: the team poll, the event pull, then the flush.
      for (let page = 0; page < 20; page++) {
        const r = await b.team.pullResponses(b.responsesCursor);
        b.responsesCursor = r.cursor;
        for (const response of r.responses) {
          const owner = response.ownerEmail ?? '';
          if (!loopLinks.has(response.id))
            loopLinks.set(response.id, {
              contactId: response.salesforceId!,
              accountId: response.accountId!,
              ownerEmail: owner,
              touched: false,
            });
          if (b.known.has(response.id)) continue;
          b.known.add(response.id);
          const events = openLoop(response, DEFAULT_POLICY, { calendar, recordedAt: t, ownerEmail: owner });
          if (!sampled.has(owner)) {
            // An owner outside the sample: the first sampled browser to see it stands in for that owner's browser.
            if (!otherCalls.some((c) => c.loopId === response.id) && !callWrittenAt.has(`call-${response.id}`)) {
              for (const e of events) await writeDirect(e, loopLinks.get(response.id)!).catch(() => undefined);
              otherCalls.push({ loopId: response.id, at: t + (10 + random() * 110) * MINUTE, owner });
              otherCalls.sort((a, c) => a.at - c.at);
            }
          }
          await b.adapter.pushEvents(events);
          await b.adapter.upsertLoop({
            loopId: response.id,
            ownerEmail: owner,
            status: 'open',
            firstTouchDueAt: t + 4 * 3_600_000,
            route: 'recovery',
            critical: response.score <= 3,
            contact: { email: response.email ?? '', name: response.name ?? '', hubspotId: '', salesforceId: response.salesforceId ?? '' },
            score: response.score,
            respondedAt: response.respondedAt,
            subject: `Recovery follow-up: ${response.name ?? ''} (NPS ${response.score})`,
            body: response.comment,
          });
          if (owner === b.email) b.calls.push({ loopId: response.id, at: t + (10 + random() * 110) * MINUTE, n: 0 });
        }
        if (!r.more) break;
      }
      for (let page = 0; page < 20; page++) {
        const p = await b.adapter.pull(b.eventsCursor);
        if (p.cursor) b.eventsCursor = p.cursor;
        for (const e of p.events) {
          const written = callWrittenAt.get(e.id);
          if (written && written.by !== b.email && !b.known.has(e.id)) staleness.push(t - written.at);
          b.known.add(e.id);
        }
        if (p.events.length === 0) break;
      }
      // The owner's calls: a completed call Task, then the loop's Task moves on.
      for (const c of b.calls.filter((x) => x.at <= t && x.n === 0)) {
        c.n = 1;
        const event: LoopEvent = {
          id: `call-${c.loopId}`,
          loopId: c.loopId,
          at: t,
          actor: b.email,
          type: 'touch_logged',
          channel: 'call',
          outcome: 'reached',
          note: '',
        };
        loopLinks.get(c.loopId)!.touched = true;
        await b.adapter.pushEvents([event]);
        callWrittenAt.set(event.id, { at: t, by: b.email });
        b.known.add(event.id);
      }
    }
  }
  const perUser = sample.map((b) => b.requests);
  const share = (ALLOCATION * SHARE) / USERS;
  const team = pct(perUser, 50) * USERS;
  const min = (ms: number) => `${(ms / MINUTE).toFixed(0)} min`;
  const kinds = new Map<string, number>();
  for (const b of sample) for (const [k, n] of b.byKind) kinds.set(k, (kinds.get(k) ?? 0) + n);
  const perKind = [...kinds]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${(n / sample.length).toFixed(1)}`)
    .join(', ');
  return [
    `salesforce scale: ${USERS.toLocaleString('en-US')} users, ${OPEN_LOOPS.toLocaleString('en-US')} open loops (${responsesToday.toLocaleString('en-US')} new responses in the simulated day), ${SAMPLE} browsers simulated in full`,
    `salesforce API requests per user per day: median ${pct(perUser, 50)}, p95 ${pct(perUser, 95)}; each user's share of the allocation ${share.toFixed(0)} (${(SHARE * 100).toFixed(1)}% of ${ALLOCATION.toLocaleString('en-US')}); whole team ≈ ${Math.round(team).toLocaleString('en-US')} a day = ${((team / ALLOCATION) * 100).toFixed(2)}% of the allocation`,
    `salesforce requests per user per day by kind (mean): ${perKind}`,
    `salesforce staleness (a call written → a teammate's browser has it): median ${min(pct(staleness, 50))}, p95 ${min(pct(staleness, 95))} over ${staleness.length.toLocaleString('en-US')} deliveries`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const keepAlive = setInterval(() => {}, 1000);
  for (const line of await benchSalesforce()) console.log(line);
  clearInterval(keepAlive);
}
