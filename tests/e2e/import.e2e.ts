import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realisticExport } from '../../scripts/bench-import.ts';
import { mixedCsv } from './fixtures';
import { launchWithExtension, openOptions, SLOW_MACHINE_MS } from './harness';

type Launched = Awaited<ReturnType<typeof launchWithExtension>>;

const csvFile = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
const summary = (options: Page, text: RegExp) => options.getByTestId('import-summary').filter({ hasText: text });
/** "12,345 loops stored." in the options header: what the store holds, as the person sees it. */
const loopsStored = async (options: Page) => {
  const text = (await options.locator('.options__header .hint').textContent()) ?? '';
  return Number(/([\d,]+) loops? stored/.exec(text)?.[1]?.replace(/,/g, '') ?? NaN);
};

/**
 * Importing survey responses from the options page, as a new user does it: from the first-run
 * welcome, with a bad row, a file whose headers we do not know, a Qualtrics export as it comes
 * out of Qualtrics, the same file twice, and a large file cancelled half-way. One browser.
 */
describe('importing survey responses in the options page', () => {
  let app: Launched;
  let options: Page;
  const mixed = csvFile('responses.csv', mixedCsv());

  beforeAll(async () => {
    app = await launchWithExtension();
    options = await openOptions(app.context, app.extensionId);
  });
  afterAll(async () => app?.close());

  it('the welcome offers the import; good rows are imported and the bad one is named by its line', async () => {
    const welcome = options.getByTestId('welcome');
    await welcome.waitFor({ timeout: SLOW_MACHINE_MS });
    const [chooser] = await Promise.all([
      options.waitForEvent('filechooser', { timeout: SLOW_MACHINE_MS }),
      welcome.getByRole('button', { name: 'Import survey responses' }).click(),
    ]);
    await chooser.setFiles(mixed);
    await summary(options, /Imported/).waitFor({ timeout: SLOW_MACHINE_MS });
    expect(await options.getByTestId('import-summary').textContent()).toBe('Imported 5 responses · 5 loops created · 1 row rejected');
    // Line 8, not 7: the first response's quoted verbatim spans two lines of the file.
    expect(await options.getByTestId('import-errors').locator('li').allTextContents()).toEqual(['Line 8: score "11" is outside 0–10']);
    await expect.poll(() => loopsStored(options), { timeout: SLOW_MACHINE_MS }).toBe(5);
    // Something is imported now: the welcome steps aside.
    await welcome.waitFor({ state: 'detached', timeout: SLOW_MACHINE_MS });
  });

  it('the same file again adds nothing', async () => {
    await options.getByLabel('Import survey responses (CSV)').setInputFiles(mixed);
    await summary(options, /Nothing new/).waitFor({ timeout: SLOW_MACHINE_MS });
    expect(await options.getByTestId('import-summary').textContent()).toBe(
      'Nothing new: all 5 responses were already imported · 1 row rejected',
    );
    expect(await loopsStored(options)).toBe(5);
  });

  it('a Qualtrics export (three header rows) imports as it comes out of Qualtrics', async () => {
    const qualtrics = readFileSync(resolve('tests/ingest/fixtures/qualtrics.csv'), 'utf8');
    await options.getByLabel('Import survey responses (CSV)').setInputFiles(csvFile('qualtrics.csv', qualtrics));
    await summary(options, /Imported 2 responses/).waitFor({ timeout: SLOW_MACHINE_MS });
    expect(await options.getByTestId('import-summary').textContent()).toBe('Imported 2 responses · 2 loops created');
    expect(await options.getByTestId('import-format').textContent()).toMatch(
      /^Read as a Qualtrics export: score from “How likely are you to recommend Loopside to a fri…”, date from “Recorded Date”, e-mail from “Recipient Email”/,
    );
  });

  it('unknown headers: the person picks the columns from a preview, and the file imports', async () => {
    const unknown = [
      'Kunde,Bewertung,Zeitpunkt,Anmerkung',
      'anna@vltava.example,3,2026-11-20T09:00:00Z,Rechnung falsch',
      'ben@harbourline.example,9,2026-11-21T10:30:00Z,',
      'carla@lotusgate.example,7,2026-11-22T11:45:00Z,ok',
    ].join('\n');
    await options.getByLabel('Import survey responses (CSV)').setInputFiles(csvFile('kunden.csv', unknown));
    const mapping = options.getByTestId('column-mapping');
    await mapping.waitFor({ timeout: SLOW_MACHINE_MS });
    expect(await mapping.getByRole('heading').textContent()).toBe('Which column holds what?');
    const preview = mapping.getByRole('table', { name: 'First rows of kunden.csv' });
    expect(await preview.locator('tbody tr').first().locator('td').allTextContents()).toEqual([
      'anna@vltava.example',
      '3',
      '2026-11-20T09:00:00Z',
      'Rechnung falsch',
    ]);
    const importButton = mapping.getByRole('button', { name: 'Import with these columns' });
    // Columns by their place in the file: 0 Kunde, 1 Bewertung, 2 Zeitpunkt, 3 Anmerkung.
    await mapping.getByLabel('Score (0–10)', { exact: true }).selectOption('1');
    await mapping.getByLabel('Date', { exact: true }).selectOption('2');
    await mapping.getByLabel('Customer e-mail', { exact: true }).selectOption('0');
    await mapping.getByLabel('Comment', { exact: true }).selectOption('3');
    await importButton.click();
    await summary(options, /Imported 3 responses/).waitFor({ timeout: SLOW_MACHINE_MS });
    expect(await options.getByTestId('import-summary').textContent()).toBe('Imported 3 responses · 3 loops created');
    expect(await options.getByTestId('import-format').textContent()).toBe(
      'Read as a CSV: score from “Bewertung”, date from “Zeitpunkt”, e-mail from “Kunde”, comment from “Anmerkung”.',
    );
    await expect.poll(() => loopsStored(options), { timeout: SLOW_MACHINE_MS }).toBe(10);
  });

  it('a large file shows its progress and can be cancelled: the summary counts what was imported, and that is what is stored', async () => {
    const rows = 10_000;
    const big = csvFile('large-export.csv', realisticExport(rows));
    await options.getByLabel('Import survey responses (CSV)').setInputFiles(big);
    const progress = options.getByTestId('import-progress');
    // Cancel once the first batch is in the store: rows read and loops created are both shown.
    await progress
      .filter({ hasText: /[\d,]+ rows read · [1-9][\d,]* loops created · 0 errors so far/ })
      .waitFor({ timeout: SLOW_MACHINE_MS });
    expect(await progress.getByRole('progressbar', { name: 'Reading large-export.csv' }).isVisible()).toBe(true);
    await progress.getByRole('button', { name: 'Cancel import' }).click();
    // The batch being written finishes first (it is one transaction): a generous ceiling on a loaded machine.
    await options.getByTestId('import-summary').waitFor({ timeout: 170_000 });
    expect(await options.getByTestId('import-cancelled').isVisible()).toBe(true);
    const line = (await options.getByTestId('import-summary').textContent()) ?? '';
    const [, read, created] = /^Imported ([\d,]+) responses · ([\d,]+) loops created$/.exec(line) ?? [];
    const imported = Number(created?.replace(/,/g, ''));
    // Every response read was written whole (one transaction per batch), and no more.
    expect(Number(read?.replace(/,/g, ''))).toBe(imported);
    expect(imported).toBeGreaterThan(0);
    expect(imported).toBeLessThan(rows);
    await expect.poll(() => loopsStored(options), { timeout: SLOW_MACHINE_MS }).toBe(10 + imported);
  }, 300_000);
});
