import { importCsv, importDemo } from '../import';
import type { Handlers } from '../router';
import type { WorkerServices } from '../services';

/** Survey responses into loops: a CSV export, or the demo data. */
export function importHandlers({ deps, scanSoon, sync }: WorkerServices): Pick<Handlers, 'import/csv' | 'import/demo'> {
  return {
    async 'import/csv'(req) {
      const summary = await importCsv(deps.db(), req.text, deps.now());
      scanSoon('import');
      // In team mode the new loops' events and tasks wait in the outbox: send them now.
      sync.kick();
      return summary;
    },
    async 'import/demo'() {
      const summary = await importDemo(deps.db(), deps.now());
      scanSoon('import');
      // In team mode the new loops' events and tasks wait in the outbox: send them now.
      sync.kick();
      return summary;
    },
  };
}
