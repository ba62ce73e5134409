import { useEffect } from 'react';
import { useMutation } from '@tanstack/react-query';
import { browser } from 'wxt/browser';
import { Sidebar } from '@/components/sidebar/Sidebar';
import { OutcomeForm } from '@/components/sidebar/OutcomeForm';
import { CHANNEL_LABEL, OUTCOME_LABEL } from '@/lib/labels';
import type { RecordRef } from '@/lib/crm/types';
import { askBackground } from '@/lib/view/background';
import { useNow } from '@/lib/view/now';
import { usePageRecord } from '@/lib/view/page-record';
import { useLoopStates, useRecordLoops } from '@/lib/view/record-loops';
import { useSidebarStore } from '@/lib/view/ui-store';

const KIND_LABEL: Record<RecordRef['kind'], string> = {
  contact: 'Contact',
  company: 'Company',
  deal: 'Deal',
  lead: 'Lead',
  account: 'Account',
  opportunity: 'Opportunity',
};

export function App() {
  const { page, error, loading } = usePageRecord();
  const data = useRecordLoops(page);
  const now = useNow(1000);
  const loops = useLoopStates(data, now);
  const latest = loops[0];
  const { collapsed, setCollapsed, draft, setDraft, resetDraft, hydrate } = useSidebarStore();

  useEffect(() => void hydrate(), [hydrate]);

  // Remember where this contact's record lives, so a notification click can open it.
  const recordUrl = page?.record?.url;
  const linkKeys = latest
    ? [
        page?.record?.crm === 'hubspot' && latest.response.hubspotId ? `hubspot:${latest.response.hubspotId}` : null,
        page?.record?.crm === 'salesforce' && latest.response.salesforceId ? `salesforce:${latest.response.salesforceId}` : null,
        latest.response.email ? `email:${latest.response.email}` : null,
      ].filter((k): k is string => k !== null)
    : [];
  const linkKey = linkKeys.join(',');
  useEffect(() => {
    if (!recordUrl || !linkKey) return;
    askBackground({ type: 'record/seen', url: recordUrl, keys: linkKey.split(',') }).catch(() => {});
  }, [recordUrl, linkKey]);

  const log = useMutation({
    mutationFn: (loopId: string) =>
      askBackground({
        type: 'loop/act',
        loopId,
        eventId: draft.eventId,
        action: { kind: 'touch', channel: draft.channel, outcome: draft.outcome!, note: draft.note },
      }),
    // A worker stopped mid-request answers nothing: try again with the same event id (it cannot log twice).
    retry: 4,
    retryDelay: (attempt) => 200 * 2 ** attempt,
    onSuccess: () => resetDraft(),
  });

  const timeZone = data?.ctx.calendar.timeZone ?? 'UTC';
  const recordLabel = page?.record ? KIND_LABEL[page.record.kind] : null;
  const lastTouch = latest?.touches.at(-1);
  const lastLogged =
    log.isSuccess && lastTouch ? `Logged: ${CHANNEL_LABEL[lastTouch.channel]} · ${OUTCOME_LABEL[lastTouch.outcome]}` : null;

  return (
    <Sidebar
      recordLabel={recordLabel}
      loading={loading || (page?.record != null && data === undefined)}
      error={error ? error.message : null}
      loops={loops}
      now={now}
      timeZone={timeZone}
      importUrl={browser.runtime.getURL('/options.html')}
      collapsed={collapsed}
      onCollapse={setCollapsed}
      outcomeForm={
        latest ? (
          <OutcomeForm
            draft={draft}
            onChange={setDraft}
            onSubmit={() => log.mutate(latest.loopId)}
            pending={log.isPending}
            error={log.error ? log.error.message : null}
            lastLogged={lastLogged}
          />
        ) : null
      }
    />
  );
}
