import { useId, useState } from 'react';
import type { PeopleImportSummary } from '@/lib/messaging/protocol';
import { RowErrors } from './RowErrors';
import { plural } from '@/lib/labels';

interface Props {
  onImport(text: string): void;
  pending: boolean;
  summary: PeopleImportSummary | undefined;
  error: string | null;
}

const rows = (n: number) => plural(n, 'row', 'rows');

/** The directory from a CSV file or pasted text. Bad rows are listed by line; the good ones are saved anyway. */
export function DirectoryImport({ onImport, pending, summary, error }: Props) {
  const id = useId();
  const [pasted, setPasted] = useState('');
  return (
    <div className="directory-import">
      <p className="hint">
        CSV with a header row: <code>email</code>, <code>name</code>, <code>manager</code> (their manager’s e-mail), <code>role</code> (rep,
        manager, CX lead, VP), <code>time zone</code>, <code>working hours</code> (09:00-17:00) or <code>work start</code> and{' '}
        <code>work end</code>, <code>workdays</code> (Mon-Fri). Empty cells take the defaults: rep, your time zone, Mon–Fri 09:00–17:00. A
        person already in the directory is updated.
      </p>
      <div className="row">
        <label htmlFor={`${id}-file`} className="file-label">
          Import team directory (CSV)
        </label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".csv,text/csv"
          disabled={pending}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void file.text().then(onImport);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-paste`}>Or paste the directory CSV</label>
        <textarea id={`${id}-paste`} rows={4} value={pasted} spellCheck={false} onChange={(e) => setPasted(e.target.value)} />
      </div>
      <button type="button" className="button" disabled={pending || pasted.trim() === ''} onClick={() => onImport(pasted)}>
        Import pasted CSV
      </button>
      <div role="status" aria-live="polite">
        {pending ? <p>Importing…</p> : null}
        {error ? <p className="error">{error}</p> : null}
        {summary?.fatal ? <p className="error">{summary.fatal}</p> : null}
        {summary && !summary.fatal ? (
          <p data-testid="people-import-summary">
            {summary.added} added · {summary.updated} updated
            {summary.errors.length > 0 ? ` · ${rows(summary.errors.length)} rejected` : ''}
          </p>
        ) : null}
      </div>
      {summary ? <RowErrors errors={summary.errors} testId="people-import-errors" heading="h4" /> : null}
    </div>
  );
}
