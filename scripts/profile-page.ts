/**
 * Where the CRM page's main-thread time goes per SPA navigation, extension on vs. off: a Chromium
 * trace of the page's renderer main thread, summed by event name (layout, style, script, message
 * dispatch…). A diagnosis tool for scripts/bench-page.ts's figure, not a bench:
 * `npx tsx scripts/profile-page.ts [HubSpot|Salesforce]` after `npx wxt build`.
 */
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchWithExtension, openOptions } from '../tests/e2e/harness.ts';
import { startReplicaServer } from '../tests/replicas/server.ts';
import { CRMS } from './bench-page.ts';

const OUT = resolve('.output/chrome-mv3');
const N = Number(process.env.PROFILE_NAVIGATIONS ?? 10);

interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { data?: { url?: string; functionName?: string }; chrome_mojo_event_info?: Record<string, unknown> };
}

async function trace(page: Page, work: () => Promise<void>): Promise<TraceEvent[]> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => void events.push(...(e.value as unknown as TraceEvent[])));
  const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.start', {
    traceConfig: {
      includedCategories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'toplevel',
        'v8.execute',
        'extensions',
        'ipc',
        'mojom',
      ],
    },
  });
  await work();
  await cdp.send('Tracing.end');
  await done;
  return events;
}

async function run(withExtension: boolean, crmName: string) {
  const server = await startReplicaServer();
  const app = await launchWithExtension({ extensionDir: OUT, withExtension, server });
  try {
    if (withExtension) {
      const options = await openOptions(app.context, app.extensionId);
      await options.getByRole('button', { name: 'Load demo data' }).click();
      await options.getByTestId('import-summary').waitFor();
      await options.close();
    }
    const crm = CRMS.find((c) => c.name === crmName)!;
    const page = await app.context.newPage();
    await page.goto(crm.origin + crm.paths[0]);
    await page.waitForTimeout(3000);
    const events = await trace(page, async () => {
      for (let i = 0; i < N; i++) {
        await page.evaluate(`window.__replicaNavigate(${JSON.stringify(crm.paths[(i + 1) % 2])})`);
        await page.waitForTimeout(800);
      }
    });
    // The renderer main thread: the thread of the page's RunTask events with the most time.
    const main = events.filter(
      (e) => e.name === 'CrRendererMain' || (e.ph === 'M' && (e as { args?: { name?: string } }).args?.name === 'CrRendererMain'),
    );
    const mainThreads = new Set(main.map((e) => `${e.pid}:${e.tid}`));
    const byName = new Map<string, { ms: number; n: number }>();
    const perThread = new Map<string, number>();
    for (const e of events) {
      if (e.ph !== 'X' || e.dur === undefined) continue;
      const key = `${e.pid}:${e.tid}`;
      if (!mainThreads.has(key)) continue;
      if (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') perThread.set(key, (perThread.get(key) ?? 0) + e.dur / 1000);
      const url = e.args?.data?.url ?? '';
      const mojo = e.args?.chrome_mojo_event_info ? ' ' + JSON.stringify(e.args.chrome_mojo_event_info).slice(0, 120) : '';
      const label = `${key} ${e.name}${url ? ' ' + url.replace(/^.*\/\/[^/]+/, '').slice(0, 60) : ''}${e.args?.data?.functionName ? ' ' + e.args.data.functionName : ''}${mojo}`;
      const row = byName.get(label) ?? { ms: 0, n: 0 };
      row.ms += e.dur / 1000;
      row.n++;
      byName.set(label, row);
    }
    console.log(`\n${crmName}, extension ${withExtension ? 'ON' : 'OFF'}: RunTask ms per navigation by renderer main thread`);
    for (const [k, ms] of perThread) console.log(`  ${k}: ${(ms / N).toFixed(2)} ms`);
    // The page's own thread: the one that runs the replica's script.
    const pageThread = [...byName.keys()].find((k) => k.includes('/_replica/'))?.split(' ')[0];
    const top = [...byName.entries()]
      .filter(([k]) => k.startsWith(`${pageThread} `))
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, 40);
    for (const [k, v] of top) console.log(`  ${(v.ms / N).toFixed(3).padStart(8)} ms/nav  ×${(v.n / N).toFixed(1).padStart(5)}  ${k}`);
  } finally {
    await app.close();
    await server.close();
  }
}

const crm = process.argv[2] ?? 'HubSpot';
await run(false, crm);
await run(true, crm);
