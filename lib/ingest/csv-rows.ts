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
const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Offsets just past each line break (`\r\n`, `\n` or a lone `\r`), ascending. */
function lineBreakEnds(text: string): number[] {
  const ends: number[] = [];
  for (const m of text.matchAll(/\r\n|\n|\r/g)) ends.push(m.index + m[0].length);
  return ends;
}

/** 0-based count of the line breaks before a character offset. */
function breaksBefore(breakEnds: readonly number[], offset: number): number {
  let lo = 0;
  let hi = breakEnds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (breakEnds[mid]! <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Line breaks inside quoted fields arrive as written; values are kept with `\n` only. */
const unifyLineBreaks = (cells: string[]) => cells.map((c) => (c.includes('\r') ? c.replace(/\r\n?/g, '\n') : c));

/**
 * Reads a spreadsheet export row by row, in pieces of any size (a file read in slices), each row
 * with the physical line it starts on, so every importer reports bad rows the same way. UTF-8 with
 * or without BOM, CRLF or LF, quoted fields with delimiters, quotes and line breaks; the delimiter
 * is guessed among `,` `;` and tab (Excel writes `;` in many locales), or taken from Excel's `sep=`
 * first line. Blank rows, and the all-empty rows spreadsheets leave below the data, are skipped.
 *
 * A piece is parsed up to its last line break outside quotes; the rest waits for the next piece.
 * Finding that break is one pass over the new characters, counting quotes (a doubled quote inside
 * a quoted field toggles twice, so it changes nothing).
 */
export class CsvRowStream {
  private pending = '';
  /** how far `pending` has been scanned for quotes, and whether that point is inside quotes */
  private scanned = 0;
  private inQuotes = false;
  /** offset just past the last line break outside quotes in `pending`, 0 when none yet */
  private safeEnd = 0;
  private started = false;
  private delimiter: string | undefined;
  /** lines before the start of `pending` */
  private linesBefore = 0;
  private headerWidth: number | null = null;
  private stopped = false;

  constructor(private readonly on: CsvRowHandlers) {}

  /** the header refused the file: reading further would only cost time */
  get done(): boolean {
    return this.stopped;
  }

  push(piece: string): void {
    if (this.stopped || piece === '') return;
    this.pending += this.started || this.pending !== '' ? piece : piece.replace(/^\uFEFF/, '');
    this.scan();
    if (!this.started && !this.takeSepLine(false)) return;
    if (this.safeEnd > 0) this.flush(this.safeEnd);
  }

  /** the end of the file: whatever is left is the last row */
  end(): void {
    if (this.stopped) return;
    if (!this.started) this.takeSepLine(true);
    if (this.pending !== '') this.flush(this.pending.length);
  }

  private scan(): void {
    const text = this.pending;
    for (let i = this.scanned; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) this.inQuotes = !this.inQuotes;
      else if (!this.inQuotes && (c === LF || c === CR)) {
        // A `\r` that ends the piece may be the first half of `\r\n`: wait for the next character.
        if (c === CR && i + 1 === text.length) break;
        this.safeEnd = c === CR && text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
        if (this.safeEnd === i + 2) i++;
      }
      this.scanned = i + 1;
    }
  }

  /** Excel's `sep=;` first line names the delimiter; false while the first line is incomplete. */
  private takeSepLine(atEnd: boolean): boolean {
    if (this.safeEnd === 0 && !atEnd) return false;
    this.started = true;
    const sep = /^sep=([,;\t|])(\r\n|\n|\r|$)/i.exec(this.pending);
    if (sep) {
      this.delimiter = sep[1];
      this.cut(sep[0].length);
      this.linesBefore = sep[2] ? 1 : 0;
    }
    return true;
  }

  /** drops the first `n` characters of `pending`, keeping the scan state of the rest */
  private cut(n: number): void {
    this.pending = this.pending.slice(n);
    this.scanned = Math.max(0, this.scanned - n);
    this.safeEnd = Math.max(0, this.safeEnd - n);
  }

  private flush(end: number): void {
    const text = this.pending.slice(0, end);
    const breakEnds = lineBreakEnds(text);
    const base = this.linesBefore;
    let rowStart = 0;
    Papa.parse<string[]>(text, {
      header: false,
      skipEmptyLines: false,
      ...(this.delimiter ? { delimiter: this.delimiter } : { delimitersToGuess: [',', ';', '\t'] }),
      step: (step, parser) => {
        if (this.stopped) return parser.abort();
        this.delimiter ??= step.meta.delimiter;
        const line = base + breaksBefore(breakEnds, rowStart) + 1;
        rowStart = step.meta.cursor;
        this.row(unifyLineBreaks(step.data), line, step);
      },
    });
    this.linesBefore = base + breakEnds.length;
    this.cut(end);
  }

  private row(cells: string[], line: number, step: Papa.ParseStepResult<string[]>): void {
    if (cells.every((c) => c.trim() === '')) return;
    if (this.headerWidth === null) {
      this.headerWidth = cells.length;
      if (!this.on.header(cells, line)) this.stopped = true;
      return;
    }
    const quoteError = step.errors.find((e) => e.type === 'Quotes');
    if (quoteError?.code === 'MissingQuotes') {
      this.on.malformed({ line, reason: 'a quoted field starting on this line is never closed, so the rest of the file was read into it' });
      return;
    }
    if (quoteError) {
      this.on.malformed({ line, reason: 'a quoted field is malformed: a quote inside a quoted field must be doubled ("")' });
      return;
    }
    // Empty cells past the header are padding; values there mean the columns have shifted.
    if (cells.slice(this.headerWidth).some((c) => c.trim() !== '')) {
      const delimiter = DELIMITER_NAMES[step.meta.delimiter] ?? `"${step.meta.delimiter}"`;
      this.on.malformed({
        line,
        reason: `the row has ${cells.length} fields but the header has ${this.headerWidth}: is ${delimiter} inside a field that is not quoted?`,
      });
      return;
    }
    this.on.row(cells, line);
  }
}

/** A whole export already in memory (see CsvRowStream). */
export function readCsvRows(text: string, on: CsvRowHandlers): void {
  const stream = new CsvRowStream(on);
  stream.push(text);
  stream.end();
}
