import { loadLoops } from '@/lib/db/loop-loader';
import type { Handlers } from '../router';
import type { WorkerServices } from '../services';

type RecordLoopHandlers = Pick<Handlers, 'record/loops'>;

/** Reads for sidebar frames that cannot open the store themselves: the same loader, the same data. */
export function recordLoopHandlers({ deps }: WorkerServices): RecordLoopHandlers {
  return {
    'record/loops': ({ selection }) => loadLoops(deps.db(), selection),
  };
}
