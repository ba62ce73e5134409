import { finishImport, importBatch, importCsv, importDemo, KnownResponses } from '../import';
import { rememberImportedFile } from '@/lib/db/imported-files';
import { LoopsideDb } from '@/lib/db/schema';
import type { Handlers } from '../router';
import type { WorkerServices } from '../services';

type ImportMessages = 'import/csv' | 'import/demo' | 'import/known' | 'import/batch' | 'import/finish';

/** Survey responses into loops: batches the options page streams, a whole CSV text, or the demo data. */
export function importHandlers({ deps, scanSoon, sync }: WorkerServices): Pick<Handlers, ImportMessages> {
  const afterImport = () => {
    scanSoon('import');
    // In team mode the new loops' events and tasks wait in the outbox: send them now.
    sync.kick();
  };
  const known = new KnownResponses(() => deps.db());
  // An import's batches are written through a connection of their own that does not wait for the
  // disk at each commit: a batch lost to a crash right after it is added by importing the file
  // again (nothing remembers the file until the import has finished).
  let relaxed: LoopsideDb | null = null;
  const batchDb = () => {
    const db = deps.db();
    if (relaxed?.name !== db.name) relaxed = new LoopsideDb(db.name, 'relaxed');
    return relaxed;
  };
  return {
    async 'import/known'(req) {
      return { known: await known.of(req.importId, req.ids) };
    },
    async 'import/batch'(req) {
      return importBatch(batchDb(), req.responses, deps.now());
    },
    async 'import/finish'(req) {
      if (req.file) await rememberImportedFile(deps.db(), req.file.fingerprint, req.file.summary, known.askedBy(req.importId), deps.now());
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
