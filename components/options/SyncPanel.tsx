import { useMutation } from '@tanstack/react-query';
import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState } from 'react';
import { getDb } from '@/lib/db/schema';
import { askBackground } from '@/lib/view/background';
import { formatDateTime } from '@/lib/loop';
import { plural } from '@/lib/labels';

const EVENT_WORDS: Record<string, string> = {
  received: 'Response received',
  routed: 'Routed',
  touch_logged: 'Touch logged',
  reason_set: 'Root cause set',
  escalated: 'Escalated',
  reassigned: 'Reassigned',
  closed: 'Closed',
  reopened: 'Reopened',
  advocacy_asked: 'Advocacy ask',
};

/** Dead letters with what they were and whose loop, plus how much waits in the outbox. */
function useSyncState() {
  return useLiveQuery(async () => {
    const db = getDb();
    const [outbox, letters] = await Promise.all([db.outbox.count(), db.deadLetters.orderBy('at').reverse().toArray()]);
    const [events, loops] = await Promise.all([db.events.bulkGet(letters.map((l) => l.eventId)), db.loops.bulkGet(letters.map((l) => l.loopId))]);
    return {
      outbox,
      letters: letters.map((l, i) => ({ ...l, eventType: events[i]?.type, contact: loops[i] ? loops[i].contactName || loops[i].email : '' })),
    };
  }, []);
}

interface SyncResult {
  pushed: number;
  pulled: number;
  deadLettered: number;
  pending: number;
}

/** What the sync target refused, with a way to send it again once the cause is fixed. */
export function SyncPanel({ syncUrl, timeZone }: { syncUrl: string; timeZone: string }) {
  const id = useId();
  const state = useSyncState();
  // The last outcome only: an old "3 events back in the outbox" must not outlive a later failure.
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const failed = (what: string) => (e: Error) => setMessage({ text: `${what} failed: ${e.message}`, error: true });
  const retry = useMutation({
    mutationFn: (eventId: string) => askBackground<{ retried: number }>({ type: 'deadletter/retry', eventId }),
    onMutate: () => setMessage(null),
    onSuccess: ({ retried }) => setMessage({ text: `${plural(retried, 'event', 'events')} back in the outbox.`, error: false }),
    onError: failed('Retry'),
  });
  const syncNow = useMutation({
    mutationFn: () => askBackground<SyncResult>({ type: 'sync/now' }),
    onMutate: () => setMessage(null),
    onSuccess: (r) =>
      setMessage({ text: `Sent ${r.pushed}, received ${r.pulled}, refused ${r.deadLettered}; ${r.pending} still waiting.`, error: false }),
    onError: failed('Sync'),
  });
  const letters = state?.letters ?? [];

  return (
    <section aria-labelledby={`${id}-h`} className="panel" id="sync">
      <h2 id={`${id}-h`}>Sync</h2>
      <p className="hint" data-testid="sync-mode">
        {syncUrl ? (
          <>
            Events are sent to and read from <code>{syncUrl}</code>.
          </>
        ) : (
          'Local mode: no sync URL is set, so events stay in this browser.'
        )}
      </p>
      <div className="row">
        <p data-testid="outbox-count">
          {state ? `${plural(state.outbox, 'event waits', 'events wait')} in the outbox.` : ''}
        </p>
        <button type="button" className="button" disabled={syncNow.isPending} onClick={() => syncNow.mutate()}>
          Sync now
        </button>
      </div>

      <h3>Refused events ({letters.length})</h3>
      {letters.length === 0 ? (
        <p className="hint">None: everything sent so far was accepted.</p>
      ) : (
        <>
          <p className="hint">The sync target refused these for good. Fix the cause (for example a permission in the CRM), then retry.</p>
          <div className="table-scroll">
            <table className="table" data-testid="dead-letters">
              <caption className="visually-hidden">Events the sync target refused</caption>
              <thead>
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col">Loop</th>
                  <th scope="col">Error</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">When</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {letters.map((l) => (
                  <tr key={l.eventId}>
                    <th scope="row">
                      {l.eventType ? (EVENT_WORDS[l.eventType] ?? l.eventType) : 'Event'}
                      <br />
                      <code className="break">{l.eventId}</code>
                    </th>
                    <td className="break">{l.contact || <code>{l.loopId}</code>}</td>
                    <td className="break">
                      {l.status !== undefined ? `HTTP ${l.status}: ` : ''}
                      {l.error}
                    </td>
                    <td>{l.attempts}</td>
                    <td>{formatDateTime(l.at, timeZone)}</td>
                    <td>
                      <button type="button" className="button" disabled={retry.isPending} aria-label={`Retry ${l.eventId}`} onClick={() => retry.mutate(l.eventId)}>
                        Retry
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <button type="button" className="button" disabled={retry.isPending} onClick={() => retry.mutate('*')}>
            Retry all
          </button>
        </>
      )}
      <p role="status" aria-live="polite" className="status">
        {message?.error ? <span className="error">{message.text}</span> : message?.text}
      </p>
    </section>
  );
}
