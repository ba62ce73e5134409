import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { Sidebar } from '@/components/sidebar/Sidebar';
import { OutcomeForm } from '@/components/sidebar/OutcomeForm';
import { FinishLoop, type ActStep } from '@/components/sidebar/FinishLoop';
import { CHANNEL_LABEL, OUTCOME_LABEL } from '@/lib/labels';
import { ACCOUNT_KINDS, type RecordRef } from '@/lib/crm/types';
import { hubspotContactUrl } from '@/lib/crm/hubspot/page';
import { salesforceRecordUrl } from '@/lib/crm/salesforce/page';
import type { AccountLoopRow } from '@/lib/view/account-view';
import { ask } from '@/lib/messaging/ask';
import { pageLinkKeys } from '@/lib/worker/record-links';
import { useNow } from '@/lib/view/now';
import { useReportEmpty, useShownAsTab } from '@/lib/view/frame-layout';
import { tellPage } from '@/lib/view/page-port';
import { pageFactsKey } from '@/lib/page/sidebar-frame';
import { useFocusRequests } from '@/lib/view/focus-request';
import { usePageRecord } from '@/lib/view/page-record';
import { useLoopStates, useRecordLoops } from '@/lib/view/record-loops';
import { useSidebarStore, type Draft } from '@/lib/view/ui-store';
import { useAction } from '@/lib/view/background-read';
import { actOnLoop, retryDelay, retryUnlessRefused } from './act';
import { signalWhenOrphaned } from './orphan-signal';

const AccountSection = lazy(() => import('@/components/sidebar/AccountSection'));

const KIND_LABEL: Record<RecordRef['kind'], string> = {
  contact: 'Contact',
  company: 'Company',
  deal: 'Deal',
  lead: 'Lead',
  account: 'Account',
  opportunity: 'Opportunity',
};

/** A contact's record on the CRM the sidebar sits on, when the loop carries its id there. */
function contactUrl(record: RecordRef | null, row: AccountLoopRow): string | null {
  if (record?.crm === 'hubspot' && record.portalId && row.hubspotId) return hubspotContactUrl(record.host, record.portalId, row.hubspotId);
  if (record?.crm === 'salesforce' && row.salesforceId) return salesforceRecordUrl(record.host, row.salesforceId);
  return null;
}

