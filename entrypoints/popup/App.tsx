import { useLiveQuery } from 'dexie-react-hooks';
import { browser } from 'wxt/browser';
import { getDb } from '@/lib/db/schema';
import { readSettings } from '@/lib/db/settings';
import { ROUTE_LABEL } from '@/lib/labels';
import { recordLinkKeys } from '@/lib/worker/record-links';
import { formatCountdown, formatDateTime } from '@/components/format';
import { useNow } from '@/lib/view/now';

/** My open loops that still wait for a first touch, soonest due first. */
export function App() {
  const now = useNow(1000);
  const data = useLiveQuery(async () => {
    const db = getDb();
    const settings = await readSettings(db);
    const open = await db.loops.where('[status+firstTouchAt]').equals(['open', 0]).toArray();
    const mine = open.filter((l) => settings.myEmail === '' || l.ownerEmail === settings.myEmail);
    mine.sort((a, b) => a.firstTouchDueAt - b.firstTouchDueAt);
    const links = await Promise.all(mine.map(async (l) => (await db.recordLinks.bulkGet(recordLinkKeys(l))).find(Boolean)?.url));
    return { loops: mine.map((l, i) => ({ ...l, url: links[i] })), timeZone: settings.timeZone };
  }, []);
  return (
    <main className="popup" aria-labelledby="queue-h">
      <h1 id="queue-h">Waiting for a first touch</h1>
      {data && data.loops.length === 0 ? <p>Nothing waiting. </p> : null}
      <ul className="queue">
        {data?.loops.map((l) => {
          const left = l.firstTouchDueAt - now;
          const body = (
            <>
              <span className="queue__who">{l.contactName || l.email}</span>
              <span className="queue__meta">
                {ROUTE_LABEL[l.route]} · score {l.score} · {left >= 0 ? `${formatCountdown(left)} left` : `breached ${formatCountdown(left)} ago`}
              </span>
              <span className="queue__due">due {formatDateTime(l.firstTouchDueAt, data.timeZone)}</span>
            </>
          );
          return (
            <li key={l.loopId}>
              {l.url ? (
                <button type="button" className="queue__item" onClick={() => void browser.tabs.create({ url: l.url! })}>
                  {body}
                </button>
              ) : (
                <div className="queue__item">{body}</div>
              )}
            </li>
          );
        })}
      </ul>
      <p>
        <a href={browser.runtime.getURL('/options.html')} target="_blank" rel="noreferrer">
          Import responses and settings
        </a>
      </p>
    </main>
  );
}
