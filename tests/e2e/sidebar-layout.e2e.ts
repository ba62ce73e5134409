import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { launchWithExtension, openOptions, sidebarFrame, SLOW_MACHINE_MS, uploadResponses } from './harness';
import { mixedCsv } from './fixtures';
import { textUnderSidebar, zoomTo } from './page-boxes';

const HS = 'https://app.hubspot.com/contacts/24681357/record';
const SF = 'https://loopside-demo.lightning.force.com/lightning/r';
const AIKO_18 = '003Dn00000QxYz1IAF';
type Launched = Awaited<ReturnType<typeof launchWithExtension>>;

interface Size {
  name: string;
  width: number;
  height: number;
  zoom: number;
}
const SIZES: Size[] = [
  { name: '1400×900', width: 1400, height: 900, zoom: 1 },
  { name: '1024×768', width: 1024, height: 768, zoom: 1 },
  { name: '1400×900 at 200 % zoom', width: 1400, height: 900, zoom: 2 },
];
const RECORDS = [
  { crm: 'HubSpot', url: `${HS}/0-1/51`, shows: 'Maria Keller' },
  { crm: 'Salesforce', url: `${SF}/Contact/${AIKO_18}/view`, shows: 'Aiko Tanaka' },
];

const frameWidth = (page: Page) => page.locator('iframe#loopside-sidebar').evaluate((f) => Math.round(f.getBoundingClientRect().width));

async function openAt(app: Launched, url: string, size: Size, shows: string): Promise<{ page: Page; frame: Frame }> {
  const page = await app.context.newPage();
  if (size.zoom === 1) await page.setViewportSize({ width: size.width, height: size.height });
  else await zoomTo(page, size, size.zoom);
  await page.goto(url);
  const frame = await sidebarFrame(page);
  // The CRM has rendered its record, and the sidebar has read the store.
  await page.getByText(shows, { exact: true }).first().waitFor({ timeout: SLOW_MACHINE_MS });
  await frame.locator('[data-testid="score"], [data-testid="tab"]').first().waitFor({ timeout: SLOW_MACHINE_MS });
  return { page, frame };
}

// One browser for both parts: the layout checks only read, and run before "act first" logs an outcome.
let app: Launched;
beforeAll(async () => {
  app = await launchWithExtension();
  const options = await openOptions(app.context, app.extensionId);
  await uploadResponses(options, mixedCsv());
  await options.close();
});
afterAll(async () => app?.close());

describe('the sidebar never hides the CRM', () => {
  for (const record of RECORDS)
    for (const size of SIZES)
      it(`${record.crm} at ${size.name}: no CRM text under the sidebar`, async () => {
        const { page, frame } = await openAt(app, record.url, size, record.shows);
        if (size.zoom > 1) {
          // 700 CSS px left for the CRM: the sidebar waits as a tab until asked.
          await expect.poll(() => frameWidth(page), { timeout: SLOW_MACHINE_MS }).toBeLessThan(60);
        } else {
          await expect.poll(() => frameWidth(page), { timeout: SLOW_MACHINE_MS }).toBeGreaterThan(300);
          await frame.getByTestId('score').waitFor();
        }
        expect(await textUnderSidebar(page)).toEqual([]);
        // Expanded on request, it still makes room instead of covering.
        if (size.zoom > 1) {
          await frame.getByTestId('tab').click();
          await expect.poll(() => frameWidth(page), { timeout: SLOW_MACHINE_MS }).toBeGreaterThan(300);
          await frame.getByTestId('score').waitFor();
          expect(await textUnderSidebar(page)).toEqual([]);
          // …and gives the width back when collapsed (the choice is remembered: expand again for the next test).
          await frame.getByRole('button', { name: 'Collapse' }).click();
          await expect.poll(() => frameWidth(page), { timeout: SLOW_MACHINE_MS }).toBeLessThan(60);
          const margin = await page.evaluate(() => getComputedStyle(document.documentElement).marginRight);
          expect(margin).toBe('44px');
          await frame.getByTestId('tab').click();
          await expect.poll(() => frameWidth(page), { timeout: SLOW_MACHINE_MS }).toBeGreaterThan(300);
        }
        await page.close();
      });

  it('shrinks to a tab by itself on a record without feedback, and expands when asked', async () => {
    const { page, frame } = await openAt(app, `${HS}/0-1/54`, SIZES[0]!, 'Jonas Weber');
    await expect.poll(() => frameWidth(page), { timeout: SLOW_MACHINE_MS }).toBeLessThan(60);
    expect(await frame.getByTestId('tab').getAttribute('aria-label')).toMatch(/no feedback/);
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).marginRight)).toBe('44px');
    await frame.getByTestId('tab').click();
    await expect.poll(() => frameWidth(page), { timeout: SLOW_MACHINE_MS }).toBeGreaterThan(300);
    await frame.getByTestId('empty').waitFor();
    // Focus stays on the toggle: the tab's button became the Collapse button.
    await expect.poll(() => frame.evaluate(() => document.activeElement?.textContent ?? '')).toBe('Collapse');
    // The next record with feedback gets the full sidebar again.
    await page.evaluate(() =>
      (window as unknown as { __replicaNavigate(p: string): void }).__replicaNavigate('/contacts/24681357/record/0-1/51'),
    );
    await frame.getByTestId('score').waitFor({ timeout: SLOW_MACHINE_MS });
    await page.close();
  });
});

