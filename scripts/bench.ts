/**
 * `npm run bench`: what Loopside costs and how fast it answers, as medians of several runs.
 * - bundle sizes of the content script and the sidebar (raw and gzip)
 * - record navigation → sidebar data shown, on the HubSpot and Salesforce replicas
 * - the CRM page's main-thread cost per SPA navigation, with vs. without the extension
 * - the loop engine over 100k loops (scripts/bench-engine.ts)
 * - the worker's cold start → alarm handled (scripts/bench-worker.ts)
 * - the KPI dashboard over 100k loops: first numbers, a filter change (scripts/bench-dashboard.ts)
 * - a CSV import in the options page, 10,000 and 100,000 rows, and the same file again (scripts/bench-import.ts)
 */
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { launchWithExtension, openOptions, sidebarFrame } from '../tests/e2e/harness.ts';
import { benchEngine } from './bench-engine.ts';
import { printWorkerBench } from './bench-worker.ts';
import { benchDashboard, printDashboardBench } from './bench-dashboard.ts';
import { runImportBench } from './bench-import.ts';
import { comparePageCosts, pageCostTable, tenTabsHeapMb } from './bench-page.ts';

const OUT = resolve('.output/chrome-mv3');
const NAVIGATIONS = Number(process.env.BENCH_NAVIGATIONS ?? 9);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

function sizes(files: string[]) {
  const raw = files.reduce((n, f) => n + readFileSync(f).length, 0);
  const gzip = gzipSync(Buffer.concat(files.map((f) => readFileSync(f))), { level: 9 }).length;
  return { raw, gzip };
}

/**
 * What sidebar.html loads before it can render: its entry, every chunk imported statically from
 * there on, and its CSS. A dynamic `import()` (the finishing forms, the account view) loads only
 * when a person needs it, not in every CRM tab.
 */
