import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Locator, Page } from 'playwright-core';
import { launchWithExtension, openOptions, sidebarFrame, uploadResponses } from './harness';
import { breachCsv, mixedCsv } from './fixtures';
import { audit } from './axe';

const HS = 'https://app.hubspot.com/contacts/24681357/record';
type Launched = Awaited<ReturnType<typeof launchWithExtension>>;

/** Emulated on the page and on the sidebar's frame: an extension frame is its own target (another process). */
async function emulate(page: Page, features: { name: string; value: string }[], frame?: Frame): Promise<void> {
  for (const target of frame ? [page, frame] : [page]) {
    const cdp = await page.context().newCDPSession(target);
    await cdp.send('Emulation.setEmulatedMedia', { features });
  }
}

/** What tells two elements apart without colour names: the computed styles that draw them. */
const look = (locator: Locator) =>
  locator.evaluate((el) => {
    const s = getComputedStyle(el);
    const before = getComputedStyle(el, '::before').content;
    return [s.backgroundColor, s.color, s.borderTopStyle, s.borderTopWidth, s.borderBottomWidth, s.textDecorationLine, before].join('|');
  });

async function openRecord(app: Launched, url: string): Promise<{ page: Page; frame: Frame }> {
  const page = await app.context.newPage();
  await page.goto(url);
  const frame = await sidebarFrame(page);
  await frame.getByTestId('score').waitFor({ timeout: 15_000 });
  return { page, frame };
}

describe('everyone can use it', () => {
  let app: Launched;
  beforeAll(async () => {
    app = await launchWithExtension();
    const options = await openOptions(app.context, app.extensionId);
    await uploadResponses(options, mixedCsv());
    await uploadResponses(options, breachCsv(), /Imported 2 responses/);
    await options.close();
  });
  afterAll(async () => app?.close());

  it('sidebar: a labelled main landmark, customer text marked, no serious axe violation (light, dark, tab, account)', async () => {
    const { page, frame } = await openRecord(app, `${HS}/0-1/53`);
    expect(await frame.getByRole('main', { name: 'Loopside feedback' }).count()).toBe(1);
    expect(await frame.getByTestId('verbatim').getAttribute('lang')).toBe('und');
    expect(await frame.getByTestId('verbatim').evaluate((el) => getComputedStyle(el).fontFamily)).toMatch(
      /Noto Sans CJK JP.*Noto Sans Arabic/,
    );
    expect(JSON.stringify(await audit(frame), null, 1)).toBe('[]');

    await emulate(page, [{ name: 'prefers-color-scheme', value: 'dark' }], frame);
    await expect
      .poll(() => frame.locator('.sidebar').evaluate((el) => getComputedStyle(el).backgroundColor), { timeout: 5000 })
      .toBe('rgb(21, 25, 30)');
    expect(JSON.stringify(await audit(frame), null, 1)).toBe('[]');

    await frame.getByRole('button', { name: 'Collapse' }).click();
    await frame.getByTestId('tab').waitFor({ timeout: 10_000 });
    expect(JSON.stringify(await audit(frame), null, 1)).toBe('[]');
    await frame.getByTestId('tab').click();
    await frame.getByTestId('score').waitFor({ timeout: 10_000 });

    await page.evaluate(() =>
      (window as unknown as { __replicaNavigate(p: string): void }).__replicaNavigate('/contacts/24681357/record/0-2/7001'),
    );
    await frame.getByTestId('account-view').waitFor({ timeout: 15_000 });
    expect(JSON.stringify(await audit(frame), null, 1)).toBe('[]');
    await page.close();
  });

  it("sidebar follows the CRM's own dark theme with a light system setting, and stays AA", async () => {
    const page = await app.context.newPage();
    // A user who chose the CRM's own dark theme (the replica reads this before it builds its page).
    await page.addInitScript(() => {
      (window as unknown as { __replicaTheme: string }).__replicaTheme = 'dark';
    });
    await page.goto(`${HS}/0-1/53`);
    const frame = await sidebarFrame(page);
    await frame.getByTestId('score').waitFor({ timeout: 15_000 });
    expect(await frame.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(false);
    expect(await frame.locator('.sidebar').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(21, 25, 30)');
    expect(JSON.stringify(await audit(frame), null, 1)).toBe('[]');
    await page.close();
  });

  it('sidebar in forced colours: the chosen channel, outcome and close reason differ from the others in more than colour', async () => {
    const { page, frame } = await openRecord(app, `${HS}/0-1/52`);
    await emulate(page, [{ name: 'forced-colors', value: 'active' }], frame);
    await frame.getByRole('radio', { name: 'Left voicemail' }).check();
    const span = (name: string) =>
      frame
        .locator('.choice__option')
        .filter({ has: frame.getByRole('radio', { name, exact: true }) })
        .locator('span');
    expect(await look(span('Left voicemail'))).not.toBe(await look(span('No answer')));
    expect(await look(span('Call'))).not.toBe(await look(span('Email')));
    expect(JSON.stringify(await audit(frame), null, 1)).toBe('[]');

    // How the loop ends: the chosen close reason must stand out from the others too.
    await frame.getByRole('button', { name: 'Close loop…' }).click();
    await frame.getByRole('radio', { name: 'Churned', exact: true }).check();
    expect(await look(span('Churned'))).not.toBe(await look(span('Resolved')));
    expect(await look(span('Churned'))).not.toBe(await look(span('No response')));
    expect(JSON.stringify(await audit(frame), null, 1)).toBe('[]');
    await page.close();
  });

  it('the shortcut moves focus into the sidebar', async () => {
    const { page, frame } = await openRecord(app, `${HS}/0-1/52`);
    await page.bringToFront();
    await page.locator('#hs-nav-v4 a').first().focus();
    const worker = await app.worker();
    await worker.evaluate(() =>
      (globalThis as unknown as { __loopsideTest: { focusSidebar(): Promise<void> } }).__loopsideTest.focusSidebar(),
    );
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 5000 }).toBe('loopside-sidebar');
    await expect
      .poll(() => frame.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value ?? ''), { timeout: 5000 })
      .toBe('call');
    await page.close();
  });

  it('popup: rows named by what they show, the chosen tab and a breached row tell apart in forced colours, no serious axe violation', async () => {
    const popup = await app.context.newPage();
    await popup.goto(`chrome-extension://${app.extensionId}/popup.html`);
    const rows = popup.getByTestId('queue-item');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThan(1);
    // A row's name is what it shows: who, the route, the clock's state.
    await expect
      .poll(() => popup.getByRole('button', { name: /^Maria Keller.*Recovery.*Breached/ }).count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    expect(JSON.stringify(await audit(popup), null, 1)).toBe('[]');

    await emulate(popup, [{ name: 'forced-colors', value: 'active' }]);
    const tabs = popup.getByRole('tab');
    const selected = tabs.and(popup.locator('[aria-selected="true"]'));
    const other = tabs.and(popup.locator('[aria-selected="false"]')).first();
    expect(await look(selected)).not.toBe(await look(other));
    const breached = popup.locator('.row--breached').first();
    const calm = popup.locator('.row:not(.row--breached)').first();
    await breached.waitFor({ timeout: 10_000 });
    expect(await look(breached)).not.toBe(await look(calm));
    expect(JSON.stringify(await audit(popup), null, 1)).toBe('[]');
    await popup.close();
  });

  it('options: no serious axe violation', async () => {
    const options = await openOptions(app.context, app.extensionId);
    await options.getByLabel('Import survey responses (CSV)').waitFor();
    expect(await audit(options)).toEqual([]);
    await options.close();
  });
});
