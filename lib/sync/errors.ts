/**
 * Why a push or pull failed, in the terms the outbox decides on: may it try again, and not before when.
 * Adapters throw only this, so the outbox never has to know about HTTP, CRM SDKs or fetch quirks.
 */
export class SyncError extends Error {
  readonly retryable: boolean;
  readonly status: number | undefined;
  /** the server's own "not before" (Retry-After), already turned into a delay from now */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, opts: { retryable: boolean; status?: number; retryAfterMs?: number; cause?: unknown }) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'SyncError';
    this.retryable = opts.retryable;
    this.status = opts.status;
    this.retryAfterMs = opts.retryAfterMs;
  }
}

/**
 * Anything else thrown by an adapter (a bug, an unexpected rejection) is treated as retryable:
 * dead-lettering on an error we do not understand would park a user's event for no reason the
 * target gave, while retrying is safe because every push carries its idempotency key.
 */
export function asSyncError(e: unknown): SyncError {
  if (e instanceof SyncError) return e;
  return new SyncError(e instanceof Error ? e.message : String(e), { retryable: true, cause: e });
}
