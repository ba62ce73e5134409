import { useId, useState, type RefObject } from 'react';
import type { ImportSummary } from '@/lib/messaging/protocol';
import type { ColumnChoice, MappingNeeded } from '@/lib/ingest/csv';
import { FORMAT_NAMES } from '@/lib/ingest/formats';
import type { ImportProgress, StreamSummary } from '@/lib/ingest/stream';
import { RowErrors } from './RowErrors';
import './import.css';
import type { ImportState } from './use-response-import';

interface Props {
  state: ImportState;
  onFile(file: File): void;
  onColumns(file: File, key: string, columns: ColumnChoice): void;
  onCancel(): void;
  onDismissMapping(): void;
  onDemo(): void;
  /** the first-run welcome offers the demo at the top of the page: one button of that name is enough */
  showDemo: boolean;
  fileInput: RefObject<HTMLInputElement | null>;
}

const count = (n: number) => n.toLocaleString('en');
const many = (n: number, one: string, more: string) => `${count(n)} ${n === 1 ? one : more}`;

/** What an import did, in one line: "Nothing new" when the file held only responses already imported. */
export function summaryLine(
  s: Pick<ImportSummary, 'responses' | 'loopsCreated' | 'alreadyImported' | 'duplicates'> & { rejected: number; longComments?: number },
): string {
  const parts: string[] = [];
  if (s.responses > 0 && s.loopsCreated === 0 && s.alreadyImported === s.responses) {
    parts.push(
      s.responses === 1
        ? 'Nothing new: the one response was already imported'
        : `Nothing new: all ${count(s.responses)} responses were already imported`,
    );
  } else {
    parts.push(`Imported ${many(s.responses, 'response', 'responses')}`, `${many(s.loopsCreated, 'loop', 'loops')} created`);
    if (s.alreadyImported > 0) parts.push(`${count(s.alreadyImported)} already imported`);
  }
  if (s.duplicates > 0) parts.push(`${many(s.duplicates, 'duplicate row', 'duplicate rows')} skipped`);
  if (s.rejected > 0) parts.push(`${many(s.rejected, 'row', 'rows')} rejected`);
  if (s.longComments) parts.push(`${many(s.longComments, 'long comment', 'long comments')} cut to 20,000 characters`);
  return parts.join(' · ');
}

const FIELD_LABEL: Record<keyof ColumnChoice, string> = {
  score: 'Score (0–10)',
  date: 'Date',
  email: 'Customer e-mail',
  comment: 'Comment',
};

function Progress({ fileName, progress, onCancel }: { fileName: string; progress: ImportProgress | null; onCancel: (() => void) | null }) {
  return (
    <div className="import-progress" data-testid="import-progress">
      <p>
        Importing {fileName}…{' '}
        {progress
          ? `${many(progress.rowsRead, 'row', 'rows')} read · ${many(progress.loopsCreated, 'loop', 'loops')} created · ${many(progress.errors, 'error', 'errors')} so far`
          : null}
      </p>
      <div className="row">
        <progress max={progress?.totalBytes || 1} value={progress?.bytesRead ?? 0} aria-label={`Reading ${fileName}`} />
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            Cancel import
          </button>
        ) : null}
      </div>
    </div>
  );
}