describe('act first', () => {
  it('puts the outcome form of a critical loop on the first screen at 1024×768', async () => {
    const { page, frame } = await openAt(app, `${HS}/0-1/51`, SIZES[1]!, 'Maria Keller');
    await frame.getByTestId('score').waitFor({ timeout: SLOW_MACHINE_MS });
    expect(await frame.getByText('▲ Critical').count()).toBe(1);
    // The customer's words are readable above the form, not squeezed to a sliver by it.
    const verbatim = await frame.getByTestId('verbatim').evaluate((el) => ({
      shown: el.clientHeight,
      full: el.scrollHeight,
      line: parseFloat(getComputedStyle(el).lineHeight) || 20,
    }));
    expect(verbatim.shown).toBeGreaterThanOrEqual(Math.min(verbatim.full, 3 * verbatim.line));
    const frameBox = (await page.locator('iframe#loopside-sidebar').boundingBox())!;
    const log = frame.getByRole('button', { name: 'Log outcome' });
    const button = (await log.boundingBox())!;
    // Inside the frame as laid out on the page, without scrolling.
    expect(button.y + button.height).toBeLessThanOrEqual(frameBox.y + frameBox.height);
    expect(button.y + button.height).toBeLessThanOrEqual(768);
    // The first line says score, route, state and countdown; the owner is named.
    const first = frame.getByRole('region', { name: 'Latest loop' });
    expect(await first.textContent()).toMatch(/2 \/ 10.*Recovery.*(On track|Near breach|Breached).*(left|overdue)/);
    expect(await frame.getByTestId('owner').textContent()).toContain('alex.rep@loopside.example');
    // "Log outcome" says why it does nothing yet, and stays focusable.
    expect(await log.getAttribute('aria-disabled')).toBe('true');
    expect(await frame.getByTestId('log-blocked').textContent()).toMatch(/Pick an outcome/);
    // The order: first line, outcome form, call script, escalations, timeline.
    const order = await frame.evaluate(() =>
      ['[aria-label="Latest loop"]', 'form.outcome', '[data-testid="call-script"]', '[data-testid="escalations"]', '#timeline-heading'].map(
        (s) => document.querySelector(s)!.getBoundingClientRect().top,
      ),
    );
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    await page.close();
  });

  it('keeps focus on "Log outcome" after logging, and the tab shows the route and the clock', async () => {
    const { page, frame } = await openAt(app, `${HS}/0-1/51`, SIZES[0]!, 'Maria Keller');
    await frame.getByRole('radio', { name: 'Reached' }).check();
    const log = frame.getByRole('button', { name: 'Log outcome' });
    await log.focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => frame.locator('.outcome__status').textContent(), { timeout: SLOW_MACHINE_MS })
      .toMatch(/Logged: Call · Reached/);
    expect(await frame.evaluate(() => document.activeElement?.textContent)).toBe('Log outcome');

    // James: an untouched improvement loop, still on its clock.
    await page.evaluate(() =>
      (window as unknown as { __replicaNavigate(p: string): void }).__replicaNavigate('/contacts/24681357/record/0-1/52'),
    );
    await expect.poll(() => frame.getByTestId('score').textContent(), { timeout: SLOW_MACHINE_MS }).toBe('8 / 10');
    await frame.getByRole('button', { name: 'Collapse' }).click();
    const tab = frame.getByTestId('tab');
    await tab.waitFor({ timeout: SLOW_MACHINE_MS });
    await expect.poll(() => frame.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('tab');
    expect(await tab.getAttribute('class')).toContain('tab-button--improvement');
    expect(await tab.textContent()).toMatch(/^◆(Breached \d+ (min|h|d)|.* left)$/);
    expect(await tab.getAttribute('aria-label')).toMatch(/Loopside: Improvement, score 8, /);
    await tab.press('Enter');
    await frame.getByTestId('score').waitFor({ timeout: SLOW_MACHINE_MS });
    await page.close();
  });
});
