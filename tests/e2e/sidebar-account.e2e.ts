import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { launchWithExtension, openOptions, sidebarFrame, uploadResponses } from './harness';
import { mixedCsv } from './fixtures';

const HS = 'https://app.hubspot.com/contacts/24681357/record';
const SF = 'https://loopside-demo.lightning.force.com/lightning/r';
type Launched = Awaited<ReturnType<typeof launchWithExtension>>;

const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;

/** Nordwind: Maria (critical detractor, 240,000 account) and Jonas (promoter), plus the usual contacts. */
function accountCsv(now = Date.now()): string {
  return [
    ...mixedCsv(now).trimEnd().split('\r\n'),
    `jonas.weber@nordwind.example,10,Great rollout.,${iso(now - 3 * HOUR)},Jonas Weber,Nordwind GmbH,sam.rep@loopside.example,54,,Enterprise`,
  ]
    .map((line, i) => (i === 0 ? `${line},Revenue` : line.startsWith('maria.keller') ? `${line},240000` : `${line},`))
    .join('\r\n');
}

async function openAccount(app: Launched, url: string): Promise<{ page: Page; frame: Frame }> {
  const page = await app.context.newPage();
  await page.goto(url);
  const frame = await sidebarFrame(page);
  await frame.getByTestId('account-view').waitFor({ timeout: 15_000 });
  return { page, frame };
}

describe('the account view', () => {
  let app: Launched;
  beforeAll(async () => {
    app = await launchWithExtension();
    const options = await openOptions(app.context, app.extensionId);
    await uploadResponses(options, accountCsv(), /Imported 6 responses/);
    await options.close();
  });
  afterAll(async () => app?.close());

  it('on a HubSpot company: its contacts’ open loops worst first, score, revenue at risk, the rule that matched', async () => {
    const { page, frame } = await openAccount(app, `${HS}/0-2/7001`);
    expect(await frame.getByTestId('account-rule').textContent()).toMatch(/Matched by company name/);
    const rows = frame.getByTestId('account-loop');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
    expect(await rows.nth(0).textContent()).toMatch(/Maria Keller · NPS 2 · ▲ Critical.*Recovery.*Owner: alex\.rep@loopside\.example/);
    expect(await rows.nth(1).textContent()).toMatch(/Jonas Weber · NPS 10.*Advocacy.*Owner: sam\.rep@loopside\.example/);
    // 1 promoter and 1 detractor of 2: NPS 0, on 2 responses.
    expect(await frame.getByTestId('account-score').textContent()).toBe('NPS 0');
    expect(await frame.getByTestId('account-count').textContent()).toBe('2');
    expect(await frame.getByTestId('account-revenue').textContent()).toBe('240,000');
    // Each row opens the contact's record in the CRM tab.
    await rows.nth(0).getByRole('link').click();
    await page.waitForURL(`${HS}/0-1/51`, { timeout: 15_000 });
    const contact = await sidebarFrame(page);
    await expect.poll(() => contact.getByTestId('score').textContent(), { timeout: 15_000 }).toBe('2 / 10');
    await page.close();
  });

  it('on a HubSpot deal: the account of its associated company', async () => {
    const { page, frame } = await openAccount(app, `${HS}/0-3/9001`);
    await expect.poll(() => frame.getByTestId('account-loop').count(), { timeout: 10_000 }).toBe(2);
    await page.close();
  });

  it('falls back to the e-mail domain and says so', async () => {
    const { page, frame } = await openAccount(app, `${HS}/0-2/7003`);
    await expect.poll(() => frame.getByTestId('account-rule').textContent(), { timeout: 10_000 }).toMatch(/e-mail domain/);
    expect(await frame.getByTestId('account-loop').textContent()).toMatch(/James O'Neil/);
    await page.close();
  });

  it('on a Salesforce Account and Opportunity', async () => {
    for (const url of [`${SF}/Account/001Dn00000AcMe1IAF/view`, `${SF}/Opportunity/006Dn00000OpPtyIAF/view`]) {
      const { page, frame } = await openAccount(app, url);
      await expect.poll(() => frame.getByTestId('account-loop').count(), { timeout: 10_000 }).toBe(1);
      expect(await frame.getByTestId('account-loop').textContent()).toMatch(/Aiko Tanaka · NPS 10/);
      expect(await frame.getByTestId('account-score').textContent()).toBe('NPS +100');
      await page.close();
    }
  });
});
