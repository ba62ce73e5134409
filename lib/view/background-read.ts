import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * The sidebar's two kinds of call to its background and its page, without a query library: it is
 * loaded in every CRM tab, and TanStack Query alone would be an eighth of its 60 kB budget for the
 * one read and two actions it makes. The extension pages opened one at a time (popup, options,
 * dashboard) keep TanStack Query.
 */

/** Tries after a failure: `failures` counts the failures before this one (0 after the first). */
export type ShouldRetry = (failures: number, error: Error) => boolean;
export type RetryDelay = (failures: number, error: Error) => number;

/** 1 s, 2 s, 4 s … at most 30 s: what TanStack Query waits by default. */
export const backoff: RetryDelay = (failures) => Math.min(1000 * 2 ** failures, 30_000);

const asError = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `run`, and again after each failure `retry` allows, waiting `delay` in between. `alive` false stops it. */
async function withRetries<T>(run: () => Promise<T>, retry: ShouldRetry, delay: RetryDelay, alive: () => boolean): Promise<T> {
  for (let failures = 0; ; failures++) {
    try {
      return await run();
    } catch (e) {
      const error = asError(e);
      if (!alive() || !retry(failures, error)) throw error;
      await sleep(delay(failures, error));
    }
  }
}

export interface ReadOptions {
  /** false: nothing is read (yet) */
  enabled?: boolean;
  retry: ShouldRetry;
  retryDelay?: RetryDelay;
  /** read again this often while shown, however quiet the background is */
  refreshEveryMs?: number;
}

export interface Read<T> {
  /** undefined until the first read of this key succeeds */
  data: T | undefined;
  /** the last read failed after its retries (data, if any, is the last good one) */
  error: Error | null;
  pending: boolean;
  /** reads again, keeping what is shown until the answer comes */
  refresh(): void;
  /** what a push from elsewhere says the value is now */
  set(value: T): void;
}

/**
 * A value read for `key`. What was read for another key is never shown for this one, an answer
 * for a key no longer wanted is dropped, and reading again keeps the old value on screen.
 */
export function useRead<T>(key: string, read: () => Promise<T>, options: ReadOptions): Read<T> {
  const { enabled = true, retry, retryDelay = backoff, refreshEveryMs } = options;
  const [state, setState] = useState<{ key: string; data: T | undefined; error: Error | null }>({ key, data: undefined, error: null });
  const [round, setRound] = useState(0);
  const latest = useRef({ read, retry, retryDelay });
  useEffect(() => {
    latest.current = { read, retry, retryDelay };
  });

  useEffect(() => {
    if (!enabled) return;
    let alive = true;
    const { read: run, retry: again, retryDelay: wait } = latest.current;
    withRetries(run, again, wait, () => alive).then(
      (data) => alive && setState({ key, data, error: null }),
      (error: Error) => alive && setState((s) => ({ key, data: s.key === key ? s.data : undefined, error })),
    );
    return () => void (alive = false);
  }, [key, enabled, round]);

  useEffect(() => {
    if (!enabled || refreshEveryMs === undefined) return;
    const timer = setInterval(() => setRound((r) => r + 1), refreshEveryMs);
    return () => clearInterval(timer);
  }, [enabled, refreshEveryMs]);

  const refresh = useCallback(() => setRound((r) => r + 1), []);
  const set = useCallback((data: T) => setState({ key, data, error: null }), [key]);
  const mine = state.key === key;
  const data = mine ? state.data : undefined;
  const error = mine ? state.error : null;
  return { data, error, pending: enabled ? data === undefined && error === null : true, refresh, set };
}

export interface ActionOptions<V, R> {
  retry: ShouldRetry;
  retryDelay?: RetryDelay;
  onSuccess?(result: R, variables: V): void;
}

export interface Action<V, R> {
  /** runs it; a failure shows in `error` */
  run(variables: V): void;
  /** runs it; a failure rejects (and shows in `error`) */
  runAsync(variables: V): Promise<R>;
  pending: boolean;
  error: Error | null;
  /** the last run succeeded */
  succeeded: boolean;
}

/** Something a person does, sent with retries; its state (sending, failed, done) is what the view shows. */
export function useAction<V, R>(send: (variables: V) => Promise<R>, options: ActionOptions<V, R>): Action<V, R> {
  const [state, setState] = useState<{ pending: boolean; error: Error | null; succeeded: boolean }>({
    pending: false,
    error: null,
    succeeded: false,
  });
  const latest = useRef({ send, options });
  useEffect(() => {
    latest.current = { send, options };
  });
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => void (mounted.current = false);
  }, []);

  const runAsync = useCallback(async (variables: V): Promise<R> => {
    const { send: go, options: opts } = latest.current;
    setState({ pending: true, error: null, succeeded: false });
    try {
      const result = await withRetries(
        () => go(variables),
        opts.retry,
        opts.retryDelay ?? backoff,
        () => mounted.current,
      );
      if (mounted.current) setState({ pending: false, error: null, succeeded: true });
      latest.current.options.onSuccess?.(result, variables);
      return result;
    } catch (e) {
      const error = asError(e);
      if (mounted.current) setState({ pending: false, error, succeeded: false });
      throw error;
    }
  }, []);
  const run = useCallback((variables: V) => void runAsync(variables).catch(() => {}), [runAsync]);
  return { ...state, run, runAsync };
}
