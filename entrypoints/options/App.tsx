import { useMutation } from '@tanstack/react-query';
import { useLiveQuery } from 'dexie-react-hooks';
import { ImportPanel } from '@/components/options/ImportPanel';
import { SettingsPanel } from '@/components/options/SettingsPanel';
import { getDb } from '@/lib/db/schema';
import { readSettings } from '@/lib/db/settings';
import { ImportSummarySchema, type ImportSummary } from '@/lib/messaging/protocol';
import type { Settings } from '@/lib/settings/schema';
import { askBackground } from '@/lib/view/background';

export function App() {
  const settings = useLiveQuery(() => readSettings(getDb()), []);
  const loopCount = useLiveQuery(() => getDb().loops.count(), []);
  const importer = useMutation({
    mutationFn: async (source: { file: File } | 'demo'): Promise<ImportSummary> => {
      const request = source === 'demo' ? { type: 'import/demo' as const } : { type: 'import/csv' as const, text: await source.file.text(), fileName: source.file.name };
      return ImportSummarySchema.parse(await askBackground(request));
    },
  });
  const saver = useMutation({ mutationFn: (s: Settings) => askBackground({ type: 'settings/save', settings: s }) });

  return (
    <main className="options">
      <h1>Loopside</h1>
      <p className="hint">
        Local mode: responses live in this browser only. {loopCount !== undefined ? `${loopCount} loops stored.` : ''}
      </p>
      <ImportPanel
        onFile={(file) => importer.mutate({ file })}
        onDemo={() => importer.mutate('demo')}
        pending={importer.isPending}
        summary={importer.data}
        error={importer.error ? importer.error.message : null}
      />
      <SettingsPanel
        settings={settings}
        onSave={(s) => saver.mutate(s)}
        pending={saver.isPending}
        error={saver.error ? saver.error.message : null}
        saved={saver.isSuccess}
      />
    </main>
  );
}
