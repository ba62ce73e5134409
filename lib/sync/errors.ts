/**
 * Why a push, an upsert or a pull failed, in the terms the outbox decides on. Adapters throw (or
 * report per event) only this, so the outbox never has to know about HTTP, CRM SDKs or fetch quirks.
 *
 * - `auth`: the target no longer accepts our credentials (401/403). Nothing will succeed until the
 *   user reconnects, so the whole outbox pauses instead of dead-lettering every event.
 * - `rate_limited`: over the target's (or our own) rate budget; `retryAfterMs` says how long to wait.
 * - `refused`: this one request is refused for good (another 4xx): its event is dead-lettered alone.
 * - `transient`: down, overloaded, a network error, a malformed answer: retried with backoff.
 */
export type SyncErrorKind = 'auth' | 'rate_limited' | 'refused' | 'transient';

export class SyncError extends Error {
  readonly kind: SyncErrorKind;
  readonly status: number | undefined;
  /** the server's own "not before" (Retry-After) or our rate budget's, already a delay from now */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, opts: { kind: SyncErrorKind; status?: number; retryAfterMs?: number; cause?: unknown }) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'SyncError';
    this.kind = opts.kind;
    this.status = opts.status;
    this.retryAfterMs = opts.retryAfterMs;
  }

  /** worth trying the same request again later (after a wait or a backoff) */
  get retryable(): boolean {
    return this.kind === 'transient' || this.kind === 'rate_limited';
  }
}

/** The kind an HTTP error status means; 2xx/3xx never reach this. */
export function kindOfStatus(status: number): SyncErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limited';
  if (status === 408 || status >= 500) return 'transient';
  return 'refused';
}

/**
 * Anything else thrown by an adapter (a bug, an unexpected rejection) is treated as transient:
 * dead-lettering on an error we do not understand would park a user's event for no reason the
 * target gave, while retrying is safe because every push carries its idempotency key.
 */
export function asSyncError(e: unknown): SyncError {
  if (e instanceof SyncError) return e;
  return new SyncError(e instanceof Error ? e.message : String(e), { kind: 'transient', cause: e });
}
