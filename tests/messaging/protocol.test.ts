import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_POLICY, openLoop } from '@/lib/loop';
import { LoopsideDb } from '@/lib/db/schema';
import { appendEvents } from '@/lib/db/loops';
import { createWorker } from '@/lib/worker/worker';
import { ask, NoAnswerError, RefusedError } from '@/lib/messaging/ask';
import { BACKGROUND_MESSAGES, BACKGROUND_TYPES, pagesAllowedToSend, type BackgroundRequest } from '@/lib/messaging/protocol';

const EXT = 'chrome-extension://test-extension-id';
const from = (page: string, tab?: number) => ({
  id: 'test-extension-id',
  url: `${EXT}${page}`,
  ...(tab === undefined ? {} : { tab: { id: tab } }),
});
const now = Date.UTC(2026, 10, 23, 9);

describe('the protocol table', () => {
  it('names at least one extension page for every request, and never a web page', () => {
    for (const type of BACKGROUND_TYPES) {
      const pages = pagesAllowedToSend(type);
      expect(pages.length, type).toBeGreaterThan(0);
      for (const page of pages) expect(page, type).toMatch(/^\/[a-z]+\.html$/);
    }
  });
});

describe('ask(): the one client of the background', () => {
  beforeEach(() => fakeBrowser.reset());

  const answer = (reply: unknown) => vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(reply as never);

  it('returns the reply data checked against its schema', async () => {
    answer({ ok: true, data: { retried: 3 } });
    await expect(ask({ type: 'deadletter/retry', eventId: '*' })).resolves.toEqual({ retried: 3 });
  });

  it('turns a refusal into a RefusedError carrying the background’s reason', async () => {
    answer({ ok: false, error: 'No loop r9' });
    const error = await ask({ type: 'record/open', loopId: 'r9' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as Error).message).toBe('No loop r9');
  });

  it('turns silence (a worker stopped mid-request) into a NoAnswerError, which may be retried', async () => {
    answer(undefined);
    await expect(ask({ type: 'sync/now' })).rejects.toBeInstanceOf(NoAnswerError);
  });

  it('rejects a reply out of protocol instead of handing it to the view', async () => {
    answer({ ok: true, data: { retried: 'three' } });
    await expect(ask({ type: 'deadletter/retry', eventId: '*' })).rejects.toThrow(/deadletter\/retry out of protocol: retried/);
    answer({ status: 'fine' });
    await expect(ask({ type: 'sync/now' })).rejects.toThrow(/unreadable/);
  });
});

describe('every reply the worker gives matches the reply schema of its request', () => {
  let db: LoopsideDb;
  let n = 0;
  beforeEach(async () => {
    fakeBrowser.reset();
    db = new LoopsideDb(`protocol-${++n}`);
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

  const requests: [BackgroundRequest, string][] = [
    [
      {
        type: 'loop/act',
        loopId: 'r1',
        eventId: '7d1f3c52-4a0b-4c1e-9a57-0c7e2b9d6f10',
        action: { kind: 'touch', channel: 'call', outcome: 'reached', note: '' },
      },
      '/sidebar.html',
    ],
    [{ type: 'import/csv', text: 'email,score,date\na@b.example,3,2026-11-20T10:00:00Z\n' }, '/options.html'],
    [{ type: 'import/demo' }, '/options.html'],
    [{ type: 'settings/save', settings: { timeZone: 'Europe/Berlin' } }, '/options.html'],
    [{ type: 'policy/save', preset: 'working_day', holidayRegion: '', holidays: [] }, '/options.html'],
    [{ type: 'tab/whoami' }, '/sidebar.html'],
    [{ type: 'record/seen', url: 'https://app.hubspot.com/contacts/1/record/0-1/5', keys: ['hubspot:0-1:5'] }, '/sidebar.html'],
    [{ type: 'people/import', text: 'email,name\nana@x.example,Ana\n' }, '/options.html'],
    [{ type: 'people/save', person: { email: 'bo@x.example', name: 'Bo', role: 'rep', timeZone: 'Europe/Berlin' } }, '/options.html'],
    [{ type: 'people/delete', email: 'bo@x.example' }, '/options.html'],
    [{ type: 'deadletter/retry', eventId: '*' }, '/options.html'],
  ];

  it.each(requests)('%o', async (request, page) => {
    const logs: string[] = [];
    const worker = createWorker({ db: () => db, now: () => now, newId: () => crypto.randomUUID(), log: (m) => logs.push(m) });
    const reply = await worker.onMessage(request, from(page, 7));
    expect(reply, `${JSON.stringify(reply)} ${logs.join('\n')}`).toMatchObject({ ok: true });
    const data = (reply as { data: unknown }).data;
    expect(BACKGROUND_MESSAGES[request.type].reply.safeParse(data).success).toBe(true);
  });
});
