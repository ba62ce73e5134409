import { useCallback, useRef, useState } from 'react';
import { ask } from '@/lib/messaging/ask';
import { rememberable, streamImport, type ImportProgress, type StreamOutcome, type StreamSummary } from '@/lib/ingest/stream';
import type { ColumnChoice, MappingNeeded } from '@/lib/ingest/csv';

export type ImportState =
  | { kind: 'idle' }
  | { kind: 'reading'; fileName: string; progress: ImportProgress | null; cancellable: boolean }
  | { kind: 'mapping'; file: File; mapping: MappingNeeded }
  | { kind: 'finished'; outcome: Exclude<StreamOutcome, { kind: 'fatal' }> }
  | { kind: 'failed'; message: string };

const MAPPING_PREFIX = 'loopside:import-columns:';

/** The columns a person picked for a header set, remembered in this extension's own storage. */
function rememberedChoice(key: string): ColumnChoice | undefined {
  try {
    const raw = localStorage.getItem(MAPPING_PREFIX + key);
    if (!raw) return undefined;
    const value = JSON.parse(raw) as Partial<ColumnChoice>;
    if (typeof value.score !== 'number' || typeof value.date !== 'number') return undefined;
    return {
      score: value.score,
      date: value.date,
      ...(typeof value.email === 'number' ? { email: value.email } : {}),
      ...(typeof value.comment === 'number' ? { comment: value.comment } : {}),
    };
  } catch {
    return undefined;
  }
}

/** Every remembered column choice: they change how a file is read, so they are part of its fingerprint. */
function rememberedChoices(): string {
  try {
    const entries: string[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key?.startsWith(MAPPING_PREFIX)) entries.push(`${key}=${localStorage.getItem(key)}`);
    }
    return entries.sort().join('\n');
  } catch {
    return '';
  }
}

/**
 * A survey export from the file picker to loops, streamed: the file is read in slices on this page
 * and parsed responses go to the worker in batches (`import/batch`), with progress and cancel.
 * When the headers do not say where the score, date or e-mail are, the mapping step asks; the
 * answer is remembered for files with the same headers.
 */
export function useResponseImport(
  timeZone: string | undefined,
  /** a file imported in full before: its summary (lib/db/imported-files.ts, read by the page itself) */
  imported?: (fingerprint: string) => Promise<StreamSummary | null>,
) {
  const [state, setState] = useState<ImportState>({ kind: 'idle' });
  const abort = useRef<AbortController | null>(null);

  const run = useCallback(
    async (file: File, choice?: { key: string; columns: ColumnChoice }) => {
      if (choice) localStorage.setItem(MAPPING_PREFIX + choice.key, JSON.stringify(choice.columns));
      const controller = new AbortController();
      abort.current = controller;
      const importId = crypto.randomUUID();
      setState({ kind: 'reading', fileName: file.name, progress: null, cancellable: true });
      try {
        const outcome = await streamImport(file, {
          timeZone: timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
          now: Date.now(),
          choiceFor: rememberedChoice,
          fingerprintContext: rememberedChoices(),
          ...(imported ? { imported } : {}),
          signal: controller.signal,
          known: async (ids) => (await ask({ type: 'import/known', importId, ids })).known,
          send: (responses) => ask({ type: 'import/batch', importId, responses }),
          onProgress: (progress) => setState({ kind: 'reading', fileName: file.name, progress, cancellable: true }),
        });
        if (outcome.kind === 'fatal') {
          setState(outcome.mapping ? { kind: 'mapping', file, mapping: outcome.mapping } : { kind: 'failed', message: outcome.message });
          return;
        }
        const remembered = rememberable(outcome);
        await ask({
          type: 'import/finish',
          importId,
          loopsCreated: outcome.summary.loopsCreated,
          ...(remembered ? { file: remembered } : {}),
        });
        setState({ kind: 'finished', outcome });
      } catch (e) {
        setState({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
      } finally {
        abort.current = null;
      }
    },
    [timeZone, imported],
  );

  const loadDemo = useCallback(async () => {
    setState({ kind: 'reading', fileName: 'the demo data', progress: null, cancellable: false });
    try {
      const s = await ask({ type: 'import/demo' });
      if (s.fatal) return setState({ kind: 'failed', message: s.fatal });
      setState({
        kind: 'finished',
        outcome: {
          kind: 'done',
          summary: { ...s, longComments: 0, futureRows: 0, errorCount: s.errors.length, format: 'csv', columns: {} },
        },
      });
    } catch (e) {
      setState({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  }, []);

  return {
    state,
    loadDemo: () => void loadDemo(),
    importFile: (file: File) => void run(file),
    importWithColumns: (file: File, key: string, columns: ColumnChoice) => void run(file, { key, columns }),
    cancel: () => abort.current?.abort(),
    dismissMapping: () => setState({ kind: 'idle' }),
  };
}
