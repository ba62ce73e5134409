import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { getDb } from '@/lib/db/schema';
import { ROUTE_LABEL } from '@/lib/labels';

/** `#loop=<id>`: where the background sends a person whose loop's record it cannot find. */
function loopIdFromHash(): string {
  const match = /(?:^#|&)loop=([^&]+)/.exec(location.hash);
  if (!match) return '';
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return '';
  }
}

/**
 * Says which loop was meant and how to reach its record, instead of a settings page that ignores
 * the notification or queue item the person just clicked.
 */
export function LoopNotice() {
  const [loopId, setLoopId] = useState(loopIdFromHash);
  useEffect(() => {
    const onHash = () => setLoopId(loopIdFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const loop = useLiveQuery(async () => (loopId ? ((await getDb().loops.get(loopId)) ?? null) : null), [loopId]);
  if (!loopId || loop === undefined) return null;
  return (
    <section className="panel panel--notice" aria-labelledby="loop-notice-h" data-testid="loop-notice">
      <h2 id="loop-notice-h">{loop ? `${loop.contactName || loop.email || 'This contact'}: record not opened here yet` : 'Loop not found'}</h2>
      {loop ? (
        <>
          <p>
            {ROUTE_LABEL[loop.route]} loop, score {loop.score}
            {loop.email ? (
              <>
                {' '}
                · <span className="break">{loop.email}</span>
              </>
            ) : null}
            {loop.hubspotId ? ` · HubSpot id ${loop.hubspotId}` : ''}
            {loop.salesforceId ? ` · Salesforce id ${loop.salesforceId}` : ''}
          </p>
          <p className="hint">
            Loopside opens a record it has seen in this browser. Open this contact once in HubSpot or Salesforce (search for the e-mail above); from
            then on notifications and the queue take you straight there.
          </p>
        </>
      ) : (
        <p className="hint">This loop is not in this browser’s store. It may have been imported on another computer.</p>
      )}
    </section>
  );
}
