import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_POLICY, openLoop } from '@/lib/loop';
import { LoopsideDb } from '@/lib/db/schema';
import { appendEvents } from '@/lib/db/loops';
import { createWorker } from '@/lib/worker/worker';

const EXT = 'chrome-extension://test-extension-id';
const sidebar = { id: 'test-extension-id', url: `${EXT}/sidebar.html`, tab: { id: 7 }, frameId: 2 };
const options = { id: 'test-extension-id', url: `${EXT}/options.html` };
const contentScript = { id: 'test-extension-id', url: 'https://app.hubspot.com/contacts/1/record/0-1/51', tab: { id: 7 }, frameId: 0 };
const now = Date.UTC(2026, 10, 23, 9);

let db: LoopsideDb;
let logs: string[];
let n = 0;
let worker: ReturnType<typeof createWorker>;

beforeEach(async () => {
  fakeBrowser.reset();
  db = new LoopsideDb(`messages-${++n}`);
  logs = [];
  worker = createWorker({ db: () => db, now: () => now, newId: () => `evt-${logs.length}-${Math.random()}`, log: (m) => logs.push(m) });
  const calendar = { ...DEFAULT_POLICY.calendar, timeZone: 'UTC' };
  const response = {
    id: 'r1',
    scale: 'nps' as const,
    score: 2,
    comment: 'Broken',
    respondedAt: now - 3_600_000,
    email: 'm@x.example',
    extra: {},
  };
  await appendEvents(db, openLoop(response, DEFAULT_POLICY, { calendar, recordedAt: now }), { policy: DEFAULT_POLICY, calendar, now });
});
afterEach(async () => db.delete());

const validLog = {
  type: 'loop/act',
  loopId: 'r1',
  eventId: '7d1f3c52-4a0b-4c1e-9a57-0c7e2b9d6f10',
  action: { kind: 'touch', channel: 'call', outcome: 'reached', note: 'Spoke to Maria' },
};
const eventCount = () => db.events.count();

describe('background messages: accepted', () => {
  it('logs an outcome from the sidebar: one event, queued for sync', async () => {
    const reply = await worker.onMessage(validLog, sidebar);
    expect(reply).toMatchObject({ ok: true });
    expect(await eventCount()).toBe(3);
    expect(await db.outbox.count()).toBe(1);
    expect((await db.loops.get('r1'))!.firstTouchAt).toBe(now);
  });

  it('the same request twice (a retry after the worker stopped) records one event', async () => {
    expect(await worker.onMessage(validLog, sidebar)).toMatchObject({ ok: true });
    expect(await worker.onMessage(validLog, sidebar)).toMatchObject({ ok: true, data: { eventId: validLog.eventId } });
    expect(await eventCount()).toBe(3);
    expect(await db.outbox.count()).toBe(1);
  });

  it('leaves content-script broadcasts to the sidebar (no reply, no write)', async () => {
    expect(worker.onMessage({ type: 'page/record', record: null, email: null }, contentScript)).toBeUndefined();
    expect(await eventCount()).toBe(2);
  });
});

describe('background messages: rejected with a logged reason, nothing written', () => {
  it.each([
    ['a content script asking to log an outcome', validLog, contentScript, /content scripts may not send requests/],
    ['another extension', validLog, { ...sidebar, id: 'someone-else' }, /not this extension/],
    ['an unknown message type', { type: 'loops/deleteAll' }, sidebar, /type/],
    ['a malformed outcome', { ...validLog, action: { ...validLog.action, channel: 'pigeon' } }, sidebar, /channel/],
    ['a note longer than allowed', { ...validLog, action: { ...validLog.action, note: 'x'.repeat(5000) } }, sidebar, /note/],
    ['an event id that is not a UUID', { ...validLog, eventId: 'r1/received' }, sidebar, /eventId/],
    [
      'an import from the sidebar page',
      { type: 'import/csv', text: 'email,score,date\n' },
      sidebar,
      /sidebar\.html may not send import\/csv/,
    ],
    ['settings from a content script', { type: 'settings/save', settings: {} }, contentScript, /content scripts/],
    ['a sender without a URL', validLog, { id: 'test-extension-id' }, /no URL/],
  ])('%s', async (_, message, sender, reason) => {
    const reply = await worker.onMessage(message, sender);
    expect(reply).toMatchObject({ ok: false });
    expect(logs.join('\n')).toMatch(reason);
    expect(await eventCount()).toBe(2);
    expect(await db.outbox.count()).toBe(0);
  });

  it('an outcome for a loop that does not exist writes nothing', async () => {
    expect(await worker.onMessage({ ...validLog, loopId: 'nope' }, sidebar)).toMatchObject({ ok: false });
    expect(await eventCount()).toBe(2);
  });

  it('random payloads from any sender never throw and never write', async () => {
    const senders = fc.constantFrom<object>(
      sidebar,
      options,
      contentScript,
      {},
      { id: 'test-extension-id', url: 'https://evil.example/', tab: { id: 1 } },
    );
    await fc.assert(
      fc.asyncProperty(fc.anything(), senders, async (payload, sender) => {
        const reply = await worker.onMessage(payload, sender);
        if (reply !== undefined) expect(reply.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
    expect(await eventCount()).toBe(2);
  });
});
