/**
 * What Loopside costs the CRM page and the browser, extension on vs. off in the same bench run:
 * - main-thread task and script time per SPA record navigation, and long tasks, on both replicas
 * - the memory ten CRM tabs gain with the sidebar (JS heap of the page and of the sidebar frame)
 */
import type { BrowserContext, Page } from 'playwright-core';
import { launchWithExtension, openOptions, sidebarFrame } from '../tests/e2e/harness.ts';
import { startReplicaServer } from '../tests/replicas/server.ts';

export interface Crm {
  name: string;
  origin: string;
  paths: [string, string];
}
export const CRMS: Crm[] = [
  { name: 'HubSpot', origin: 'https://app.hubspot.com', paths: ['/contacts/24681357/record/0-1/51', '/contacts/24681357/record/0-1/52'] },
  {
    name: 'Salesforce',
    origin: 'https://loopside-demo.lightning.force.com',
    paths: ['/lightning/r/Contact/003Dn00000QxYz1IAF/view', '/lightning/r/Lead/00QDn00000LeAd7MAF/view'],
  },
];

export interface PageCost {
  taskMs: number;
  scriptMs: number;
  longTasks: number;
}

async function loadDemo(context: BrowserContext, extensionId: string): Promise<void> {
  const options = await openOptions(context, extensionId);
  await options.getByRole('button', { name: 'Load demo data' }).click();
  await options.getByTestId('import-summary').waitFor();
  await options.close();
}

async function metrics(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return async () => {
    const { metrics: list } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    const get = (n: string) => list.find((m) => m.name === n)?.value ?? 0;
    return { task: get('TaskDuration'), script: get('ScriptDuration'), heap: get('JSHeapUsedSize') };
  };
}

/** Per navigation, on each replica: the page's main-thread time, and tasks over 50 ms counted by a longtask observer. */
export async function pageCosts(withExtension: boolean, extensionDir: string, navigations: number): Promise<Record<string, PageCost>> {
  const server = await startReplicaServer();
  const app = await launchWithExtension({ extensionDir, withExtension, server });
  const costs: Record<string, PageCost> = {};
  try {
    if (withExtension) await loadDemo(app.context, app.extensionId);
    await app.context.addInitScript(
      'window.__longTasks = 0; new PerformanceObserver((l) => { window.__longTasks += l.getEntries().length; }).observe({ type: "longtask" });',
    );
    for (const crm of CRMS) {
      const page = await app.context.newPage();
      await page.goto(crm.origin + crm.paths[0]);
      await page.waitForTimeout(2000);
      const read = await metrics(page);
      const before = await read();
      const longBefore = (await page.evaluate('window.__longTasks')) as number;
      const n = navigations * 2;
      for (let i = 0; i < n; i++) {
        await page.evaluate(`window.__replicaNavigate(${JSON.stringify(crm.paths[(i + 1) % 2])})`);
        await page.waitForTimeout(700);
      }
      const after = await read();
      costs[crm.name] = {
        taskMs: ((after.task - before.task) * 1000) / n,
        scriptMs: ((after.script - before.script) * 1000) / n,
        longTasks: ((await page.evaluate('window.__longTasks')) as number) - longBefore,
      };
      await page.close();
    }
  } finally {
    await app.close();
    await server.close();
  }
  return costs;
}

const median = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export interface PageCostComparison {
  /** per CRM: each run's cost without and with the extension */
  runs: Record<string, { off: PageCost[]; on: PageCost[] }>;
}

/**
 * `runs` launches without and `runs` with the extension, alternating (off, on, off, on…) so a change
 * in the machine's load falls on both sides; each launch navigates `navigations` × 2 times per CRM.
 */
export async function comparePageCosts(extensionDir: string, navigations: number, runs: number): Promise<PageCostComparison> {
  const out: PageCostComparison['runs'] = {};
  for (let run = 0; run < runs; run++) {
    for (const withExtension of [false, true]) {
      const costs = await pageCosts(withExtension, extensionDir, navigations);
      for (const [crm, cost] of Object.entries(costs)) {
        out[crm] ??= { off: [], on: [] };
        out[crm]![withExtension ? 'on' : 'off'].push(cost);
      }
    }
  }
  return { runs: out };
}

/** The table `npm run bench` prints: medians over the runs, and the median of each run's on − off. */
export function pageCostTable({ runs }: PageCostComparison): Record<string, Record<string, string>> {
  const rows: Record<string, Record<string, string>> = {};
  for (const [crm, { off, on }] of Object.entries(runs)) {
    const added = (pick: (c: PageCost) => number) => median(on.map((c, i) => pick(c) - pick(off[i]!)));
    rows[crm] = {
      'task off': `${median(off.map((c) => c.taskMs)).toFixed(2)} ms`,
      'task on': `${median(on.map((c) => c.taskMs)).toFixed(2)} ms`,
      'task added': `${added((c) => c.taskMs).toFixed(2)} ms`,
      'script added': `${added((c) => c.scriptMs).toFixed(2)} ms`,
      'long tasks on (all runs)': String(on.reduce((n, c) => n + c.longTasks, 0)),
      'long tasks off (all runs)': String(off.reduce((n, c) => n + c.longTasks, 0)),
      runs: String(on.length),
      goal: '≤ 1 ms added, no long task',
    };
  }
  return rows;
}

/** JS heap of ten open CRM record tabs (page and, with the extension, the sidebar frame), in MB. */
export async function tenTabsHeapMb(withExtension: boolean, extensionDir: string): Promise<number> {
  const server = await startReplicaServer();
  const app = await launchWithExtension({ extensionDir, withExtension, server });
  try {
    if (withExtension) await loadDemo(app.context, app.extensionId);
    let bytes = 0;
    const pages: Page[] = [];
    for (let i = 0; i < 10; i++) {
      const crm = CRMS[i % 2]!;
      const page = await app.context.newPage();
      await page.goto(crm.origin + crm.paths[i % 2]);
      if (withExtension) await (await sidebarFrame(page)).locator('[data-testid="score"], [data-testid="tab"]').first().waitFor();
      pages.push(page);
    }
    await pages[0]!.waitForTimeout(2000);
    // The sidebar frames of all tabs run in the extension's one renderer process, whose heap every
    // frame's session reports: counted once (the largest reading), not once per tab.
    let framesHeap = 0;
    for (const page of pages) {
      bytes += (await (await metrics(page))()).heap;
      const frame = page.frames().find((f) => f.url().includes('/sidebar.html'));
      if (frame) {
        const cdp = await app.context.newCDPSession(frame);
        await cdp.send('Performance.enable');
        const { metrics: list } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
        framesHeap = Math.max(framesHeap, list.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
      }
    }
    return (bytes + framesHeap) / 1024 / 1024;
  } finally {
    await app.close();
    await server.close();
  }
}
