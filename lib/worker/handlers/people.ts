import { importDirectory, removePerson, savePerson } from '../people';
import type { Handlers } from '../router';
import type { WorkerServices } from '../services';

/** The team directory: who owns loops, who manages whom, everyone's calendar. */
export function peopleHandlers({ deps, scanSoon }: WorkerServices): Pick<Handlers, 'people/import' | 'people/save' | 'people/delete'> {
  return {
    async 'people/import'(req) {
      const summary = await importDirectory(deps.db(), req.text);
      scanSoon('directory');
      return summary;
    },
    async 'people/save'(req) {
      const saved = await savePerson(deps.db(), req.person);
      scanSoon('directory');
      return saved;
    },
    async 'people/delete'(req) {
      const removed = await removePerson(deps.db(), req.email);
      scanSoon('directory');
      return { removed };
    },
  };
}