function sidebarFiles(out = OUT): string[] {
  const html = readFileSync(join(out, 'sidebar.html'), 'utf8');
  const files = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file) || !existsSync(file)) return;
    files.add(file);
    if (!file.endsWith('.js')) return;
    for (const m of readFileSync(file, 'utf8').matchAll(/\b(?:import|export)\s*(?:[^"'`();]*?\bfrom\s*)?"([^"]+\.js)"/g)) {
      visit(m[1]!.startsWith('/') ? join(out, m[1]!) : join(dirname(file), m[1]!));
    }
  };
  for (const m of html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)) visit(join(out, m[1]!));
  return [...files];
}

async function navigationTimes(page: Page, paths: [string, string], expected: [string, string]): Promise<number[][]> {
  const frame = await sidebarFrame(page);
  const times: number[][] = [[], []];
  for (let i = 0; i < NAVIGATIONS * 2; i++) {
    const which = (i + 1) % 2;
    // Watch inside the sidebar for the new score; the start is taken in the page right before navigating.
    // A string, not a function: the script runner's helpers (esbuild's __name) do not exist in the page.
    const shown = frame.evaluate(`new Promise((done) => {
      const want = ${JSON.stringify(expected[which])};
      const observer = new MutationObserver(() => {
        if (document.querySelector('[data-testid="score"]')?.textContent?.trim() === want) {
          observer.disconnect();
          done(Date.now());
        }
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    })`) as Promise<number>;
    const start = (await page.evaluate(
      `(() => { const t = Date.now(); window.__replicaNavigate(${JSON.stringify(paths[which])}); return t; })()`,
    )) as number;
    times[which]!.push((await shown) - start);
    await page.waitForTimeout(150);
  }
  return times;
}

async function main() {
  if (!existsSync(join(OUT, 'manifest.json'))) execSync('npx wxt build', { stdio: 'inherit' });
  if (!existsSync(resolve(process.env.LOOPSIDE_OUT_DIR ?? '.output-e2e', 'chrome-mv3-e2e', 'manifest.json')))
    execSync('npm run build:test', { stdio: 'inherit' });
  const content = sizes(
    readdirSync(join(OUT, 'content-scripts'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => join(OUT, 'content-scripts', f)),
  );
  const sidebar = sizes(sidebarFiles());
  console.log('\nBundles (production build)');
  console.table({
    'content script': { raw: kB(content.raw), gzip: kB(content.gzip), budget: '10 kB gzip' },
    'sidebar page (all scripts and CSS it loads)': { raw: kB(sidebar.raw), gzip: kB(sidebar.gzip), budget: '60 kB gzip' },
  });

  const app = await launchWithExtension({ extensionDir: OUT });
  const rows: Record<string, { median: string; runs: number }> = {};
  try {
    const options = await openOptions(app.context, app.extensionId);
    await options.getByRole('button', { name: 'Load demo data' }).click();
    await options.getByTestId('import-summary').waitFor();
    await options.close();

    const hs = await app.context.newPage();
    await hs.goto('https://app.hubspot.com/contacts/24681357/record/0-1/52');
    await (await sidebarFrame(hs)).getByTestId('score').waitFor();
    const [toJames, toMaria] = await navigationTimes(
      hs,
      ['/contacts/24681357/record/0-1/52', '/contacts/24681357/record/0-1/51'],
      ['8 / 10', '2 / 10'],
    );
    rows['HubSpot → record matched by id (Maria)'] = { median: `${median(toMaria!).toFixed(0)} ms`, runs: toMaria!.length };
    rows['HubSpot → record matched by e-mail (James)'] = { median: `${median(toJames!).toFixed(0)} ms`, runs: toJames!.length };

    const sf = await app.context.newPage();
    await sf.goto('https://loopside-demo.lightning.force.com/lightning/r/Lead/00QDn00000LeAd7MAF/view');
    await (await sidebarFrame(sf)).getByTestId('score').waitFor();
    const [toLead, toContact] = await navigationTimes(
      sf,
      ['/lightning/r/Lead/00QDn00000LeAd7MAF/view', '/lightning/r/Contact/003Dn00000QxYz1IAF/view'],
      ['5 / 10', '10 / 10'],
    );
    rows['Salesforce → record matched by id (Aiko)'] = { median: `${median(toContact!).toFixed(0)} ms`, runs: toContact!.length };
    rows['Salesforce → record matched by e-mail (Lukas)'] = { median: `${median(toLead!).toFixed(0)} ms`, runs: toLead!.length };
  } finally {
    await app.close();
  }
  console.log(
    '\nRecord navigation → sidebar data shown (replicas render the record 300 ms after the URL changes; an e-mail match waits for it)',
  );
  console.table(rows);

  const costs = await comparePageCosts(OUT, NAVIGATIONS, Number(process.env.BENCH_PAGE_RUNS ?? 3));
  console.log(
    `\nCRM page main thread per SPA record navigation (CDP Performance.getMetrics; extension off vs on alternating, medians over runs of ${NAVIGATIONS * 2} navigations)`,
  );
  console.table(pageCostTable(costs));

  const heapOff = await tenTabsHeapMb(false, OUT);
  const heapOn = await tenTabsHeapMb(true, OUT);
  console.log('\nTen CRM tabs, JS heap of the pages and their sidebar frames');
  console.table({
    'without Loopside': { total: `${heapOff.toFixed(1)} MB` },
    'with Loopside': { total: `${heapOn.toFixed(1)} MB` },
    'gained per tab': { total: `${((heapOn - heapOff) / 10).toFixed(1)} MB` },
  });

  // The SLA tick and the worker's cold start, on a store seeded with 100,000 loops (1,000 due).
  await printWorkerBench(OUT);

  printDashboardBench(await benchDashboard(OUT));

  await runImportBench(OUT);

  const engine = await benchEngine();
  console.log(
    `\nLoop engine: fold + notification stages for ${engine.loops.toLocaleString('en')} loops: median ${engine.medianMs.toFixed(0)} ms over ${engine.runs} runs`,
  );
}

void main();
