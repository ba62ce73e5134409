import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { browser } from 'wxt/browser';
import { ask } from '@/lib/messaging/ask';
import { apiOriginFor, originPatternFor } from '@/lib/crm/salesforce/api/hosts';
import type { ResponseSource } from '@/lib/sync/salesforce/config';
import type { SalesforceConnectReply } from '@/lib/sync/salesforce/messages';
import { formatDateTime } from '@/lib/loop';

const STATUS_KEY = ['salesforce-status'];
const NUMBER_TYPES = new Set(['double', 'int', 'percent', 'currency', 'long']);
const TEXT_TYPES = new Set(['string', 'textarea']);
const DATE_TYPES = new Set(['datetime', 'date']);

/**
 * Asks for what reading the org's session needs, inside the click (a permission prompt needs the
 * user's gesture, which any earlier await could lose): the `cookies` permission and the org's host.
 */
function requestSessionAccess(origin: string, extra: 'cookies' | 'identity'): Promise<boolean> {
  return browser.permissions.request({ permissions: [extra], origins: [originPatternFor(origin)] }).catch(() => false);
}

function Verdict({ reply }: { reply: SalesforceConnectReply | undefined }) {
  if (!reply) return null;
  if (reply.connected) return <p className="hint">Team mode is on: Loopside now uses your Salesforce session for this org.</p>;
  return (
    <p className="error" role="alert" data-testid="salesforce-problem">
      {reply.problem}
    </p>
  );
}

/** Team mode on Salesforce: turn it on with the user's session, pick where responses come from, see how it goes. */
export function SalesforceConnect({ timeZone }: { timeZone: string }) {
  const id = useId();
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: STATUS_KEY, queryFn: () => ask({ type: 'salesforce/status' }), refetchInterval: 10_000 });
  const [orgInput, setOrgInput] = useState('');
  const [consumerKey, setConsumerKey] = useState('');
  const [permissionProblem, setPermissionProblem] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: STATUS_KEY });

  const org = orgInput || status.data?.origin || status.data?.suggestedOrigin || '';
  const origin = apiOriginFor(org.startsWith('https://') ? org : `https://${org}`);

  const connect = useMutation({ mutationFn: (o: string) => ask({ type: 'salesforce/connect', origin: o }), onSettled: refresh });
  const oauth = useMutation({
    mutationFn: (o: string) => ask({ type: 'salesforce/oauth', origin: o, consumerKey }),
    onSettled: refresh,
  });
  const disconnect = useMutation({ mutationFn: () => ask({ type: 'salesforce/disconnect' }), onSettled: refresh });

  const turnOn = () => {
    if (!origin) return setPermissionProblem('Enter your org’s address, e.g. acme.my.salesforce.com or acme.lightning.force.com.');
    setPermissionProblem(null);
    void requestSessionAccess(origin, 'cookies').then((granted) => {
      if (!granted) setPermissionProblem('Loopside needs to read your Salesforce session for this org to turn team mode on.');
      else connect.mutate(origin);
    });
  };
  const signInWithOAuth = () => {
    if (!origin) return;
    void requestSessionAccess(origin, 'identity').then((granted) => {
      if (!granted) setPermissionProblem('Loopside needs the sign-in permission to connect with your org’s app.');
      else oauth.mutate(origin);
    });
  };

  const s = status.data;
  const needsOAuth = connect.data?.needsOAuth || oauth.data?.needsOAuth;
  return (
    <section aria-labelledby={`${id}-h`} className="panel" id="salesforce">
      <h2 id={`${id}-h`}>Salesforce</h2>
      {s?.origin ? (
        <div data-testid="salesforce-status">
          <p className="hint">
            Team mode is on for <code>{s.origin}</code>, using {s.via === 'oauth' ? 'your org’s app (OAuth)' : 'your Salesforce session'}.
          </p>
          <ul className="hint">
            <li>
              API use:{' '}
              {s.usage
                ? `${s.usage.used.toLocaleString()} of ${s.usage.max.toLocaleString()} requests today (org-wide, read ${formatDateTime(s.usage.at, timeZone)})`
                : 'not read yet'}
              ; Loopside’s share {Math.round(s.share * 1000) / 10}%.
            </li>
            <li>
              {s.pollEveryMinutes !== null
                ? `Checks for teammates’ work every ${s.pollEveryMinutes} min (${s.planReason}).`
                : 'Not polled yet.'}
            </li>
            <li>
              {s.pending} waiting to send, {s.deadLetters} refused.
            </li>
          </ul>
          {s.problem ? (
            <p className="error" role="alert">
              {s.problem}
            </p>
          ) : null}
          <button type="button" className="button" onClick={() => disconnect.mutate()} disabled={disconnect.isPending}>
            Turn team mode off
          </button>
          <SourcePicker source={s.source} share={s.share} onSaved={refresh} />
        </div>
      ) : (
        <div className="row">
          <label htmlFor={`${id}-org`}>Your org</label>
          <input
            id={`${id}-org`}
            value={org}
            placeholder="acme.my.salesforce.com"
            onChange={(e) => setOrgInput(e.target.value.trim())}
            data-testid="salesforce-org"
          />
          <button
            type="button"
            className="button button--primary"
            onClick={turnOn}
            disabled={connect.isPending}
            data-testid="salesforce-on"
          >
            Turn team mode on
          </button>
        </div>
      )}
      {permissionProblem ? <p className="error">{permissionProblem}</p> : null}
      <Verdict reply={oauth.data ?? connect.data} />
      {connect.error || oauth.error ? <p className="error">{(connect.error ?? oauth.error)?.message}</p> : null}
      {needsOAuth ? (
        <div className="row">
          <label htmlFor={`${id}-key`}>Consumer key of your org’s External Client App</label>
          <input id={`${id}-key`} value={consumerKey} onChange={(e) => setConsumerKey(e.target.value.trim())} />
          <button type="button" className="button" onClick={signInWithOAuth} disabled={oauth.isPending || consumerKey.length < 10}>
            Sign in with Salesforce
          </button>
          {s ? <p className="hint">Callback URL for the admin: {s.redirectUrl}</p> : null}
        </div>
      ) : null}
    </section>
  );
}

