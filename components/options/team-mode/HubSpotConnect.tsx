import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { browser } from 'wxt/browser';
import { REQUIRED_SCOPES } from '@/lib/crm/hubspot/api/constants';
import { ask } from '@/lib/messaging/ask';
import type { SyncTarget } from '@/lib/settings/schema';
import { requestHostPermission } from '@/lib/sync/host-permission';
import { formatDateTime } from '@/lib/loop';
import { plural } from '@/lib/labels';

/**
 * Options → Team mode → HubSpot. The token field is the only place the token exists on this page:
 * it is handed to the background in one message and the field is cleared; nothing here stores it.
 */
export function HubSpotConnect({ target, timeZone }: { target: SyncTarget; timeZone: string }) {
  const id = useId();
  const [token, setToken] = useState('');
  const [scoreProperty, setScoreProperty] = useState('hs_value');
  const status = useQuery({ queryKey: ['sync/status'], queryFn: () => ask({ type: 'sync/status' }), refetchInterval: 5_000 });
  const connect = useMutation({
    mutationFn: async () => {
      // Asked straight from the click: the browser needs the gesture for the permission prompt.
      const permission = await requestHostPermission({ kind: 'hubspot' }, browser.permissions);
      if (!permission.granted) throw new Error(`Loopside needs access to HubSpot’s API to connect: ${permission.reason}.`);
      return ask({ type: 'hubspot/connect', token: token.trim(), scoreProperty: scoreProperty.trim() || 'hs_value' });
    },
    onSuccess: () => {
      setToken('');
      void status.refetch();
    },
  });
  const disconnect = useMutation({ mutationFn: () => ask({ type: 'hubspot/disconnect' }), onSuccess: () => void status.refetch() });
  const connected = target.kind === 'hubspot' && status.data?.connected === true;
  const s = status.data;

  return (
    <div className="team-mode__crm" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>HubSpot</h3>
      {connected ? (
        <p>
          Connected to HubSpot portal <strong>{target.kind === 'hubspot' ? target.portalId : ''}</strong>.{' '}
          <button type="button" onClick={() => disconnect.mutate()} disabled={disconnect.isPending}>
            Disconnect
          </button>
        </p>
      ) : (
        <p className="hint">Paste an access token of a HubSpot private app (or a developer-platform app’s static token for one account).</p>
      )}
      <details>
        <summary>Scopes the token needs, and why</summary>
        <ul>
          {REQUIRED_SCOPES.map((s) => (
            <li key={s.scope}>
              <code>{s.scope}</code>: {s.why}
            </li>
          ))}
        </ul>
      </details>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          connect.mutate();
        }}
      >
        <label htmlFor={`${id}-token`}>Access token</label>
        <input
          id={`${id}-token`}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          required
          minLength={10}
        />
        <label htmlFor={`${id}-score`}>Score property of feedback submissions</label>
        <input id={`${id}-score`} value={scoreProperty} onChange={(e) => setScoreProperty(e.target.value)} pattern="[a-z0-9_]{1,100}" />
        <button type="submit" disabled={connect.isPending || token.trim().length < 10}>
          {connected ? 'Connect with this token' : 'Connect'}
        </button>
      </form>
      <div role="status" aria-live="polite">
        {connect.isPending && <p>Checking the token with HubSpot…</p>}
        {connect.error && <p className="error">{connect.error.message}</p>}
        {connect.data && (
          <p>
            This token belongs to portal <strong>{connect.data.portalId}</strong> ({connect.data.uiDomain}).{' '}
            {connect.data.missingScopes.length === 0
              ? 'All the scopes Loopside can check are there.'
              : `Missing scopes: ${connect.data.missingScopes.join(', ')}.`}
          </p>
        )}
      </div>
      {target.kind === 'hubspot' && s && (
        <dl className="team-mode__status">
          <dt>Last sync</dt>
          <dd>{s.lastSyncAt ? formatDateTime(s.lastSyncAt, timeZone) : 'not yet'}</dd>
          <dt>Requests used</dt>
          <dd>{plural(s.requestsLastHour, 'request', 'requests')} in the last hour</dd>
          {(s.paused ?? s.lastError) && (
            <>
              <dt>Problem</dt>
              <dd className="error">{s.paused ?? s.lastError}</dd>
            </>
          )}
        </dl>
      )}
    </div>
  );
}
