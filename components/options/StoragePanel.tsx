import { useId, useState } from 'react';
import { formatBytes, useStorageState } from '@/lib/view/storage';

/**
 * How much room Loopside takes in this browser, and whether the browser may clear it: a store that
 * is not persistent can be evicted under storage pressure, and with it every logged outcome not yet
 * synced. What is pruned, and when, is said here too.
 */
export function StoragePanel() {
  const id = useId();
  const { state, requestPersistence } = useStorageState();
  const [answer, setAnswer] = useState('');
  const size =
    state.usage === undefined
      ? 'This browser does not say how much room Loopside takes.'
      : `Loopside uses ${formatBytes(state.usage)}${state.quota !== undefined ? ` of the ${formatBytes(state.quota)} this browser allows` : ''}.`;
  return (
    <section aria-labelledby={`${id}-h`} className="panel" id="storage">
      <h2 id={`${id}-h`}>Storage</h2>
      <p data-testid="storage-size">{size}</p>
      <p data-testid="storage-persisted">
        {state.persisted === true
          ? 'Persistent: the browser will not clear Loopside’s data to make room.'
          : 'Not persistent: under storage pressure the browser may clear Loopside’s data, with outcomes not yet synced.'}
      </p>
      {state.persisted !== true ? (
        <button
          type="button"
          className="button"
          onClick={() =>
            void requestPersistence().then((granted) =>
              setAnswer(
                granted
                  ? 'The browser will keep Loopside’s data.'
                  : 'The browser declined for now; it decides from how often you use Loopside.',
              ),
            )
          }
        >
          Ask the browser to keep Loopside’s data
        </button>
      ) : null}
      <p role="status">{answer}</p>
      <p className="muted">
        Once a day Loopside removes what it no longer needs: alerts about loops already touched, record links not seen for 180 days, and
        loops closed more than 400 days ago (never while one of their events still waits to sync).
      </p>
    </section>
  );
}
