import { useId } from 'react';
import type { ImportSummary } from '@/lib/messaging/protocol';
import { RowErrors } from './RowErrors';
import { plural } from '@/lib/labels';

interface Props {
  onFile(file: File): void;
  onDemo(): void;
  pending: boolean;
  summary: ImportSummary | undefined;
  error: string | null;
}

/** CSV import and demo data. Bad rows are listed by line; the good rows are imported anyway. */
export function ImportPanel({ onFile, onDemo, pending, summary, error }: Props) {
  const inputId = useId();
  return (
    <section aria-labelledby={`${inputId}-h`} className="panel" id="responses">
      <h2 id={`${inputId}-h`}>Survey responses</h2>
      <p className="hint">
        CSV with a header row: <code>email</code>, <code>score</code> (or <code>nps</code>, <code>rating</code>), <code>comment</code>,{' '}
        <code>date</code>, and optionally <code>name</code>, <code>company</code>, <code>owner</code>, <code>hubspot id</code>,{' '}
        <code>salesforce id</code>. Importing the same file again adds nothing twice.
      </p>
      <div className="row">
        <label htmlFor={inputId} className="file-label">
          Import survey responses (CSV)
        </label>
        <input
          id={inputId}
          type="file"
          accept=".csv,text/csv"
          data-testid="csv-input"
          disabled={pending}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) onFile(file);
            e.target.value = '';
          }}
        />
        <button type="button" className="button" onClick={onDemo} disabled={pending}>
          Load demo data
        </button>
      </div>
      <div role="status" aria-live="polite">
        {pending ? <p>Importing…</p> : null}
        {error ? <p className="error">{error}</p> : null}
        {summary?.fatal ? <p className="error">{summary.fatal}</p> : null}
        {summary && !summary.fatal ? (
          <p data-testid="import-summary">
            Imported {plural(summary.responses, 'response', 'responses')} · {plural(summary.loopsCreated, 'loop', 'loops')} created
            {summary.alreadyImported > 0 ? ` · ${summary.alreadyImported} already imported` : ''}
            {summary.duplicates > 0 ? ` · ${plural(summary.duplicates, 'duplicate row', 'duplicate rows')} skipped` : ''}
            {summary.errors.length > 0 ? ` · ${plural(summary.errors.length, 'row', 'rows')} rejected` : ''}
          </p>
        ) : null}
      </div>
      {summary ? <RowErrors errors={summary.errors} testId="import-errors" heading="h3" /> : null}
    </section>
  );
}
