import { readPolicy, writePolicy, writeSettings } from '@/lib/db/settings';
import { policyFromChoice } from '../policy-choice';
import { Refusal, type Handlers } from '../router';
import type { WorkerServices } from '../services';

/** Who I am, the sync target and the policy. */
export function settingsHandlers({ deps, scanSoon, sync }: WorkerServices): Pick<Handlers, 'settings/save' | 'policy/save'> {
  return {
    async 'settings/save'(req) {
      const settings = await writeSettings(deps.db(), req.settings).catch((e: unknown) => {
        throw new Refusal(e instanceof Error ? e.message : String(e));
      });
      // Who I am decides which alerts are mine; the sync target decides whether the outbox moves.
      scanSoon('settings');
      void sync.reconcile().catch((e) => deps.log(`sync reconcile failed: ${String(e)}`));
      return settings;
    },
    async 'policy/save'(req) {
      const db = deps.db();
      const choice = { preset: req.preset, holidayRegion: req.holidayRegion };
      const policy = policyFromChoice(choice, req.holidays, await readPolicy(db));
      await writePolicy(db, policy, choice);
      return { version: policy.version, holidays: policy.calendar.holidays.length };
    },
  };
}
