/**
 * The KPI dashboard over 100,000 loops, in the production build in real Chromium:
 * - the first open with nothing stored yet (as after an import or a new build): its stored KPI facts
 *   cleared first; open → first numbers, and until every week's facts are stored (the fill worker)
 * - open → first numbers shown (the page's `loopside:first-numbers` mark, from navigation start),
 *   with the facts stored
 * - a filter change (route, owner) → the new numbers shown, measured inside the page
 * - a period change that reads more of the store (30 → 90 days)
 * - the longest main-thread task while it works (the compute runs in a Web Worker)
 * The loops are seeded straight into the extension's IndexedDB: a year of responses from a seeded
 * generator (the same on every run), 60 owners, 40,000 contacts, touches, closes, root causes, asks.
 *
 * Standalone: `npx tsx scripts/bench-dashboard.ts`; BENCH_DASHBOARD_LOOPS, BENCH_DASHBOARD_RUNS and
 * BENCH_DASHBOARD_COLD_RUNS (opens with nothing stored; 3 unless given) override the size;
 * BENCH_DASHBOARD_PROFILE keeps the seeded browser profile for the next run.
 * `npm run bench` prints the same figures with the other benchmarks.
 */
import { execSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import {
  alertMoments,
  DEFAULT_POLICY,
  foldLoop,
  openLoop,
  BusinessCalendarSchema,
  type LoopEvent,
  type LoopState,
  type Scale,
} from '../lib/loop/index.ts';
import { projectLoop } from '../lib/db/loops.ts';
import type { ViewTimings } from '../lib/view/dashboard-protocol.ts';
import { launchWithExtension, openOptions } from '../tests/e2e/harness.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CALENDAR = BusinessCalendarSchema.parse({ timeZone: 'UTC' });
const SCALE_RANGE: Record<Scale, [number, number]> = { nps: [0, 10], csat: [1, 5], ces: [1, 7] };

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * The loop's row as the SLA scan leaves it once it has looked (lib/worker/scan.ts): woken next at
 * its next alert moment after `now`, 0 when none is left. A seeded year of history is not a year of
 * unannounced alerts: with `nextWakeAt` in the past the background would re-fold every seeded loop
 * (and rewrite its row) while the dashboard is measured.
 */
function scannedRow(state: LoopState, now: number) {
  const next = alertMoments(state, DEFAULT_POLICY).filter((t) => t > now);
  return { ...projectLoop(state, DEFAULT_POLICY, now), nextWakeAt: next.length > 0 ? Math.min(...next) : 0 };
}

/** `count` loops answered over the year before `now`, with rows as the store keeps them. */
function buildStore(count: number, now: number): { rows: unknown[]; events: LoopEvent[] } {
  const random = seeded(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const rows: unknown[] = [];
  const all: LoopEvent[] = [];
  for (let i = 0; i < count; i++) {
    const scale: Scale = random() < 0.7 ? 'nps' : random() < 0.6 ? 'csat' : 'ces';
    const [min, max] = SCALE_RANGE[scale];
    const respondedAt = now - Math.floor(random() * 365 * DAY);
    const owner = `rep${i % 60}@vendor.example`;
    const response = {
      id: `b${i}`,
      scale,
      score: min + Math.floor(random() * (max - min + 1)),
      comment: pick(['', 'Support was slow.', 'Billing sent the wrong invoice.', 'Great team.', 'Works fine.']),
      respondedAt,
      email: `c${i % 40_000}@customer.example`,
      name: `Contact ${i % 40_000}`,
      company: `Account ${i % 9_000}`,
      accountRevenue: Math.floor(random() * 500_000),
      ownerEmail: owner,
      ...(random() < 0.5 ? { hubspotId: String(100_000 + (i % 40_000)) } : {}),
      extra: {},
    };
    const events = openLoop(response, DEFAULT_POLICY, { calendar: CALENDAR, recordedAt: respondedAt });
    const by = (suffix: string, at: number) => ({ id: `b${i}/${suffix}`, loopId: response.id, at, actor: owner });
    let at = respondedAt;
    if (random() < 0.75) {
      at += Math.floor(random() * 60 * HOUR);
      if (at <= now) events.push({ ...by('t', at), type: 'touch_logged', channel: 'call', outcome: 'reached', note: '' });
    }
    if (random() < 0.4 && at + HOUR <= now) {
      events.push({ ...by('r', at + 1), type: 'reason_set', category: pick(['pricing', 'support speed', 'product gap', 'billing']) });
      events.push({
        ...by('c', at + HOUR),
        type: 'closed',
        state: pick(['resolved', 'resolved', 'escalated', 'no_response'] as const),
        reason: 'done',
      });
    }
    if (random() < 0.3 && respondedAt + 3 * DAY + HOUR <= now)
      events.push({ ...by('a', respondedAt + 3 * DAY + HOUR), type: 'advocacy_asked', channel: 'email' });
    rows.push(scannedRow(foldLoop(events, { policy: DEFAULT_POLICY, calendar: CALENDAR, now }), now));
    all.push(...events);
  }
  return { rows, events: all };
}

/**
 * Writes the loops and their events into the extension's IndexedDB from one of its pages (the schema
 * Dexie created), in bulk: one transaction per chunk for both stores, relaxed durability (a bench
 * store need not survive a power cut), each chunk handed over as one JSON string (not as script
 * source to compile, nor in Playwright's object-by-object argument encoding).
 */
async function seed(page: Page, rows: readonly unknown[], events: readonly LoopEvent[]) {
  const CHUNK = 10_000;
  const eventsByLoop = new Map<string, LoopEvent[]>();
  for (const e of events) {
    const list = eventsByLoop.get(e.loopId);
    if (list) list.push(e);
    else eventsByLoop.set(e.loopId, [e]);
  }
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK) as { loopId: string }[];
    const chunkEvents = chunk.flatMap((r) => eventsByLoop.get(r.loopId) ?? []);
    await page.evaluate(
      (json) =>
        new Promise<void>((done, fail) => {
          const [rows, events] = JSON.parse(json) as [unknown[], unknown[]];
          const open = indexedDB.open('loopside');
          open.onerror = () => fail(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction(['events', 'loops'], 'readwrite', { durability: 'relaxed' });
            const ev = tx.objectStore('events');
            const lp = tx.objectStore('loops');
            for (const e of events) ev.put(e);
            for (const r of rows) lp.put(r);
            tx.oncomplete = () => {
              open.result.close();
              done();
            };
            tx.onerror = () => fail(tx.error);
          };
        }),
      JSON.stringify([chunk, chunkEvents]),
    );
    if (process.env.BENCH_DASHBOARD_PROGRESS) console.error(`seeded ${Math.min(i + CHUNK, rows.length)} loops`);
  }
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/**
 * Changes a select and resolves with the ms until the headline numbers for it are painted, and until
 * the charts and tables below them are too (measured inside the page).
 */
async function timeChange(page: Page, label: string, value: string): Promise<{ numbers: number; charts: number }> {
  const id = await page.getByLabel(label, { exact: true }).getAttribute('id');
  return page.evaluate(
    `new Promise((done) => {
      const main = document.querySelector('main.dashboard');
      const before = Number(main.dataset.asked);
      const select = document.getElementById(${JSON.stringify(id)});
      const start = performance.now();
      let numbers = null;
      const check = () => {
        const asked = Number(main.dataset.asked);
        if (!(asked > before && Number(main.dataset.seq) === asked && main.dataset.updating === 'false')) return;
        // the next frame: the new numbers are painted
        if (numbers === null) {
          numbers = -1;
          requestAnimationFrame(() => {
            numbers = performance.now() - start;
            check();
          });
        }
        if (numbers > 0 && main.dataset.details === 'true') {
          observer.disconnect();
          requestAnimationFrame(() => done({ numbers, charts: performance.now() - start }));
        }
      };
      const observer = new MutationObserver(check);
      observer.observe(main, { attributes: true });
      select.value = ${JSON.stringify(value)};
      select.dispatchEvent(new Event('change', { bubbles: true }));
    })`,
  ) as Promise<{ numbers: number; charts: number }>;
}

export interface DashboardBench {
  loops: number;
  events: number;
  runs: number;
  coldRuns: number;
  seedMs: number;
  /** nothing stored: open → first numbers, and open → every week's facts stored */
  coldFirstNumbersMs: number;
  coldFilledMs: number;
  coldWorker: ViewTimings;
  firstNumbersMs: number;
  firstChartsMs: number;
  /** where the first view's time went in the worker: medians */
  worker: ViewTimings;
  /** medians, ms from navigation start */
  boot: Boot;
  filterChangeMs: number;
  filterChartsMs: number;
  periodChangeMs: number;
  longestTaskMs: number;
  loadedForDefaultView: number;
}

/** Where an open's time went, ms from navigation start: the worker created, its script run, the request in, the numbers posted. */
interface Boot {
  created: number;
  evaluated: number;
  received: number;
  posted: number;
}

const timingsOf = (page: Page) =>
  page.evaluate(() => (performance.getEntriesByName('loopside:view-timings')[0] as PerformanceMark | undefined)?.detail) as Promise<
    ViewTimings | undefined
  >;

async function bootOf(page: Page, t: ViewTimings | undefined): Promise<Boot | null> {
  if (!t?.boot) return null;
  const created = t.boot.origin - ((await page.evaluate(() => performance.timeOrigin)) as number);
  return { created, evaluated: created + t.boot.evaluated, received: created + t.boot.received, posted: created + t.boot.posted };
}

/** Runs `script` (a function body given `db`, the extension's IndexedDB opened at its current version) in an extension page. */
function withStore<T>(page: Page, script: string): Promise<T> {
  return page.evaluate(
    `new Promise((done, fail) => {
      const open = indexedDB.open('loopside');
      open.onerror = () => fail(open.error);
      open.onsuccess = () => {
        const db = open.result;
        Promise.resolve((async () => { ${script} })()).then((v) => { db.close(); done(v); }, (e) => { db.close(); fail(e); });
      };
    })`,
  ) as Promise<T>;
}

/** Forgets every stored KPI fact, as the store is right after an import or an update of the extension. */
const clearFacts = (page: Page) =>
  withStore<void>(
    page,
    `await new Promise((ok, ko) => {
      const tx = db.transaction(['dashboardFacts', 'factsDirty'], 'readwrite');
      tx.objectStore('dashboardFacts').clear();
      tx.objectStore('factsDirty').clear();
      tx.oncomplete = ok;
      tx.onerror = () => ko(tx.error);
    });`,
  );

/** Whether every week's facts are stored (the fill worker is done). */
const factsComplete = (page: Page) =>
  withStore<boolean>(
    page,
    `return await new Promise((ok, ko) => {
      const get = db.transaction('dashboardFacts').objectStore('dashboardFacts').get('meta');
      get.onsuccess = () => ok(get.result?.value?.complete === true);
      get.onerror = () => ko(get.error);
    });`,
  );

const firstMarks = async (page: Page) =>
  (await page.evaluate(() =>
    ['loopside:first-numbers', 'loopside:first-charts'].map((name) => performance.getEntriesByName(name)[0]!.startTime),
  )) as [number, number];

export async function benchDashboard(extensionDir: string): Promise<DashboardBench> {
  const count = Number(process.env.BENCH_DASHBOARD_LOOPS ?? 100_000);
  const runs = Math.max(3, Number(process.env.BENCH_DASHBOARD_RUNS ?? 5));
  // A profile seeded by an earlier run (same size) is used as it is: for iterating on the page alone.
  const profile = process.env.BENCH_DASHBOARD_PROFILE;
  const reuse = profile !== undefined && existsSync(join(profile, `seeded-${count}`));
  const now = Date.now();
  const { rows, events } = reuse ? { rows: [], events: [] } : buildStore(count, now);
  const app = await launchWithExtension({ extensionDir, ...(profile ? { userDataDir: profile } : {}) });
  try {
    let seedMs = 0;
    if (!reuse) {
      const options = await openOptions(app.context, app.extensionId);
      // The page's Dexie has created the store with its current schema (Dexie versions are ×10 in IndexedDB).
      await options.waitForFunction(
        async () => ((await indexedDB.databases()).find((d) => d.name === 'loopside')?.version ?? 0) >= 90,
        undefined,
        { timeout: 60_000, polling: 200 },
      );
      const seedStart = Date.now();
      await seed(options, rows, events);
      seedMs = Date.now() - seedStart;
      await options.close();
      if (profile) writeFileSync(join(profile, `seeded-${count}`), '');
    }

    const url = `chrome-extension://${app.extensionId}/dashboard.html`;
    // With nothing stored: the first numbers, then until the fill worker has stored every week.
    // 0 skips them (for iterating on the warm path with a profile whose facts are stored).
    const coldRuns = Math.max(0, Number(process.env.BENCH_DASHBOARD_COLD_RUNS ?? 3));
    const coldFirst: number[] = [];
    const coldFilled: number[] = [];
    const coldWorker: ViewTimings[] = [];
    for (let run = 0; run < coldRuns; run++) {
      const store = await openOptions(app.context, app.extensionId);
      await store.waitForFunction(
        async () => ((await indexedDB.databases()).find((d) => d.name === 'loopside')?.version ?? 0) >= 90,
        undefined,
        { timeout: 60_000, polling: 200 },
      );
      await clearFacts(store);
      const page = await app.context.newPage();
      const opened = Date.now();
      await page.goto(`${url}?period=30d`);
      await page.waitForFunction(() => performance.getEntriesByName('loopside:first-charts').length > 0, undefined, { timeout: 600_000 });
      coldFirst.push((await firstMarks(page))[0]);
      const timings = await timingsOf(page);
      if (timings) coldWorker.push(timings);
      const deadline = Date.now() + 30 * 60_000;
      while (!(await factsComplete(store))) {
        if (Date.now() > deadline) throw new Error('the stored facts were not filled within 30 minutes');
        await new Promise((r) => setTimeout(r, 500));
      }
      coldFilled.push(Date.now() - opened);
      await page.close();
      await store.close();
    }

    const first: number[] = [];
    const firstCharts: number[] = [];
    const worker: ViewTimings[] = [];
    const boots: Boot[] = [];
    const filter: number[] = [];
    const filterCharts: number[] = [];
    const period: number[] = [];
    let longest = 0;
    let loaded = 0;
    for (let run = 0; run < runs; run++) {
      const page = await app.context.newPage();
      await page.addInitScript(() => {
        (globalThis as unknown as { __longest: number }).__longest = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) {
            const g = globalThis as unknown as { __longest: number };
            g.__longest = Math.max(g.__longest, e.duration);
          }
        }).observe({ type: 'longtask', buffered: true });
      });
      await page.goto(`${url}?period=30d`);
      await page.waitForFunction(() => performance.getEntriesByName('loopside:first-charts').length > 0, undefined, { timeout: 300_000 });
      const [numbersAt, chartsAt] = await firstMarks(page);
      first.push(numbersAt);
      firstCharts.push(chartsAt);
      const timings = await timingsOf(page);
      if (timings) worker.push(timings);
      const boot = await bootOf(page, timings);
      if (boot) boots.push(boot);
      loaded = Number((await page.getByTestId('status').innerText()).match(/^(\d+)/)?.[1] ?? 0);
      for (const [label, value] of [
        ['Route', 'recovery'],
        ['Owner', 'rep7@vendor.example'],
        ['Route', ''],
        ['Owner', '*'],
      ] as const) {
        const t = await timeChange(page, label, value);
        filter.push(t.numbers);
        filterCharts.push(t.charts);
      }
      period.push((await timeChange(page, 'Period', '90d')).numbers);
      longest = Math.max(longest, (await page.evaluate(() => (globalThis as unknown as { __longest: number }).__longest)) as number);
      await page.close();
    }
    const medianOf = (list: ViewTimings[]): ViewTimings => ({
      refresh: median(list.map((w) => w.refresh)),
      compute: median(list.map((w) => w.compute)),
      read: median(list.map((w) => w.read)),
      folded: median(list.map((w) => w.folded)),
      head: median(list.map((w) => w.head)),
    });
    return {
      loops: count,
      events: events.length,
      runs,
      coldRuns,
      seedMs,
      coldFirstNumbersMs: median(coldFirst),
      coldFilledMs: median(coldFilled),
      coldWorker: medianOf(coldWorker),
      firstNumbersMs: median(first),
      firstChartsMs: median(firstCharts),
      worker: medianOf(worker),
      boot: {
        created: median(boots.map((b) => b.created)),
        evaluated: median(boots.map((b) => b.evaluated)),
        received: median(boots.map((b) => b.received)),
        posted: median(boots.map((b) => b.posted)),
      },
      filterChangeMs: median(filter),
      filterChartsMs: median(filterCharts),
      periodChangeMs: median(period),
      longestTaskMs: longest,
      loadedForDefaultView: loaded,
    };
  } finally {
    await app.close();
  }
}