/** Where the org keeps survey responses: Feedback Management, or an object chosen from describe results. */
function SourcePicker({ source, share, onSaved }: { source: ResponseSource | null; share: number; onSaved: () => void }) {
  const id = useId();
  const [kind, setKind] = useState<'feedback' | 'object'>(source?.kind ?? 'feedback');
  const [object, setObject] = useState(source?.kind === 'object' ? source.object : '');
  const [fields, setFields] = useState<Record<string, string>>(
    source?.kind === 'object'
      ? {
          contactField: source.contactField,
          scoreField: source.scoreField,
          commentField: source.commentField ?? '',
          dateField: source.dateField,
        }
      : {},
  );
  const [scale, setScale] = useState<'nps' | 'csat' | 'ces'>(source?.scale ?? 'nps');
  const [sharePct, setSharePct] = useState(String(Math.round(share * 1000) / 10));
  const objects = useQuery({
    queryKey: ['salesforce-objects'],
    queryFn: () => ask({ type: 'salesforce/objects' }),
    enabled: kind === 'object',
  });
  const described = useQuery({
    queryKey: ['salesforce-fields', object],
    queryFn: () => ask({ type: 'salesforce/fields', object }),
    enabled: kind === 'object' && object !== '',
  });
  const chosen = (): ResponseSource =>
    kind === 'feedback'
      ? { kind: 'feedback', questionTypes: ['NPS'], scale }
      : {
          kind: 'object',
          object,
          contactField: fields.contactField ?? '',
          scoreField: fields.scoreField ?? '',
          ...(fields.commentField ? { commentField: fields.commentField } : {}),
          dateField: fields.dateField ?? '',
          scale,
        };
  const test = useMutation({ mutationFn: () => ask({ type: 'salesforce/source/test', source: chosen() }) });
  const save = useMutation({
    mutationFn: () => ask({ type: 'salesforce/source/save', source: chosen(), share: Number(sharePct) / 100 }),
    onSuccess: onSaved,
  });
  const pick = (role: string, label: string, accept: (f: { type: string; referenceTo: string[] }) => boolean) => (
    <div className="row">
      <label htmlFor={`${id}-${role}`}>{label}</label>
      <select id={`${id}-${role}`} value={fields[role] ?? ''} onChange={(e) => setFields({ ...fields, [role]: e.target.value })}>
        <option value="">—</option>
        {(described.data?.fields ?? []).filter(accept).map((f) => (
          <option key={f.name} value={f.name}>
            {f.label} ({f.name})
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <fieldset>
      <legend>Where survey responses come from</legend>
      <div className="row">
        <label>
          <input type="radio" checked={kind === 'feedback'} onChange={() => setKind('feedback')} /> Salesforce Feedback Management (NPS
          questions)
        </label>
        <label>
          <input type="radio" checked={kind === 'object'} onChange={() => setKind('object')} /> Another object (a survey app’s own)
        </label>
      </div>
      {kind === 'object' ? (
        <>
          <div className="row">
            <label htmlFor={`${id}-object`}>Object</label>
            <select id={`${id}-object`} value={object} onChange={(e) => setObject(e.target.value)}>
              <option value="">—</option>
              {(objects.data?.objects ?? []).map((o) => (
                <option key={o.name} value={o.name}>
                  {o.label} ({o.name})
                </option>
              ))}
            </select>
          </div>
          {pick(
            'contactField',
            'Contact or lead',
            (f) => f.type === 'reference' && f.referenceTo.some((r) => r === 'Contact' || r === 'Lead'),
          )}
          {pick('scoreField', 'Score', (f) => NUMBER_TYPES.has(f.type))}
          {pick('commentField', 'Comment', (f) => TEXT_TYPES.has(f.type))}
          {pick('dateField', 'Date', (f) => DATE_TYPES.has(f.type))}
        </>
      ) : null}
      <div className="row">
        <label htmlFor={`${id}-scale`}>Scale</label>
        <select id={`${id}-scale`} value={scale} onChange={(e) => setScale(e.target.value as 'nps' | 'csat' | 'ces')}>
          <option value="nps">NPS (0–10)</option>
          <option value="csat">CSAT</option>
          <option value="ces">CES</option>
        </select>
        <label htmlFor={`${id}-share`}>Loopside’s share of the org’s daily API requests (%)</label>
        <input
          id={`${id}-share`}
          type="number"
          min="0.1"
          max="50"
          step="0.1"
          value={sharePct}
          onChange={(e) => setSharePct(e.target.value)}
        />
      </div>
      <div className="row">
        <button type="button" className="button" onClick={() => test.mutate()} disabled={test.isPending}>
          Test
        </button>
        <button type="button" className="button button--primary" onClick={() => save.mutate()} disabled={save.isPending}>
          Save source
        </button>
      </div>
      {test.error || save.error ? <p className="error">{(test.error ?? save.error)?.message}</p> : null}
      {save.isSuccess ? <p className="hint">Saved: new responses will come in by themselves.</p> : null}
      {test.data ? (
        <table data-testid="salesforce-test-rows">
          <caption>The first rows Loopside would import</caption>
          <thead>
            <tr>
              <th>Score</th>
              <th>Who</th>
              <th>Company</th>
              <th>Comment</th>
            </tr>
          </thead>
          <tbody>
            {test.data.rows.map((r) => (
              <tr key={r.id}>
                <td>{r.score}</td>
                <td>{r.name || r.email}</td>
                <td>{r.company}</td>
                <td>{r.comment}</td>
              </tr>
            ))}
            {test.data.rejected.map((r) => (
              <tr key={r.id}>
                <td colSpan={4}>
                  Skipped {r.id}: {r.reason}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </fieldset>
  );
}
