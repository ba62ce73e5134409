import { useRef, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useLiveQuery } from 'dexie-react-hooks';
import { ImportPanel } from '@/components/options/ImportPanel';
import { useResponseImport } from '@/components/options/use-response-import';
import { Welcome } from '@/components/options/Welcome';
import { PolicyPanel } from '@/components/options/PolicyPanel';
import { SettingsPanel } from '@/components/options/SettingsPanel';
import { SyncPanel } from '@/components/options/SyncPanel';
import { HubSpotConnect } from '@/components/options/team-mode/HubSpotConnect';
import { TeamModePanel } from '@/components/options/team-mode/TeamModePanel';
import { StoragePanel } from '@/components/options/StoragePanel';
import { TeamPanel } from '@/components/options/TeamPanel';
import { SalesforceConnect } from '@/components/options/team-mode/SalesforceConnect';
import { getDb } from '@/lib/db/schema';
import { importedFile } from '@/lib/db/imported-files';
import { readPolicyChoice, readSettings, type PolicyChoice } from '@/lib/db/settings';
import { HolidayRegionSchema } from '@/lib/loop/holiday-region';
import type { Settings } from '@/lib/settings/schema';
import { ask } from '@/lib/messaging/ask';
import { plural } from '@/lib/labels';

const SECTIONS = [
  ['who', 'Who am I'],
  ['team', 'Team directory'],
  ['responses', 'Survey responses'],
  ['policy', 'Follow-up policy'],
  ['sync', 'Sync'],
  ['team-mode', 'Team mode'],
  ['storage', 'Storage'],
  ['salesforce', 'Salesforce'],
] as const;

const WELCOME_DISMISSED = 'loopside:welcome-dismissed';

/** "Same file again" is read here, not through a worker busy with the scan that follows an import. */
const readImportedFile = (fingerprint: string) => importedFile(getDb(), fingerprint);

export function App() {
  const settings = useLiveQuery(() => readSettings(getDb()), []);
  const loopCount = useLiveQuery(() => getDb().loops.count(), []);
  const importer = useResponseImport(settings?.timeZone, readImportedFile);
  const fileInput = useRef<HTMLInputElement>(null);
  const [welcomeDismissed, setWelcomeDismissed] = useState(() => localStorage.getItem(WELCOME_DISMISSED) === '1');
  const showWelcome = loopCount === 0 && !welcomeDismissed;
  const saver = useMutation({ mutationFn: (s: Settings) => ask({ type: 'settings/save', settings: s }) });
  const policyChoice = useLiveQuery(() => readPolicyChoice(getDb()), []);
  const policySaver = useMutation({
    mutationFn: async (c: PolicyChoice) => {
      const parsed = HolidayRegionSchema.safeParse(c.holidayRegion);
      const region = parsed.success ? parsed.data : '';
      // The holiday rules (~1.5 MB with their time-zone and astronomy data) load only when a region is saved.
      const holidaysLib = region ? await import('@/lib/loop/holidays') : null;
      if (!parsed.success || (holidaysLib && !holidaysLib.isHolidayRegion(region))) {
        throw new Error(
          `"${c.holidayRegion}" is not a holiday region we know: use a country code such as US or GB, or a region such as DE-BY.`,
        );
      }
      const year = new Date().getFullYear();
      const holidays = holidaysLib ? holidaysLib.holidayDates(region, year - 1, year + 3) : [];
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
            <li>
              <a href="/dashboard.html">Dashboard</a>
            </li>
          </ul>
        </nav>
      </header>
      {showWelcome ? (
        <Welcome
          busy={importer.state.kind === 'reading'}
          onDemo={importer.loadDemo}
          onImport={() => fileInput.current?.click()}
          onDismiss={() => {
            localStorage.setItem(WELCOME_DISMISSED, '1');
            setWelcomeDismissed(true);
          }}
        />
      ) : null}
      <SettingsPanel
        settings={settings}
        onSave={(s) => saver.mutate(s)}
        pending={saver.isPending}
        error={saver.error ? saver.error.message : null}
        saved={saver.isSuccess}
      />
      <TeamPanel defaultTimeZone={settings?.timeZone ?? 'UTC'} />
      <ImportPanel
        state={importer.state}
        onFile={importer.importFile}
        onColumns={importer.importWithColumns}
        onCancel={importer.cancel}
        onDismissMapping={importer.dismissMapping}
        onDemo={importer.loadDemo}
        showDemo={!showWelcome}
        fileInput={fileInput}
      />
      <PolicyPanel
        choice={policyChoice}
        onSave={(c) => policySaver.mutate(c)}
        pending={policySaver.isPending}
        error={policySaver.error ? policySaver.error.message : null}
        saved={policySaver.data ? `Saved: policy version ${policySaver.data.version}, ${policySaver.data.holidays} holiday dates.` : null}
      />
      <SyncPanel target={settings?.sync ?? { kind: 'none' }} timeZone={settings?.timeZone ?? 'UTC'} />
      <TeamModePanel>
        <HubSpotConnect target={settings?.sync ?? { kind: 'none' }} timeZone={settings?.timeZone ?? 'UTC'} />
      </TeamModePanel>
      <StoragePanel settings={settings} />
      <SalesforceConnect timeZone={settings?.timeZone ?? 'UTC'} />
    </main>
  );
}
