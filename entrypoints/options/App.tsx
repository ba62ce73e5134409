import { useMutation } from '@tanstack/react-query';
import { useLiveQuery } from 'dexie-react-hooks';
import { ImportPanel } from '@/components/options/ImportPanel';
import { PolicyPanel } from '@/components/options/PolicyPanel';
import { SettingsPanel } from '@/components/options/SettingsPanel';
import { SyncPanel } from '@/components/options/SyncPanel';
import { TeamPanel } from '@/components/options/TeamPanel';
import { SalesforceConnect } from '@/components/options/team-mode/SalesforceConnect';
import { getDb } from '@/lib/db/schema';
import { readPolicyChoice, readSettings, type PolicyChoice } from '@/lib/db/settings';
import { holidayDates, HolidayRegionSchema, isHolidayRegion } from '@/lib/loop/holidays';
import type { ImportSummary } from '@/lib/messaging/protocol';
import type { Settings } from '@/lib/settings/schema';
import { ask } from '@/lib/messaging/ask';
import { plural } from '@/lib/labels';

const SECTIONS = [
  ['who', 'Who am I'],
  ['team', 'Team directory'],
  ['responses', 'Survey responses'],
  ['policy', 'Follow-up policy'],
  ['sync', 'Sync'],
  ['salesforce', 'Salesforce'],
] as const;

export function App() {
  const settings = useLiveQuery(() => readSettings(getDb()), []);
  const loopCount = useLiveQuery(() => getDb().loops.count(), []);
  const importer = useMutation({
    mutationFn: async (source: { file: File } | 'demo'): Promise<ImportSummary> => {
      if (source === 'demo') return ask({ type: 'import/demo' });
      return ask({ type: 'import/csv', text: await source.file.text(), fileName: source.file.name });
    },
  });
  const saver = useMutation({ mutationFn: (s: Settings) => ask({ type: 'settings/save', settings: s }) });
  const policyChoice = useLiveQuery(() => readPolicyChoice(getDb()), []);
  const policySaver = useMutation({
    mutationFn: (c: PolicyChoice) => {
      const parsed = HolidayRegionSchema.safeParse(c.holidayRegion);
      const region = parsed.success ? parsed.data : '';
      if (!parsed.success || (region && !isHolidayRegion(region))) {
        throw new Error(
          `"${c.holidayRegion}" is not a holiday region we know: use a country code such as US or GB, or a region such as DE-BY.`,
        );
      }
      const year = new Date().getFullYear();
      const holidays = region ? holidayDates(region, year - 1, year + 3) : [];
      return ask({ type: 'policy/save', preset: c.preset, holidayRegion: region, holidays });
    },
  });

  return (
    <main className="options">
      <header className="options__header">
        <h1>Loopside</h1>
        <p className="hint">
          {settings && settings.sync.kind !== 'none' ? 'Team sync is on.' : 'Local mode: responses live in this browser only.'}{' '}
          {loopCount !== undefined ? `${plural(loopCount, 'loop', 'loops')} stored.` : ''}
        </p>
        <nav aria-label="Sections">
          <ul className="toc">
            {SECTIONS.map(([anchor, label]) => (
              <li key={anchor}>
                <a href={`#${anchor}`}>{label}</a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <SettingsPanel
        settings={settings}
        onSave={(s) => saver.mutate(s)}
        pending={saver.isPending}
        error={saver.error ? saver.error.message : null}
        saved={saver.isSuccess}
      />
      <TeamPanel defaultTimeZone={settings?.timeZone ?? 'UTC'} />
      <ImportPanel
        onFile={(file) => importer.mutate({ file })}
        onDemo={() => importer.mutate('demo')}
        pending={importer.isPending}
        summary={importer.data}
        error={importer.error ? importer.error.message : null}
      />
      <PolicyPanel
        choice={policyChoice}
        onSave={(c) => policySaver.mutate(c)}
        pending={policySaver.isPending}
        error={policySaver.error ? policySaver.error.message : null}
        saved={policySaver.data ? `Saved: policy version ${policySaver.data.version}, ${policySaver.data.holidays} holiday dates.` : null}
      />
      <SyncPanel target={settings?.sync ?? { kind: 'none' }} timeZone={settings?.timeZone ?? 'UTC'} />
      <SalesforceConnect timeZone={settings?.timeZone ?? 'UTC'} />
    </main>
  );
}
