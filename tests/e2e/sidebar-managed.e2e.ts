import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, openOptions, sidebarFrame, uploadResponses } from './harness';
import { mixedCsv } from './fixtures';

const HS = 'https://app.hubspot.com/contacts/24681357/record';
type Launched = Awaited<ReturnType<typeof launchWithExtension>>;

/**
 * A managed Chrome that turns third-party storage partitioning off while blocking third-party
 * cookies refuses IndexedDB to the extension frame on the CRM page. Playwright's own
 * --disable-features list reproduces it.
 */
describe('a sidebar frame refused the store', () => {
  let app: Launched;
  beforeAll(async () => {
    app = await launchWithExtension({ storagePartitioningOff: true });
    const options = await openOptions(app.context, app.extensionId);
    await uploadResponses(options, mixedCsv());
    await options.close();
  });
  afterAll(async () => app?.close());

  it('is really refused IndexedDB here (the case is reproduced, not assumed)', async () => {
    const page = await app.context.newPage();
    await page.goto(`${HS}/0-1/51`);
    const frame = await sidebarFrame(page);
    const opened = await frame.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const request = indexedDB.open('loopside-probe');
          request.onsuccess = () => resolve('opened');
          request.onerror = () => resolve(`refused: ${request.error?.message ?? ''}`);
        }),
    );
    expect(opened).toMatch(/^refused/);
    await page.close();
  });

  it('shows the record’s feedback read through the background, never "no feedback", and logs an outcome', async () => {
    const page = await app.context.newPage();
    await page.goto(`${HS}/0-1/51`);
    const frame = await sidebarFrame(page);
    await expect.poll(() => frame.getByTestId('score').count(), { timeout: 15_000 }).toBe(1);
    expect(await frame.getByTestId('score').textContent()).toBe('2 / 10');
    expect(await frame.getByTestId('empty').count()).toBe(0);
    await frame.getByRole('radio', { name: 'Reached' }).check();
    await frame.getByRole('button', { name: 'Log outcome' }).click();
    // The logged touch comes back through the background too.
    await expect.poll(() => frame.getByTestId('sla-state').textContent(), { timeout: 15_000 }).toMatch(/First touch met/);
    await page.close();
  });

  it('shows an account view through the background as well', async () => {
    const page = await app.context.newPage();
    await page.goto(`${HS}/0-2/7001`);
    const frame = await sidebarFrame(page);
    await frame.getByTestId('account-view').waitFor({ timeout: 15_000 });
    expect(await frame.getByTestId('account-loop').count()).toBe(1);
    await page.close();
  });
});
