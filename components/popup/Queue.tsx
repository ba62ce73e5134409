import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { browser } from 'wxt/browser';
import { ROLE_LABEL } from '@/lib/people/schema';
import { ask } from '@/lib/messaging/ask';
import { plural } from '@/lib/labels';
import { useNow } from '@/lib/view/now';
import { FilterTabs, panelId, tabId } from './FilterTabs';
import { QueueRow } from './QueueRow';
import { availableFilters, countByFilter, FILTER_LABEL, matchesFilter, queueItems, type QueueFilter } from './queue';
import { filterFromHash, useQueueStore } from './queue-store';
import { useQueueData, useQueueStates } from '@/lib/view/queue-data';
import { useSyncState } from '@/lib/view/sync-state';

const EMPTY_TEXT: Record<QueueFilter, string> = {
  mine: 'Nothing open for you.',
  team: 'Nothing open in your team.',
  escalated: 'No escalated loops.',
  unassigned: 'Every open loop has an owner in the team directory.',
};

/** Rows rendered at first, and added each time the end of the list scrolls into view. */
export const QUEUE_PAGE = 40;

/**
 * Up and Down move between loops, so a long queue does not need a Tab press per control. Down on
 * the last rendered row renders the next page first (`more`), then moves into it.
 */
function moveBetweenRows(e: KeyboardEvent<HTMLUListElement>, more: () => boolean) {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const list = e.currentTarget;
  const rows = [...list.querySelectorAll<HTMLButtonElement>('button[data-row]')];
  const at = rows.findIndex((b) => b === document.activeElement);
  if (at < 0) return;
  e.preventDefault();
  if (e.key === 'ArrowDown' && at === rows.length - 1 && more()) {
    requestAnimationFrame(() => list.querySelectorAll<HTMLButtonElement>('button[data-row]')[at + 1]?.focus());
    return;
  }
  rows[Math.min(rows.length - 1, Math.max(0, at + (e.key === 'ArrowDown' ? 1 : -1)))]?.focus();
}

/**
 * A long queue (thousands of loops) renders a page of rows and grows as the person scrolls or
 * arrows down: the popup opens at once and never holds more rows than were reached.
 */
