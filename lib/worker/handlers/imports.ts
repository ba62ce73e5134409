import { finishImport, importBatch, importCsv, importDemo, importedFile, KnownResponses, rememberImportedFile } from '../import';
import type { Handlers } from '../router';
import type { WorkerServices } from '../services';

type ImportMessages = 'import/csv' | 'import/demo' | 'import/known' | 'import/batch' | 'import/finish' | 'import/seen';

/** Survey responses into loops: batches the options page streams, a whole CSV text, or the demo data. */
export function importHandlers({ deps, scanSoon, sync }: WorkerServices): Pick<Handlers, ImportMessages> {
  const afterImport = () => {
    scanSoon('import');
    // In team mode the new loops' events and tasks wait in the outbox: send them now.
    sync.kick();
  };
  const known = new KnownResponses(() => deps.db());
  return {
    async 'import/known'(req) {
      return { known: await known.of(req.importId, req.ids) };
    },
    async 'import/batch'(req) {
      return importBatch(deps.db(), req.responses, deps.now());
    },
    async 'import/seen'(req) {
      return { summary: await importedFile(deps.db(), req.fingerprint) };
    },
    async 'import/finish'(req) {
      if (req.file) await rememberImportedFile(deps.db(), req.file.fingerprint, req.file.summary, known.askedBy(req.importId));
      if (req.loopsCreated === 0) return { revenueThreshold: null };
      const revenueThreshold = await finishImport(deps.db());
      afterImport();
      return { revenueThreshold };
    },
    async 'import/csv'(req) {
      const summary = await importCsv(deps.db(), req.text, deps.now());
      afterImport();
      return summary;
    },
    async 'import/demo'() {
      const summary = await importDemo(deps.db(), deps.now());
      afterImport();
      return summary;
    },
  };
}
