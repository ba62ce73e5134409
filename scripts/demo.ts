/**
 * `npm run demo`: the built extension (.output/chrome-mv3) in Chromium, against local replicas of a
 * HubSpot and a Salesforce record page, with the demo data loaded. Headed when a display exists
 * (stays open until Ctrl-C), otherwise headless, writing screenshots of the sidebar on both CRMs.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchWithExtension, openOptions, sidebarFrame } from '../tests/e2e/harness.ts';

const OUT = resolve('demo-output');
const HS = 'https://app.hubspot.com/contacts/24681357/record';
const SF = 'https://loopside-demo.lightning.force.com/lightning/r';

interface Shot {
  name: string;
  url: string;
  /** What the sidebar shows once it has loaded: a contact's score, the account view or the slim tab. */
  waitFor?: string;
  viewport?: { width: number; height: number };
  dark?: boolean;
}

const RECORDS: Shot[] = [
  { name: 'hubspot-contact', url: `${HS}/0-1/51` },
  { name: 'salesforce-contact', url: `${SF}/Contact/003Dn00000QxYz1IAF/view` },
  { name: 'salesforce-lead-no-comment', url: `${SF}/Lead/00QDn00000LeAd7MAF/view` },
  // A company: its contacts' open loops, worst first, the 90-day score and the revenue at risk.
  { name: 'hubspot-account', url: `${HS}/0-2/7001`, waitFor: 'account-view' },
  { name: 'hubspot-contact-dark', url: `${HS}/0-1/51`, dark: true },
  // 1024×768: the CRM keeps its columns and the outcome form of a critical loop is on the first screen.
  { name: 'salesforce-contact-1024', url: `${SF}/Contact/003Dn00000QxYz1IAF/view`, viewport: { width: 1024, height: 768 } },
  // Narrower than 900 px (a small window or 200 % zoom): the sidebar folds to its slim tab by itself.
  { name: 'hubspot-contact-narrow', url: `${HS}/0-1/51`, waitFor: 'tab', viewport: { width: 820, height: 700 } },
];

async function main() {
  const headed = Boolean(process.env.DISPLAY);
  let app;
  try {
    app = await launchWithExtension({ extensionDir: resolve('.output/chrome-mv3'), headless: !headed });
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
  const options = await openOptions(app.context, app.extensionId);
  await options.getByRole('button', { name: 'Load demo data' }).click();
  const summary = await options.getByTestId('import-summary').textContent();
  console.log(`Demo data: ${summary}`);

  mkdirSync(OUT, { recursive: true });
  for (const record of RECORDS) {
    const page = await app.context.newPage();
    if (record.viewport) await page.setViewportSize(record.viewport);
    if (record.dark) await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(record.url);
    const frame = await sidebarFrame(page);
    await frame.getByTestId(record.waitFor ?? 'score').waitFor({ timeout: 15_000 });
    await page.waitForTimeout(400);
    const file = `${OUT}/${record.name}.png`;
    await page.screenshot({ path: file });
    console.log(`Screenshot: ${file}`);
    await page.close();
  }
  // The queue (the toolbar popup), opened as a page at the popup's width.
  const queue = await app.context.newPage();
  await queue.setViewportSize({ width: 380, height: 640 });
  await queue.goto(`chrome-extension://${app.extensionId}/popup.html`);
  await queue.getByRole('tablist').first().waitFor({ timeout: 10_000 });
  await queue.waitForTimeout(400);
  await queue.screenshot({ path: `${OUT}/queue.png` });
  console.log(`Screenshot: ${OUT}/queue.png`);

  if (headed) {
    console.log('Chromium is open with Loopside and the demo data. Press Ctrl-C to stop.');
    process.on('SIGINT', () => void app.close().then(() => process.exit(0)));
    return;
  }
  await app.close();
  console.log(`Done: the screenshots are in ${OUT}`);
}

void main();