function useGrowingWindow(total: number, resetKey: string) {
  const [limit, setLimit] = useState(QUEUE_PAGE);
  const [key, setKey] = useState(resetKey);
  if (key !== resetKey) {
    setKey(resetKey);
    setLimit(QUEUE_PAGE);
  }
  const sentinel = useRef<HTMLLIElement | null>(null);
  const more = () => {
    if (limit >= total) return false;
    setLimit((l) => l + QUEUE_PAGE);
    return true;
  };
  useEffect(() => {
    const el = sentinel.current;
    if (!el || limit >= total || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((en) => en.isIntersecting)) setLimit((l) => l + QUEUE_PAGE);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [limit, total]);
  return { limit, more, sentinel };
}

/** The follow-up queue: my open loops (and for a manager, the team's and the unassigned ones), soonest due first. */
export function Queue() {
  const idPrefix = useId();
  const now = useNow(1000);
  const data = useQueueData();
  const states = useQueueStates(data, now);
  const me = useMemo(() => ({ email: data?.settings.myEmail ?? '', role: data?.settings.role ?? 'rep' }) as const, [data]);
  const items = useMemo(() => queueItems(states, me, data?.people ?? []), [states, me, data?.people]);
  const filters = availableFilters(me);
  // Opened from a summary notification: start on the filter it names, until the person picks one.
  const [fromHash, setFromHash] = useState(() => filterFromHash(location.hash));
  const remembered = useQueueStore((s) => s.filter);
  const stored = fromHash ?? remembered;
  const remember = useQueueStore((s) => s.setFilter);
  const setFilter = (next: QueueFilter) => {
    setFromHash(null);
    remember(next);
  };
  const filter = filters.includes(stored) ? stored : 'mine';
  const counts = countByFilter(items, filters);
  const shown = items.filter((i) => matchesFilter(i, filter));
  const rows = useGrowingWindow(shown.length, filter);
  const people = useMemo(
    () => [...(data?.people ?? [])].sort((a, b) => (a.name || a.email).localeCompare(b.name || b.email)),
    [data?.people],
  );

  const [status, setStatus] = useState('');
  const opener = useMutation({
    mutationFn: (loopId: string) => ask({ type: 'record/open', loopId }),
    onMutate: () => setStatus(''),
    // A real popup closes as the tab comes forward; said anyway for the popup opened as a page or kept open.
    onSuccess: (reply, loopId) => {
      if (reply.url === null) {
        // The background knows no CRM address for this contact yet.
        const r = states.find((s) => s.loopId === loopId)?.response;
        const who = r?.email ? `search for ${r.email}` : 'search for the contact';
        setStatus(
          `Loopside has not seen this contact’s CRM record yet: open it once in HubSpot or Salesforce (${who}), and it opens from here after that.`,
        );
      } else {
        setStatus(reply.reused ? 'Switched to the tab that already shows this record.' : 'Opened the record in a new tab.');
      }
    },
  });
  // One event id per (loop, new owner) until the background confirms: a retry can never reassign twice.
  const assignIds = useRef(new Map<string, string>());
  const assigner = useMutation({
    mutationFn: async ({ loopId, toEmail }: { loopId: string; toEmail: string }) => {
      const key = `${loopId}|${toEmail}`;
      const eventId = assignIds.current.get(key) ?? crypto.randomUUID();
      assignIds.current.set(key, eventId);
      await ask({ type: 'loop/act', loopId, eventId, action: { kind: 'reassign', toEmail } });
      assignIds.current.delete(key);
      return { toEmail, eventId };
    },
    onSuccess: ({ toEmail, eventId }) => {
      const person = data?.people.find((p) => p.email === toEmail);
      setStatus(`Assigned to ${person?.name || toEmail}.`);
      setLastAssign({ eventId, name: person?.name || toEmail });
    },
  });
  // The sync target may refuse the reassignment later (a dead letter): say so instead of "Assigned".
  const [lastAssign, setLastAssign] = useState<{ eventId: string; name: string } | null>(null);
  const syncState = useSyncState(data?.settings.sync ?? { kind: 'none' });
  const refusal = lastAssign ? syncState?.letters.find((l) => l.eventId === lastAssign.eventId) : undefined;

  if (!data) return <p className="popup__loading">Loading…</p>;
  const identity = me.email
    ? `${people.find((p) => p.email === me.email)?.name || me.email} · ${ROLE_LABEL[me.role]}`
    : 'One-person mode: every loop is yours';
  const error = opener.error ?? assigner.error;

  return (
    <>
      <header className="popup__header">
        <h1 id={`${idPrefix}-h`}>Follow-up queue</h1>
        <p className="popup__who" data-testid="queue-identity">
          {identity}
        </p>
      </header>
      <FilterTabs filters={filters} selected={filter} counts={counts} onSelect={setFilter} idPrefix={idPrefix} />
      <div role="alert" className="popup__alert">
        {error ? (opener.error ? `Could not open the record: ${opener.error.message}` : `Could not assign: ${error.message}`) : null}
      </div>
      <p role="status" className="popup__status">
        {refusal && lastAssign ? `Not assigned to ${lastAssign.name}: the CRM refused it (${refusal.error}).` : status}
      </p>
      <section
        role="tabpanel"
        id={panelId(idPrefix)}
        aria-labelledby={tabId(idPrefix, filter)}
        tabIndex={shown.length === 0 ? 0 : undefined}
      >
        {shown.length === 0 ? (
          <p className="popup__empty" data-testid="queue-empty">
            {data.loops.length === 0 ? 'No open loops. Import survey responses in options.' : EMPTY_TEXT[filter]}
          </p>
        ) : (
          <ul
            className="queue"
            aria-label={`${FILTER_LABEL[filter]}: ${plural(shown.length, 'open loop', 'open loops')}, soonest due first`}
            onKeyDown={(e) => moveBetweenRows(e, rows.more)}
          >
            {shown.slice(0, rows.limit).map((item) => (
              <QueueRow
                key={item.state.loopId}
                item={item}
                now={now}
                people={item.unassigned ? people : []}
                opening={opener.isPending && opener.variables === item.state.loopId}
                onOpen={(loopId) => opener.mutate(loopId)}
                assigning={assigner.isPending}
                onAssign={(loopId, toEmail) => {
                  setStatus('');
                  assigner.mutate({ loopId, toEmail });
                }}
              />
            ))}
            {rows.limit < shown.length ? (
              <li ref={rows.sentinel} className="queue__more" aria-hidden="true" data-testid="queue-more">
                {plural(shown.length - rows.limit, 'more loop', 'more loops')} below
              </li>
            ) : null}
          </ul>
        )}
      </section>
      <footer className="popup__footer">
        <button type="button" className="link" onClick={() => void browser.runtime.openOptionsPage()}>
          Options: who I am, team directory, import
        </button>
      </footer>
    </>
  );
}