function ColumnMapping({
  file,
  mapping,
  onColumns,
  onDismiss,
}: {
  file: File;
  mapping: MappingNeeded;
  onColumns: Props['onColumns'];
  onDismiss(): void;
}) {
  const id = useId();
  const [choice, setChoice] = useState<Partial<ColumnChoice>>(mapping.guess);
  const complete = choice.score !== undefined && choice.date !== undefined;
  const sample = (index: number) => mapping.preview.find((row) => (row[index] ?? '').trim() !== '')?.[index]?.trim() ?? '';
  return (
    <div className="column-mapping" data-testid="column-mapping">
      <h3>Which column holds what?</h3>
      <p className="error">{mapping.problem}</p>
      <p className="hint">Pick the columns of {file.name}; Loopside remembers them for files with the same headers.</p>
      <div className="mapping-fields">
        {(Object.keys(FIELD_LABEL) as (keyof ColumnChoice)[]).map((field) => (
          <div className="field" key={field}>
            <label htmlFor={`${id}-${field}`}>{FIELD_LABEL[field]}</label>
            <select
              id={`${id}-${field}`}
              value={choice[field] ?? ''}
              onChange={(e) => setChoice({ ...choice, [field]: e.target.value === '' ? undefined : Number(e.target.value) })}
            >
              <option value="">{field === 'score' || field === 'date' ? 'Choose a column' : 'None'}</option>
              {mapping.columns.map((name, index) => (
                <option key={index} value={index}>
                  {name.length > 60 ? `${name.slice(0, 59)}…` : name || `Column ${index + 1}`}
                  {sample(index) ? ` (e.g. ${sample(index).slice(0, 30)})` : ''}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
      {mapping.preview.length > 0 ? (
        <div className="preview-scroll">
          <table className="preview" aria-label={`First rows of ${file.name}`}>
            <thead>
              <tr>
                {mapping.columns.map((name, i) => (
                  <th key={i} scope="col">
                    {name.length > 40 ? `${name.slice(0, 39)}…` : name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {mapping.preview.map((row, r) => (
                <tr key={r}>
                  {mapping.columns.map((_, i) => (
                    <td key={i}>{(row[i] ?? '').slice(0, 60)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="row">
        <button
          type="button"
          className="button button--primary"
          disabled={!complete}
          onClick={() => complete && onColumns(file, mapping.key, choice as ColumnChoice)}
        >
          Import with these columns
        </button>
        <button type="button" className="button" onClick={onDismiss}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function Finished({ summary, cancelled }: { summary: StreamSummary; cancelled: boolean }) {
  const read = Object.entries(summary.columns)
    .filter(([field]) => ['score', 'date', 'email', 'comment'].includes(field))
    .map(([field, header]) => `${field === 'email' ? 'e-mail' : field} from “${header.length > 50 ? `${header.slice(0, 49)}…` : header}”`)
    .join(', ');
  return (
    <>
      {cancelled ? (
        <p className="notice" data-testid="import-cancelled">
          Import cancelled: the responses counted below are stored, the rest of the file is not. Importing the file again adds the rest, and
          nothing twice.
        </p>
      ) : null}
      <p data-testid="import-summary">{summaryLine({ ...summary, rejected: summary.errorCount })}</p>
      {read ? (
        <p className="hint" data-testid="import-format">
          Read as {summary.format === 'csv' ? 'a CSV' : `a ${FORMAT_NAMES[summary.format]}`}: {read}.
        </p>
      ) : null}
      {summary.errorCount > summary.errors.length ? (
        <p className="hint">
          The first {count(summary.errors.length)} of {count(summary.errorCount)} rejected rows are listed.
        </p>
      ) : null}
    </>
  );
}

/** CSV import and demo data. Bad rows are listed by line; the good rows are imported anyway. */
export function ImportPanel({ state, onFile, onColumns, onCancel, onDismissMapping, onDemo, showDemo, fileInput }: Props) {
  const inputId = useId();
  const busy = state.kind === 'reading';
  const finished = state.kind === 'finished' ? state.outcome : null;
  return (
    <section aria-labelledby={`${inputId}-h`} className="panel" id="responses">
      <h2 id={`${inputId}-h`}>Survey responses</h2>
      <p className="hint">
        Exports from Qualtrics, SurveyMonkey, Typeform, HubSpot feedback surveys, Delighted and AskNicely import as they are. Any other CSV
        needs a header row: <code>email</code>, <code>score</code> (or <code>nps</code>, <code>rating</code>), <code>comment</code>,{' '}
        <code>date</code>, and optionally <code>name</code>, <code>company</code>, <code>owner</code>, <code>hubspot id</code>,{' '}
        <code>salesforce id</code>; when the headers differ you pick the columns. Importing the same file again adds nothing twice.
      </p>
      <div className="row">
        <label htmlFor={inputId} className="file-label">
          Import survey responses (CSV)
        </label>
        <input
          id={inputId}
          ref={fileInput}
          type="file"
          accept=".csv,.tsv,.txt,text/csv"
          data-testid="csv-input"
          disabled={busy}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) onFile(file);
            e.target.value = '';
          }}
        />
        {showDemo ? (
          <button type="button" className="button" onClick={onDemo} disabled={busy}>
            Load demo data
          </button>
        ) : null}
      </div>
      <div role="status" aria-live="polite">
        {state.kind === 'reading' ? (
          <Progress fileName={state.fileName} progress={state.progress} onCancel={state.cancellable ? onCancel : null} />
        ) : null}
        {state.kind === 'failed' ? <p className="error">{state.message}</p> : null}
        {finished ? <Finished summary={finished.summary} cancelled={finished.kind === 'cancelled'} /> : null}
      </div>
      {state.kind === 'mapping' ? (
        <ColumnMapping
          key={state.mapping.key}
          file={state.file}
          mapping={state.mapping}
          onColumns={onColumns}
          onDismiss={onDismissMapping}
        />
      ) : null}
      {finished ? <RowErrors errors={finished.summary.errors} testId="import-errors" heading="h3" /> : null}
    </section>
  );
}
