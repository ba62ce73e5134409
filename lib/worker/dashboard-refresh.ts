import Dexie from 'dexie';
import { browser } from 'wxt/browser';
import { factsNeedKeeping } from '@/lib/dashboard/fact-store';
import type { LoopsideDb } from '@/lib/db/schema';

/**
 * Keeps the KPI dashboard's stored facts (lib/dashboard/fact-store.ts) up to date before anyone
 * opens the page, so an open reads them and adds up instead of folding 100,000 loops.
 *
 * After a write that can change a fact (an import's events, a pull, a touch, the team directory's
 * calendars, the policy or settings in `kv`) has settled, and after an install or update (a new
 * build folds differently), it checks whether the facts need work — dropped or still filling,
 * folded with other inputs, a prune not reflected, or many loops marked — and if so starts the
 * work off this thread: an offscreen document whose worker (the dashboard's own, so the same build
 * and the same Web Locks as a page) runs `keepUp` a slice at a time and closes when done. Nothing
 * runs here but the check, so the SLA scan and the sidebars' reads go on as before.
 */

/** Loops marked before the background folds them: fewer cost a page's open a few milliseconds. */
export const BACKGROUND_MARKED = 100;
/** Writes whose burst has been quiet this long are over (an import writes a batch every second or so). */
export const SETTLE_MS = 2_000;

const WATCHED = ['events', 'people', 'kv', 'factsDirty'];
const KEEPER_PAGE = '/dashboard-keeper.html';

export interface DashboardRefreshDeps {
  db: () => LoopsideDb;
  /** starts `keepUp` off this thread; nothing when it is already running */
  start: () => Promise<void>;
  log: (message: string) => void;
  settleMs?: number;
}

export interface DashboardRefresh {
  /** starts the work if the facts need it */
  check(): Promise<boolean>;
  /** an install or update: the build changed, which only the work itself can tell */
  onInstalled(): void;
  stop(): void;
}

export function dashboardRefresh(deps: DashboardRefreshDeps): DashboardRefresh {
  const settle = deps.settleMs ?? SETTLE_MS;
  const dbName = deps.db().name;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const failed = (e: unknown) => deps.log(`keeping the dashboard's numbers failed: ${String(e)}`);

  let again: ReturnType<typeof setTimeout> | null = null;
  const check = async () => {
    if (!(await factsNeedKeeping(deps.db(), BACKGROUND_MARKED))) return false;
    await deps.start();
    // A keeper already running may have read the store before this change: look again a little
    // later, and start one if none is running and the facts still need it.
    if (again) clearTimeout(again);
    again = setTimeout(() => {
      again = null;
      check().catch(failed);
    }, settle * 5);
    return true;
  };
  const onChange = (parts: Record<string, unknown>) => {
    if (!Object.keys(parts).some((p) => WATCHED.some((t) => p.startsWith(`idb://${dbName}/${t}/`)))) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      check().catch(failed);
    }, settle);
  };
  Dexie.on('storagemutated', onChange);
  return {
    check,
    onInstalled: () => void deps.start().catch(failed),
    stop: () => {
      Dexie.on('storagemutated').unsubscribe(onChange);
      if (timer) clearTimeout(timer);
      if (again) clearTimeout(again);
    },
  };
}

/** Opens the offscreen document that runs `keepUp` (entrypoints/dashboard-keeper), unless it is open. */
export async function startOffscreenKeeper(): Promise<void> {
  // Chrome only; elsewhere the page's own fill worker does the work when it opens.
  if (!browser.offscreen) return;
  const url = browser.runtime.getURL(KEEPER_PAGE);
  const open = await browser.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [url] });
  if (open.length > 0) return;
  try {
    await browser.offscreen.createDocument({
      url,
      reasons: ['WORKERS'],
      justification: "Brings the KPI dashboard's stored numbers up to date after an import, a sync or a policy change.",
    });
  } catch (e) {
    // Two checks raced: the other one opened it.
    if ((await browser.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [url] })).length === 0) throw e;
  }
}

/** The background's part, registered once at the top of the service worker. */
export function keepDashboardFacts(db: () => LoopsideDb, log: (message: string) => void): DashboardRefresh {
  const refresh = dashboardRefresh({ db, start: startOffscreenKeeper, log });
  browser.runtime.onInstalled.addListener(refresh.onInstalled);
  // Every start: a burst that settled while the worker was stopped is caught here.
  refresh.check().catch((e: unknown) => log(`keeping the dashboard's numbers failed: ${String(e)}`));
  return refresh;
}
