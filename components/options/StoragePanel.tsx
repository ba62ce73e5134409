import { useEffect, useId, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { ask } from '@/lib/messaging/ask';
import { formatBytes, useStorageState } from '@/lib/view/storage';
import { MAX_KEEP_CLOSED_DAYS, MIN_KEEP_CLOSED_DAYS, SettingsSchema, type Settings } from '@/lib/settings/schema';
import { FieldError } from './FieldError';

/**
 * How much room Loopside takes in this browser, and whether the browser may clear it: a store that
 * is not persistent can be evicted under storage pressure, and with it every logged outcome not yet
 * synced. What is pruned, and when, is said here too.
 */
export function StoragePanel({ settings }: { settings: Settings | undefined }) {
  const id = useId();
  const { state, requestPersistence, refresh } = useStorageState();
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
      {settings ? <Retention settings={settings} onSaved={refresh} /> : null}
    </section>
  );
}

/** How long closed loops are kept: checked by the settings schema here and again when the worker saves it. */
function Retention({ settings, onSaved }: { settings: Settings; onSaved(): void }) {
  const id = useId();
  const [days, setDays] = useState(String(settings.keepClosedLoopsDays));
  const [error, setError] = useState<string | undefined>();
  useEffect(() => setDays(String(settings.keepClosedLoopsDays)), [settings.keepClosedLoopsDays]);
  const saver = useMutation({
    mutationFn: (next: Settings) => ask({ type: 'settings/save', settings: next }),
    onSuccess: onSaved,
  });
  const save = () => {
    const parsed = SettingsSchema.safeParse({ ...settings, keepClosedLoopsDays: days.trim() === '' ? NaN : Number(days) });
    if (!parsed.success) {
      const issue = parsed.error.issues.find((i) => i.path[0] === 'keepClosedLoopsDays') ?? parsed.error.issues[0];
      setError(
        `Keep closed loops: ${issue?.code === 'invalid_type' ? 'give a number of days' : (issue?.message ?? 'not a number of days')}.`,
      );
      return;
    }
    setError(undefined);
    saver.mutate(parsed.data);
  };
  return (
    <form
      className="retention"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-days`}>Keep closed loops for (days)</label>
        <input
          id={`${id}-days`}
          type="number"
          inputMode="numeric"
          min={MIN_KEEP_CLOSED_DAYS}
          max={MAX_KEEP_CLOSED_DAYS}
          step={1}
          value={days}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : `${id}-hint`}
          onChange={(e) => setDays(e.target.value)}
        />
        <FieldError id={`${id}-error`} message={error} />
      </div>
      <button type="submit" className="button" disabled={saver.isPending}>
        Save
      </button>
      <p role="status">{saver.isSuccess && !error ? `Saved: closed loops are kept ${settings.keepClosedLoopsDays} days.` : ''}</p>
      {saver.error ? <p className="error">{saver.error.message}</p> : null}
      <p className="muted" id={`${id}-hint`}>
        Once a day Loopside removes what it no longer needs: alerts about loops already touched, record links not seen for 180 days, and
        loops closed more than {settings.keepClosedLoopsDays} days ago with their events (never while one of their events still waits to
        sync). From {MIN_KEEP_CLOSED_DAYS} days to {MAX_KEEP_CLOSED_DAYS} (ten years).
      </p>
    </form>
  );
}
