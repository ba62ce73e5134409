import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { launchWithExtension, openOptions, sidebarFrame, uploadResponses } from './harness';
import { mixedCsv } from './fixtures';

const HS = 'https://app.hubspot.com/contacts/24681357/record';
type Launched = Awaited<ReturnType<typeof launchWithExtension>>;
declare const chrome: {
  runtime: { reload(): void };
  storage: { local: { get(key: null): Promise<Record<string, unknown>> } };
};

async function importCsv(context: BrowserContext, extensionId: string, csv: string) {
  const options = await openOptions(context, extensionId);
  await uploadResponses(options, csv);
  await options.close();
}

async function openRecord(context: BrowserContext, url: string): Promise<{ page: Page; frame: Frame }> {
  const page = await context.newPage();
  await page.goto(url);
  const frame = await sidebarFrame(page);
  await expect.poll(() => frame.getByTestId('score').count(), { timeout: 10_000 }).toBe(1);
  return { page, frame };
}

const textOf = async (frame: Frame, testId: string) => (await frame.getByTestId(testId).first().textContent())?.trim() ?? '';

/**
 * Chromium reloads an unpacked extension (chrome.runtime.reload, like an update) only with
 * developer mode on; otherwise it stays disabled. A fresh profile gets the preference up front.
 */
function profileWithDeveloperMode(): string {
  const dir = mkdtempSync(join(tmpdir(), 'loopside-profile-'));
  mkdirSync(join(dir, 'Default'));
  writeFileSync(join(dir, 'Default', 'Preferences'), JSON.stringify({ extensions: { ui: { developer_mode: true } } }));
  return dir;
}

