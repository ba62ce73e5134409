import type { Handlers } from '../router';
import type { WorkerServices } from '../services';

/** Alerts: scan now (a page that just changed who I am or the directory wants the badge right away). */
export function alertHandlers({ scan }: WorkerServices): Pick<Handlers, 'notifications/scan'> {
  return {
    async 'notifications/scan'() {
      await scan();
      return undefined;
    },
  };
}
