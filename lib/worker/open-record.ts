import { browser } from 'wxt/browser';
import type { LoopsideDb, LoopRow } from '@/lib/db/schema';
import { matchesRecord } from '@/lib/crm/match';
import { hubspotContactUrl, hubspotRecordFromUrl } from '@/lib/crm/hubspot/page';
import { salesforceRecordFromUrl, salesforceRecordUrl } from '@/lib/crm/salesforce/page';
import type { RecordOpenReply } from '@/lib/messaging/protocol';
import { askPage } from '@/lib/messaging/ask';
import { recordLinkKeys } from './record-links';

/** How long a tab's content script may take to say what it shows before we open a new tab. */
const ASK_TIMEOUT_MS = 1500;

/**
 * Opens a loop's CRM record: focuses a tab that shows it now, else opens a new tab at the URL the
 * sidebar last saw it under. Tabs are found through the sidebar's own reports and confirmed by
 * asking their content script, so no `tabs` permission or host permission is needed.
 */
export async function openLoopRecord(
  db: LoopsideDb,
  loopId: string,
  opts: { queueWhenUnknown: boolean } = { queueWhenUnknown: true },
): Promise<RecordOpenReply> {
  const loop = await db.loops.get(loopId);
  const links = loop ? (await db.recordLinks.bulkGet(recordLinkKeys(loop))).filter((l) => l !== undefined) : [];
  if (!loop || links.length === 0) {
    // This browser never showed the record: build its URL from the CRM id and a CRM seen before.
    // Failing that, a notification opens the queue, which lists the loop; the queue itself is
    // told (url null) so it can say how to find the record instead of reopening itself.
    const url = (loop && (await urlFromCrmId(db, loop))) ?? (opts.queueWhenUnknown ? browser.runtime.getURL('/popup.html') : null);
    if (url) await browser.tabs.create({ url });
    return { url, reused: false };
  }
  const newestFirst = [...links].sort((a, b) => b.seenAt - a.seenAt);
  const tabIds = [...new Set(newestFirst.map((l) => l.tabId).filter((id): id is number => id !== undefined))];
  for (const tabId of tabIds) {
    if (await tabShowsLoop(tabId, loop)) {
      const tab = await browser.tabs.update(tabId, { active: true });
      if (tab?.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true }).catch(() => {});
      return { url: newestFirst[0]!.url, reused: true };
    }
  }
  const url = newestFirst[0]!.url;
  await browser.tabs.create({ url });
  return { url, reused: false };
}

async function tabShowsLoop(tabId: number, loop: LoopRow): Promise<boolean> {
  const page = await askPage(tabId, ASK_TIMEOUT_MS);
  if (!page?.record) return false;
  const identity = { email: loop.email || undefined, hubspotId: loop.hubspotId || undefined, salesforceId: loop.salesforceId || undefined };
  return matchesRecord(identity, page.record, page.email);
}

/** A record URL from the loop's CRM id and the newest page of that CRM the sidebar has seen (portal, org host). */
async function urlFromCrmId(db: LoopsideDb, loop: LoopRow): Promise<string | null> {
  if (loop.hubspotId) {
    const seen = await db.recordLinks.where('key').startsWith('hubspot:').toArray();
    const ref = newest(seen)
      .map((l) => hubspotRecordFromUrl(new URL(l.url)))
      .find((r) => r?.portalId);
    if (ref?.portalId) return hubspotContactUrl(ref.host, ref.portalId, loop.hubspotId);
  }
  if (loop.salesforceId) {
    const seen = await db.recordLinks.where('key').startsWith('salesforce:').toArray();
    const ref = newest(seen)
      .map((l) => salesforceRecordFromUrl(new URL(l.url)))
      .find((r) => r !== null);
    if (ref) return salesforceRecordUrl(ref.host, loop.salesforceId);
  }
  return null;
}

const newest = <T extends { seenAt: number }>(rows: T[]) => [...rows].sort((a, b) => b.seenAt - a.seenAt);
