import type { Handlers } from '../router';
import type { WorkerServices } from '../services';

/** The outbox and the sync target, on a person's demand. */
export function syncHandlers({ sync }: WorkerServices): Pick<Handlers, 'deadletter/retry' | 'sync/now'> {
  return {
    'deadletter/retry': async (req) => ({ retried: await sync.retryDeadLetter(req.eventId) }),
    'sync/now': () => sync.syncNow(),
  };
}
