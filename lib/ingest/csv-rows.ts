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

/** Line breaks in a cell (`\r\n`, `\n` or a lone `\r` each count one). */
function lineBreakCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) n++;
  }
  return n;
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
    // One parse of the whole piece (Papa's per-row callback costs ten times more); each row's line
    // is the previous row's plus the line breaks inside its quoted cells.
    const parsed = Papa.parse<string[]>(text, {
      header: false,
      skipEmptyLines: false,
      ...(this.delimiter ? { delimiter: this.delimiter } : { delimitersToGuess: [',', ';', '\t'] }),
    });
    this.delimiter ??= parsed.meta.delimiter;
    const quoteErrors = new Map<number, Papa.ParseError>();
    for (const e of parsed.errors) if (e.type === 'Quotes' && e.row !== undefined && !quoteErrors.has(e.row)) quoteErrors.set(e.row, e);
    const rows = parsed.data;
    // A piece ending in a line break yields one empty row after it that is not in the file.
    const last = rows.length - 1;
    const phantom = /[\r\n]$/.test(text) && rows[last]?.length === 1 && rows[last]![0] === '';
    let line = this.linesBefore + 1;
    for (let i = 0; i < rows.length - (phantom ? 1 : 0); i++) {
      if (this.stopped) break;
      const raw = rows[i]!;
      let inner = 0;
      for (const cell of raw) if (cell.includes('\n') || cell.includes('\r')) inner += lineBreakCount(cell);
      // With `\n` rows, an unquoted `\r` ending the row is the first half of the `\r\n` that ends its line.
      if (parsed.meta.linebreak === '\n' && raw[raw.length - 1]?.endsWith('\r')) inner--;
      // With mixed line ends, the break that ends the piece can land inside the last (unquoted) cell.
      else if (i === last && !phantom && inner > 0 && /[\r\n]$/.test(text)) inner--;
      this.row(inner > 0 ? unifyLineBreaks(raw) : raw, line, quoteErrors.get(i), parsed.meta.delimiter);
      line += 1 + inner;
    }
    this.linesBefore = line - 1;
    this.cut(end);
  }

  private row(cells: string[], line: number, quoteError: Papa.ParseError | undefined, delimiterUsed: string): void {
    if (cells.every((c) => c.trim() === '')) return;
    if (this.headerWidth === null) {
      this.headerWidth = cells.length;
      if (!this.on.header(cells, line)) this.stopped = true;
      return;
    }
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
      const delimiter = DELIMITER_NAMES[delimiterUsed] ?? `"${delimiterUsed}"`;
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
