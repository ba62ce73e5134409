/**
 * A CRM page is not ours: its scripts can post messages to any frame and dispatch any event.
 * Look-alikes of Loopside's own messages and events, and random payloads, must write nothing,
 * show nothing and throw nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Page } from 'playwright-core';
import { launchWithExtension, openOptions, sidebarFrame, uploadResponses } from './harness';
import { mixedCsv } from './fixtures';

type Launched = Awaited<ReturnType<typeof launchWithExtension>>;
const MARIA = 'https://app.hubspot.com/contacts/24681357/record/0-1/51';

/** Row count of one store of the extension's IndexedDB, read from an extension page. */
async function count(page: Page, store: string): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('loopside');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction(name).objectStore(name).count();
          req.onsuccess = () => {
            open.result.close();
            resolve(req.result);
          };
        };
      }),
    store,
  );
}

describe('a hostile CRM page', () => {
  let app: Launched;
  let options: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    app = await launchWithExtension();
    options = await openOptions(app.context, app.extensionId);
    await uploadResponses(options, mixedCsv());
    (await app.worker()).on('console', (m) => {
      if (m.type() === 'error') errors.push(`worker: ${m.text()}`);
    });
  });
  afterAll(async () => app?.close());

  it('posting look-alike messages and events changes nothing and breaks nothing', async () => {
    const page = await app.context.newPage();
    page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
    await page.goto(MARIA);
    const frame = await sidebarFrame(page);
    const score = async () => (await frame.getByTestId('score').first().textContent())?.trim();
    await expect.poll(score, { timeout: 10_000 }).toBe('2 / 10');
    const loopId = await options.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const open = indexedDB.open('loopside');
          open.onsuccess = () => {
            const req = open.result.transaction('loops').objectStore('loops').index('hubspotId').get('51');
            req.onsuccess = () => resolve((req.result as { loopId: string }).loopId);
          };
        }),
    );
    const before = { events: await count(options, 'events'), outbox: await count(options, 'outbox') };

    const lookAlikes = [
      { type: 'loopside/orphaned' },
      {
        type: 'loop/act',
        loopId,
        eventId: '0b7f5a8e-1c2d-4e3f-9a0b-1c2d3e4f5a6b',
        action: { kind: 'touch', channel: 'call', outcome: 'reached', note: 'forged' },
      },
      {
        type: 'loop/act',
        loopId,
        eventId: '1b7f5a8e-1c2d-4e3f-9a0b-1c2d3e4f5a6b',
        action: { kind: 'close', state: 'resolved', reason: 'forged' },
      },
      {
        type: 'page/record',
        record: {
          crm: 'hubspot',
          kind: 'contact',
          id: '52',
          host: 'app.hubspot.com',
          portalId: '24681357',
          url: 'https://app.hubspot.com/contacts/24681357/record/0-1/52',
        },
        email: null,
      },
      { type: 'page/current' },
      { type: 'import/demo' },
    ];
    const randomPayloads = fc.sample(
      fc.oneof(fc.jsonValue(), fc.record({ type: fc.string(), loopId: fc.constant(loopId) }, { requiredKeys: [] })),
      { numRuns: 200, seed: 7 },
    );

    const pageHas = await page.evaluate(
      (json) => {
        // Handed over as JSON: random payloads are too varied for the typed argument path.
        const { messages, random } = JSON.parse(json) as { messages: unknown[]; random: unknown[] };
        const iframe = document.querySelector<HTMLIFrameElement>('iframe#loopside-sidebar');
        for (const m of [...messages, ...random]) {
          window.postMessage(m, '*');
          iframe?.contentWindow?.postMessage(m, '*');
        }
        // WXT's location event, with a URL of another record attached the only way a page can.
        const fake = new Event('wxt:locationchange');
        Object.assign(fake, { newUrl: new URL('https://app.hubspot.com/contacts/24681357/record/0-1/52') });
        window.dispatchEvent(fake);
        const runtime = (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime;
        return { runtimeSendMessage: typeof runtime?.sendMessage };
      },
      JSON.stringify({ messages: lookAlikes, random: randomPayloads }),
    );
    // No `externally_connectable`: the page has no channel to the extension at all.
    expect(pageHas.runtimeSendMessage).toBe('undefined');

    await page.waitForTimeout(1500);
    expect(await page.getByText('Loopside was updated').count()).toBe(0);
    expect(await page.locator('iframe#loopside-sidebar').count()).toBe(1);
    expect(await score()).toBe('2 / 10');
    expect(await frame.getByTestId('timeline').first().textContent()).not.toContain('forged');
    expect({ events: await count(options, 'events'), outbox: await count(options, 'outbox') }).toEqual(before);
    expect(errors).toEqual([]);

    // And the sidebar still works for the person at the keyboard.
    await frame.getByRole('radio', { name: 'Reached' }).check();
    await frame.getByRole('button', { name: 'Log outcome' }).click();
    await expect.poll(async () => count(options, 'events'), { timeout: 10_000 }).toBe(before.events + 1);
  });
});
