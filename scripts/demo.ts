/**
 * `npm run demo`: the built extension (.output/chrome-mv3) in Chromium, against local replicas of a
 * HubSpot and a Salesforce record page, with the demo data loaded. Headed when a display exists
 * (stays open until Ctrl-C), otherwise headless, writing screenshots of the sidebar on both CRMs.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchWithExtension, openOptions, sidebarFrame } from '../tests/e2e/harness.ts';

const OUT = resolve('demo-output');
const RECORDS = [
  { name: 'hubspot-contact', url: 'https://app.hubspot.com/contacts/24681357/record/0-1/51' },
  { name: 'salesforce-contact', url: 'https://loopside-demo.lightning.force.com/lightning/r/Contact/003Dn00000QxYz1IAF/view' },
  { name: 'salesforce-lead-no-comment', url: 'https://loopside-demo.lightning.force.com/lightning/r/Lead/00QDn00000LeAd7MAF/view' },
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
    await page.goto(record.url);
    const frame = await sidebarFrame(page);
    await frame.getByTestId('score').waitFor({ timeout: 10_000 });
    await page.waitForTimeout(400);
    const file = `${OUT}/${record.name}.png`;
    await page.screenshot({ path: file });
    console.log(`Screenshot: ${file}`);
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
