import Papa from 'papaparse';

export interface RowError {
  /** physical line of the row's first character, the header being line 1 (quoted line breaks counted) */
  line: number;
  reason: string;
}

export interface CsvRowHandlers {
  /** the first non-blank row; return false to stop reading (the header cannot be imported from) */
  header: (cells: string[], line: number) => boolean;
  /** every later row that is well-formed CSV and as wide as the header */
  row: (cells: string[], line: number) => void;
  /** a row that is not: malformed quotes, or more values than the header has columns */
  malformed: (error: RowError) => void;
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'a comma', ';': 'a semicolon', '\t': 'a tab', '|': 'a bar' };

/** Offsets just past each line break (`\r\n`, `\n` or a lone `\r`), ascending. */
function lineBreakEnds(text: string): number[] {
  const ends: number[] = [];
  for (const m of text.matchAll(/\r\n|\n|\r/g)) ends.push(m.index + m[0].length);
  return ends;
}

/** 1-based physical line of a character offset: one more than the line breaks before it. */
function lineAt(breakEnds: readonly number[], offset: number): number {
  let lo = 0;
  let hi = breakEnds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (breakEnds[mid]! <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

/** Line breaks inside quoted fields arrive as written; values are kept with `\n` only. */
const unifyLineBreaks = (cells: string[]) => cells.map((c) => (c.includes('\r') ? c.replace(/\r\n?/g, '\n') : c));

/**
 * Reads a spreadsheet export row by row, each with the physical line it starts on, so every
 * importer reports bad rows the same way. UTF-8 with or without BOM, CRLF or LF, quoted fields
 * with delimiters, quotes and line breaks; the delimiter is guessed among `,` `;` and tab (Excel
 * writes `;` in many locales), or taken from Excel's `sep=` first line. Blank rows, and the
 * all-empty rows spreadsheets leave below the data, are skipped.
 */
export function readCsvRows(text: string, on: CsvRowHandlers): void {
  const body = text.replace(/^\uFEFF/, '');
  const breakEnds = lineBreakEnds(body);
  const sep = /^sep=([,;\t|])\r?\n/i.exec(body);
  const start = sep ? sep[0].length : 0;
  let headerWidth: number | null = null;
  let rowStart = start;

  Papa.parse<string[]>(body.slice(start), {
    header: false,
    skipEmptyLines: false,
    ...(sep ? { delimiter: sep[1] } : { delimitersToGuess: [',', ';', '\t'] }),
    step: (step, parser) => {
      const line = lineAt(breakEnds, rowStart);
      rowStart = start + step.meta.cursor;
      const cells = unifyLineBreaks(step.data);
      if (cells.every((c) => c.trim() === '')) return;
      if (headerWidth === null) {
        headerWidth = cells.length;
        if (!on.header(cells, line)) parser.abort();
        return;
      }
      const quoteError = step.errors.find((e) => e.type === 'Quotes');
      if (quoteError?.code === 'MissingQuotes') {
        on.malformed({ line, reason: 'a quoted field starting on this line is never closed, so the rest of the file was read into it' });
        return;
      }
      if (quoteError) {
        on.malformed({ line, reason: 'a quoted field is malformed: a quote inside a quoted field must be doubled ("")' });
        return;
      }
      // Empty cells past the header are padding; values there mean the columns have shifted.
      if (cells.slice(headerWidth).some((c) => c.trim() !== '')) {
        const delimiter = DELIMITER_NAMES[step.meta.delimiter] ?? `"${step.meta.delimiter}"`;
        on.malformed({
          line,
          reason: `the row has ${cells.length} fields but the header has ${headerWidth}: is ${delimiter} inside a field that is not quoted?`,
        });
        return;
      }
      on.row(cells, line);
    },
  });
}