export function printDashboardBench(r: DashboardBench): void {
  console.log(`\nKPI dashboard over ${r.loops.toLocaleString('en')} loops (production build; medians of ${r.runs} page opens)`);
  if (r.seedMs > 0)
    console.log(
      `(seeded ${r.loops.toLocaleString('en')} loops and ${r.events.toLocaleString('en')} events in ${(r.seedMs / 1000).toFixed(1)} s)`,
    );
  const ms = (v: number) => (Number.isNaN(v) ? '—' : `${v.toFixed(0)} ms`);
  console.table({
    [`first open, nothing stored (${r.coldRuns}×) → first numbers`]: { median: ms(r.coldFirstNumbersMs), budget: '—' },
    '  of which in the worker: compute the weeks shown (loader + fold)': { median: ms(r.coldWorker.compute), budget: '' },
    '  … → every week’s facts stored (fill worker)': { median: ms(r.coldFilledMs), budget: '—' },
    'open → first numbers shown (last 30 days)': { median: ms(r.firstNumbersMs), budget: '1000 ms' },
    '  the page creates its worker (from navigation start)': { median: ms(r.boot.created), budget: '' },
    '  the worker’s script has run': { median: ms(r.boot.evaluated), budget: '' },
    '  the worker has the request': { median: ms(r.boot.received), budget: '' },
    '  the worker posts the numbers': { median: ms(r.boot.posted), budget: '' },
    '  in the worker: bring stored facts up to date': { median: ms(r.worker.refresh), budget: '' },
    '  read the stored facts': { median: ms(r.worker.read), budget: '' },
    '  add up the headline numbers': { median: ms(r.worker.head), budget: '' },
    'open → charts and tables shown': { median: ms(r.firstChartsMs), budget: '—' },
    'filter change (route, owner) → numbers shown': { median: ms(r.filterChangeMs), budget: '200 ms' },
    'filter change → charts and tables shown': { median: ms(r.filterChartsMs), budget: '—' },
    'period change 30 → 90 days (reads stored facts)': { median: ms(r.periodChangeMs), budget: '—' },
    'longest main-thread task meanwhile': { median: `${r.longestTaskMs.toFixed(0)} ms (max)`, budget: '—' },
  });
  console.log(`(${r.loadedForDefaultView.toLocaleString('en')} loops in the default 30-day view)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = resolve('.output/chrome-mv3');
  if (!existsSync(join(out, 'manifest.json'))) execSync('npx wxt build', { stdio: 'inherit' });
  printDashboardBench(await benchDashboard(out));
}