describe('an extension update under an open CRM tab', () => {
  let app: Launched;
  let profile: string;
  beforeAll(async () => {
    profile = profileWithDeveloperMode();
    app = await launchWithExtension({ userDataDir: profile });
    await importCsv(app.context, app.extensionId, mixedCsv());
  });
  afterAll(async () => {
    await app?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('shows a reload notice instead of a dead sidebar and brings the unsent draft back', async () => {
    const { page, frame } = await openRecord(app.context, `${HS}/0-1/51`);
    await frame.getByRole('radio', { name: 'Email', exact: true }).check();
    await frame.getByRole('radio', { name: 'Left voicemail' }).check();
    await frame.getByRole('textbox', { name: 'Note' }).fill('Call back after 3pm <b>not bold</b>');
    // The draft is written shortly after typing stops.
    await expect
      .poll(() => frame.evaluate(async () => JSON.stringify(await chrome.storage.local.get(null))), { timeout: 5000 })
      .toContain('Call back after 3pm');

    const before = await app.worker();
    await before
      .evaluate(() => chrome.runtime.reload())
      .catch(() => {
        // The worker may go away before it answers.
      });

    const notice = page.getByRole('complementary', { name: 'Loopside' });
    await expect.poll(() => notice.getByRole('status').textContent(), { timeout: 10_000 }).toBe('Loopside was updated — reload this tab');
    expect(await page.locator('iframe#loopside-sidebar').count()).toBe(0);
    // Where the sidebar was: right edge, below the CRM's 64 px navigation bar.
    const box = await page.locator('#loopside-updated').boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(64);
    expect(Math.round(box!.x + box!.width)).toBe(1400);

    // The updated extension has a new worker; the data it keeps in IndexedDB is the same.
    const after = await app.worker();
    expect(after).not.toBe(before);

    await notice.getByRole('button', { name: 'Reload tab' }).click();
    await page.waitForLoadState('load');
    const again = await sidebarFrame(page);
    await expect
      .poll(
        () =>
          again
            .getByRole('textbox', { name: 'Note' })
            .inputValue()
            .catch(() => ''),
        { timeout: 10_000 },
      )
      .toBe('Call back after 3pm <b>not bold</b>');
    expect(await again.getByRole('radio', { name: 'Email', exact: true }).isChecked()).toBe(true);
    expect(await again.getByRole('radio', { name: 'Left voicemail' }).isChecked()).toBe(true);
    expect(await page.locator('#loopside-updated').count()).toBe(0);

    // Another tab on the same loop offers the same draft; logging it clears it everywhere.
    const other = await openRecord(app.context, `${HS}/0-1/51`);
    await expect
      .poll(() => other.frame.getByRole('textbox', { name: 'Note' }).inputValue(), { timeout: 10_000 })
      .toBe('Call back after 3pm <b>not bold</b>');
    await again.getByRole('button', { name: 'Log outcome' }).click();
    await expect.poll(() => textOf(again, 'timeline'), { timeout: 10_000 }).toContain('Email · Left voicemail');
    expect(await textOf(again, 'timeline')).toContain('Call back after 3pm <b>not bold</b>');
    await expect.poll(() => again.getByRole('textbox', { name: 'Note' }).inputValue()).toBe('');
    await expect.poll(() => other.frame.getByRole('textbox', { name: 'Note' }).inputValue(), { timeout: 5000 }).toBe('');
    await expect
      .poll(() =>
        again.evaluate(async () => Object.keys(await chrome.storage.local.get(null)).filter((k) => k.startsWith('loopside.draft.'))),
      )
      .toEqual([]);
    await other.page.close();
    await page.close();
  });
});

describe('finishing a loop from the sidebar', () => {
  let app: Launched;
  beforeAll(async () => {
    app = await launchWithExtension();
    await importCsv(app.context, app.extensionId, mixedCsv());
  });
  afterAll(async () => app?.close());

  it('closes with a required reason and a root cause, shows it closed and in the timeline, and reopens', async () => {
    const { page, frame } = await openRecord(app.context, `${HS}/0-1/51`);
    const closeToggle = frame.getByRole('button', { name: 'Close loop…' });
    await closeToggle.click();
    expect(await closeToggle.getAttribute('aria-expanded')).toBe('true');
    // Focus moves into the form that opened, as soon as its code has loaded (fetched on first use).
    await expect
      .poll(() => frame.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type), { timeout: 30_000 })
      .toBe('radio');

    // Without a reason nothing is sent and the person is told why.
    await frame.getByRole('radio', { name: 'Resolved' }).check();
    await frame.getByRole('button', { name: 'Close loop', exact: true }).click();
    await frame.getByText('Say why the loop ends.').waitFor();
    expect(await frame.getByRole('textbox', { name: 'Reason for closing' }).evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await textOf(frame, 'timeline')).not.toContain('Closed');

    await frame.getByRole('textbox', { name: 'Reason for closing' }).fill('Export fixed in 4.2; Maria confirmed <i>it works</i>');
    await frame.getByRole('combobox', { name: /Root cause/ }).selectOption('Product bug');
    await frame.getByRole('textbox', { name: /Root cause detail/ }).fill('export crash after update');
    await frame.getByRole('button', { name: 'Close loop', exact: true }).click();

    await expect.poll(() => textOf(frame, 'loop-status'), { timeout: 10_000 }).toContain('Closed · Resolved');
    expect(await textOf(frame, 'closed-reason')).toBe('Export fixed in 4.2; Maria confirmed <i>it works</i>');
    expect(await frame.locator('i').count()).toBe(0);
    expect(await textOf(frame, 'root-cause')).toBe('Root cause: Product bug — export crash after update');
    const timeline = await textOf(frame, 'timeline');
    expect(timeline).toContain('Closed: Resolved');
    expect(timeline).toContain('Export fixed in 4.2');
    expect(timeline).toContain('Root cause: Product bug');
    // Focus lands on the loop's new state, not on the page body.
    expect(await frame.getByTestId('loop-status').evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await frame.getByRole('button', { name: 'Log outcome' }).count()).toBe(0);

    // Reopen from the keyboard.
    await frame.getByRole('button', { name: 'Reopen loop…' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type('Export crashed again this morning');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => frame.getByRole('button', { name: 'Log outcome' }).count(), { timeout: 10_000 }).toBe(1);
    expect(await frame.getByTestId('loop-status').count()).toBe(0);
    expect(await textOf(frame, 'timeline')).toContain('Reopened');
    expect(await textOf(frame, 'timeline')).toContain('Export crashed again this morning');
    expect(await textOf(frame, 'finish-status')).toBe('Loop reopened.');
    await page.close();
  });

  it('sets a root cause on its own; "Other" needs the words', async () => {
    const { page, frame } = await openRecord(app.context, `${HS}/0-1/53`);
    await frame.getByRole('button', { name: 'Set root cause…' }).click();
    await frame.getByRole('combobox', { name: /Root cause/ }).selectOption('Other');
    await frame.getByRole('button', { name: 'Save root cause' }).click();
    await frame.getByText('Say what the root cause was.').waitFor();
    await frame.getByRole('textbox', { name: /Root cause detail/ }).fill('Invoice sent to the wrong address');
    await frame.getByRole('button', { name: 'Save root cause' }).click();
    await expect.poll(() => textOf(frame, 'root-cause'), { timeout: 10_000 }).toBe('Root cause: Other — Invoice sent to the wrong address');
    expect(await textOf(frame, 'timeline')).toContain('Root cause: Other');
    // Still open: a root cause does not end the loop.
    expect(await frame.getByRole('button', { name: 'Close loop…' }).count()).toBe(1);
    expect(await frame.getByRole('button', { name: 'Change root cause…' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.close();
  });
});
