import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { browser } from 'wxt/browser';
import { ask } from '@/lib/messaging/ask';
import type { SyncTarget } from '@/lib/settings/schema';
import { requestHostPermission } from '@/lib/sync/host-permission';
import { useSyncState } from '@/lib/view/sync-state';
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

function TargetLine({ target }: { target: SyncTarget }) {
  switch (target.kind) {
    case 'none':
      return <>Local mode: no sync target is set, so events stay in this browser.</>;
    case 'http':
      return (
        <>
          Events are sent to and read from <code>{target.url}</code>.
        </>
      );
    case 'hubspot':
      return <>HubSpot{target.portalId ? ` portal ${target.portalId}` : ''}: events wait in the outbox until the HubSpot adapter ships.</>;
    case 'salesforce':
      return (
        <>Salesforce{target.instanceUrl ? ` (${target.instanceUrl})` : ''}: events wait in the outbox until the Salesforce adapter ships.</>
      );
  }
}

/** What the sync target refused, with a way to send it again once the cause is fixed. */
export function SyncPanel({ target, timeZone }: { target: SyncTarget; timeZone: string }) {
  const id = useId();
  const state = useSyncState(target);
  // The last outcome only: an old "3 events back in the outbox" must not outlive a later failure.
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const failed = (what: string) => (e: Error) => setMessage({ text: `${what} failed: ${e.message}`, error: true });
  const retry = useMutation({
    mutationFn: (eventId: string) => ask({ type: 'deadletter/retry', eventId }),
    onMutate: () => setMessage(null),
    onSuccess: ({ retried }) => setMessage({ text: `${plural(retried, 'event', 'events')} back in the outbox.`, error: false }),
    onError: failed('Retry'),
  });
  const syncNow = useMutation({
    mutationFn: () => ask({ type: 'sync/now' }),
    onMutate: () => setMessage(null),
    onSuccess: (r) =>
      setMessage({
        text: r.paused
          ? 'The sync target still refuses our sign-in: sync stays paused.'
          : `Sent ${r.pushed}, received ${r.pulled}, refused ${r.deadLettered}; ${r.pending} still waiting.`,
        error: r.paused === true,
      }),
    onError: failed('Sync'),
  });
  // Reconnect: the CRM's API host first (this click is the gesture the browser asks for), then a
  // sync now, which lifts the pause. A real sign-in step joins here with the CRM adapters.
  const reconnect = useMutation({
    mutationFn: async () => {
      const permission = await requestHostPermission(target, browser.permissions);
      if (!permission.granted) throw new Error(permission.reason);
      return ask({ type: 'sync/now' });
    },
    onMutate: () => setMessage(null),
    onSuccess: (r) =>
      setMessage(
        r.paused
          ? { text: 'Still refused: check the account and its permissions in the CRM.', error: true }
          : { text: `Reconnected. Sent ${r.pushed}; ${r.pending} still waiting.`, error: false },
      ),
    onError: failed('Reconnect'),
  });
  const letters = state?.letters ?? [];

  return (
    <section aria-labelledby={`${id}-h`} className="panel" id="sync">
      <h2 id={`${id}-h`}>Sync</h2>
      <p className="hint" data-testid="sync-mode">
        <TargetLine target={target} />
      </p>
      {state?.pause ? (
        <div className="row" role="alert" data-testid="sync-reconnect">
          <p className="error">
            Sync is paused: the target refused our sign-in ({state.pause.message}). Nothing is lost; events wait until you reconnect.
          </p>
          <button type="button" className="button button--primary" disabled={reconnect.isPending} onClick={() => reconnect.mutate()}>
            Reconnect
          </button>
        </div>
      ) : null}
      <div className="row">
        <p data-testid="outbox-count">
          {state ? `${plural(state.outbox, 'event waits', 'events wait')} in the outbox.` : ''}
          {state && state.loopsWaiting > 0 ? ` ${plural(state.loopsWaiting, 'loop task waits', 'loop tasks wait')} to be updated.` : ''}
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
                      <button
                        type="button"
                        className="button"
                        disabled={retry.isPending}
                        aria-label={`Retry ${l.eventId}`}
                        onClick={() => retry.mutate(l.eventId)}
                      >
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