export function App() {
  const { page, error, loading } = usePageRecord();
  const { data, error: readError } = useRecordLoops(page);
  const now = useNow(1000);
  const states = useLoopStates(data, now);
  const onAccount = page?.record ? ACCOUNT_KINDS.includes(page.record.kind) : false;
  // null: not an account's page, or its loops not read yet
  const accountRule = onAccount && data ? (data.accountRule ?? null) : undefined;
  // On an account's page the loops listed are its contacts': none of them is "this record's latest".
  const loops = onAccount ? [] : states;
  const latest = loops[0];
  const people = data?.people;
  const ownerName = useCallback((email: string) => people?.find((p) => p.email === email.toLowerCase())?.name || email, [people]);
  const collapsed = useShownAsTab();
  const [toggleFocusTarget, setToggleFocusTarget] = useState<'tab' | 'full' | null>(null);
  const toggleFocused = useCallback(() => setToggleFocusTarget(null), []);
  const { setCollapsed, draft, draftLoopId, setDraft, openDraft, draftLogged, flushDraft } = useSidebarStore();
  // Read once: after an extension update every runtime call throws, and this renders every second.
  const importUrl = useMemo(() => browser.runtime.getURL('/options.html'), []);

  useFocusRequests();
  // A record without feedback needs no more than the tab; a store that could not be read says nothing.
  const readDone = !loading && !error && !readError && (page?.record == null || data != null);
  useReportEmpty(readDone ? (accountRule !== undefined ? accountRule === null : loops.length === 0) : null, page ? pageFactsKey(page) : '');
  const onCollapse = (next: boolean) => {
    setToggleFocusTarget(next ? 'tab' : 'full');
    setCollapsed(next);
    if (!next) tellPage({ expand: true });
  };
  useEffect(() => signalWhenOrphaned(), []);
  useEffect(() => {
    const flush = () => void flushDraft();
    window.addEventListener('pagehide', flush);
    return () => window.removeEventListener('pagehide', flush);
  }, [flushDraft]);

  // The draft follows the loop on screen: another record's loop brings back its own unsent draft.
  const latestId = latest?.loopId;
  const latestOpen = latest?.status === 'open';
  const latestEvents = latest?.events;
  // Only a change of loop reopens its draft; its events are read as they are at that moment.
  const eventsNow = useRef(latestEvents);
  useEffect(() => {
    eventsNow.current = latestEvents;
  }, [latestEvents]);
  useEffect(() => {
    const events = eventsNow.current;
    if (!latestId || !latestOpen || !events) return;
    const recorded = new Set(events.map((e) => e.id));
    void openDraft(latestId, (eventId) => recorded.has(eventId));
  }, [latestId, latestOpen, openDraft]);

  // Logged from another tab (same draft, same event id): this copy of the draft is done too.
  const draftRecorded = latestId !== undefined && draftLoopId === latestId && (latestEvents ?? []).some((e) => e.id === draft.eventId);
  useEffect(() => {
    if (draftRecorded && latestId) void draftLogged(latestId, draft.eventId);
  }, [draftRecorded, latestId, draft.eventId, draftLogged]);

  // Remember where this record lives (and so the CRM's portal or org), so a notification can open it.
  const recordUrl = page?.record?.url;
  const linkKeys = page ? pageLinkKeys(page) : [];
  const linkKey = linkKeys.join(',');
  useEffect(() => {
    if (!recordUrl || !linkKey) return;
    ask({ type: 'record/seen', url: recordUrl, keys: linkKey.split(',') }).catch(() => {});
  }, [recordUrl, linkKey]);

  const log = useAction(
    ({ loopId, draft: sent }: { loopId: string; draft: Draft }) =>
      actOnLoop(loopId, [
        { eventId: sent.eventId, action: { kind: 'touch', channel: sent.channel, outcome: sent.outcome!, note: sent.note } },
      ]),
    // A worker stopped mid-request answers nothing: try again with the same event id (it cannot log twice).
    { retry: retryUnlessRefused, retryDelay, onSuccess: (_, { loopId, draft: sent }) => void draftLogged(loopId, sent.eventId) },
  );

  const finish = useAction(({ loopId, steps }: { loopId: string; steps: ActStep[] }) => actOnLoop(loopId, steps), {
    retry: retryUnlessRefused,
    retryDelay,
  });

  const timeZone = data?.settings.timeZone ?? 'UTC';
  const recordLabel = page?.record ? KIND_LABEL[page.record.kind] : null;
  const lastTouch = latest?.touches.at(-1);
  const lastLogged =
    log.succeeded && lastTouch ? `Logged: ${CHANNEL_LABEL[lastTouch.channel]} · ${OUTCOME_LABEL[lastTouch.outcome]}` : null;
  // Until the loop's stored draft is looked up, the form would show (and save) a blank one.
  const draftReady = latest !== undefined && draftLoopId === latest.loopId;

  return (
    <Sidebar
      recordLabel={recordLabel}
      loading={loading || (page?.record != null && data === undefined && !readError)}
      error={error ? error.message : readError}
      ownerName={ownerName}
      accountView={
        accountRule !== undefined ? (
          <Suspense fallback={<p className="muted">Loading the account’s feedback…</p>}>
            <AccountSection
              states={states}
              rule={accountRule}
              now={now}
              timeZone={timeZone}
              ownerName={ownerName}
              recordUrl={(row) => contactUrl(page?.record ?? null, row)}
              openRecord={(row) => void ask({ type: 'record/open', loopId: row.loopId }).catch(() => {})}
            />
          </Suspense>
        ) : null
      }
      loops={loops}
      now={now}
      timeZone={timeZone}
      importUrl={importUrl}
      collapsed={collapsed}
      onCollapse={onCollapse}
      toggleFocusTarget={toggleFocusTarget}
      onToggleFocused={toggleFocused}
      outcomeForm={
        latest && draftReady ? (
          <OutcomeForm
            draft={draft}
            onChange={setDraft}
            onSubmit={() => log.run({ loopId: latest.loopId, draft })}
            pending={log.pending}
            error={log.error ? log.error.message : null}
            lastLogged={lastLogged}
          />
        ) : null
      }
      loopActions={
        latest ? (
          <FinishLoop
            key={latest.loopId}
            loop={latest}
            timeZone={timeZone}
            act={async (steps) => void (await finish.runAsync({ loopId: latest.loopId, steps }))}
          />
        ) : null
      }
    />
  );
}
