import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { SurveyResponse } from '@/lib/loop';
import { CsvRowStream, readCsvRows, type RowError } from '@/lib/ingest/csv-rows';
import { streamImport, type ImportProgress } from '@/lib/ingest/stream';

const NOW = Date.UTC(2026, 11, 1);

type Seen = { header: [string[], number][]; rows: [string[], number][]; bad: RowError[] };
const record = (): Seen & { handlers: Parameters<typeof readCsvRows>[1] } => {
  const seen: Seen = { header: [], rows: [], bad: [] };
  return {
    ...seen,
    handlers: {
      header: (cells, line) => (seen.header.push([cells, line]), true),
      row: (cells, line) => void seen.rows.push([cells, line]),
      malformed: (e) => void seen.bad.push(e),
    },
  };
};

const TRICKY =
  '\uFEFFemail,score,comment,date\r\n' +
  'a@x.example,2,"Slow, buggy\r\nand ""support"" never answers",2026-11-20T10:00:00Z\r\n' +
  '\r\n' +
  'b@x.example,9,Ünïcödé 素晴らしい,2026-11-20T11:00:00Z\r\n' +
  'c@x.example,5,"one\ntwo",2026-11-20T12:00:00Z\r\n' +
  'd@x.example,7,,2026-11-20T13:00:00Z,,extra\r\n' +
  'e@x.example,8,"unclosed,2026-11-20T14:00:00Z\r\n' +
  'f@x.example,8,last row,2026-11-20T14:00:00Z';

describe('reading a file in slices', () => {
  it('gives the same rows, lines and errors wherever the slices are cut', () => {
    const whole = record();
    readCsvRows(TRICKY, whole.handlers);
    expect(whole.rows.map(([, line]) => line)).toEqual([2, 5, 6]);
    expect(whole.bad).toEqual([
      { line: 8, reason: expect.stringMatching(/6 fields but the header has 4/) },
      { line: 9, reason: expect.stringMatching(/never closed/) },
    ]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: TRICKY.length - 1 }), { maxLength: 12 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const sliced = record();
        const stream = new CsvRowStream(sliced.handlers);
        let at = 0;
        for (const p of [...points, TRICKY.length]) {
          stream.push(TRICKY.slice(at, p));
          at = p;
        }
        stream.end();
        expect(sliced.header).toEqual(whole.header);
        expect(sliced.rows).toEqual(whole.rows);
        expect(sliced.bad).toEqual(whole.bad);
      }),
      { numRuns: 300 },
    );
  });

  it("honours Excel's sep= line even when the first slice ends inside it", () => {
    const text = 'sep=;\nemail;score;date\na@x.example;3;2026-11-20\n';
    const seen = record();
    const stream = new CsvRowStream(seen.handlers);
    stream.push('se');
    stream.push(text.slice(2));
    stream.end();
    expect(seen.header).toEqual([[['email', 'score', 'date'], 2]]);
    expect(seen.rows).toEqual([[['a@x.example', '3', '2026-11-20'], 3]]);
  });
});

function exportOf(rows: number): string {
  const lines = ['email,score,comment,date'];
  for (let i = 0; i < rows; i++)
    lines.push(`p${i}@x.example,${i % 11},"Row ${i}: ça va, 日本",2026-11-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`);
  return `${lines.join('\r\n')}\r\n`;
}

function fakeWorker() {
  const stored = new Set<string>();
  const batches: number[] = [];
  return {
    batches,
    stored,
    send: async (batch: SurveyResponse[]) => {
      batches.push(batch.length);
      let loopsCreated = 0;
      for (const r of batch) {
        if (stored.has(r.id)) continue;
        stored.add(r.id);
        loopsCreated++;
      }
      return { loopsCreated, alreadyImported: batch.length - loopsCreated };
    },
  };
}

describe('streaming an import to the worker', () => {
  it('sends every response once, in batches, with progress; multi-byte characters survive slice boundaries', async () => {
    const worker = fakeWorker();
    const progress: ImportProgress[] = [];
    const file = new Blob([exportOf(3000)]);
    const outcome = await streamImport(file, {
      timeZone: 'UTC',
      now: NOW,
      send: worker.send,
      onProgress: (p) => progress.push(p),
      sliceBytes: 4099,
      batchSize: 700,
    });
    expect(outcome.kind).toBe('done');
    if (outcome.kind !== 'done') return;
    expect(outcome.summary).toMatchObject({ responses: 3000, loopsCreated: 3000, alreadyImported: 0, errorCount: 0 });
    expect(worker.stored.size).toBe(3000);
    expect(Math.max(...worker.batches)).toBeLessThanOrEqual(700 + 200);
    expect(worker.batches.length).toBeGreaterThanOrEqual(4);
    // progress moves forward and ends at the whole file
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)).toMatchObject({ bytesRead: file.size, totalBytes: file.size, rowsRead: 3000, loopsCreated: 3000 });
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.rowsRead).toBeGreaterThanOrEqual(progress[i - 1]!.rowsRead);

    const again = await streamImport(new Blob([exportOf(3000)]), { timeZone: 'UTC', now: NOW, send: worker.send, sliceBytes: 65536 });
    expect(again.kind === 'done' && again.summary).toMatchObject({ responses: 3000, loopsCreated: 0, alreadyImported: 3000 });
  });

  it('stops when cancelled: what was sent stays, the rest is not read', async () => {
    const worker = fakeWorker();
    const controller = new AbortController();
    const outcome = await streamImport(new Blob([exportOf(3000)]), {
      timeZone: 'UTC',
      now: NOW,
      send: worker.send,
      signal: controller.signal,
      sliceBytes: 8192,
      batchSize: 500,
      onProgress: (p) => {
        if (p.rowsRead > 1000) controller.abort();
      },
    });
    expect(outcome.kind).toBe('cancelled');
    if (outcome.kind !== 'cancelled') return;
    expect(outcome.summary.loopsCreated).toBe(worker.stored.size);
    // the summary counts what is stored, not what was read and dropped
    expect(outcome.summary.responses).toBe(worker.stored.size);
    expect(worker.stored.size).toBeGreaterThan(0);
    expect(worker.stored.size).toBeLessThan(3000);
  });

  it('asks for the columns when the headers do not say, with a preview of the first rows; a remembered choice imports', async () => {
    const text = 'Kunde,Bewertung,Wann,Text\nann@x.example,3,2026-11-20T10:00:00Z,zu teuer\nbob@x.example,9,2026-11-21T10:00:00Z,gut\n';
    const worker = fakeWorker();
    const first = await streamImport(text, { timeZone: 'UTC', now: NOW, send: worker.send });
    expect(first.kind).toBe('fatal');
    if (first.kind !== 'fatal') return;
    expect(first.mapping).toMatchObject({
      columns: ['Kunde', 'Bewertung', 'Wann', 'Text'],
      preview: [
        ['ann@x.example', '3', '2026-11-20T10:00:00Z', 'zu teuer'],
        ['bob@x.example', '9', '2026-11-21T10:00:00Z', 'gut'],
      ],
    });
    expect(worker.batches).toEqual([]);
    const key = first.mapping!.key;
    const second = await streamImport(text, {
      timeZone: 'UTC',
      now: NOW,
      send: worker.send,
      choiceFor: (k) => (k === key ? { score: 1, date: 2, email: 0, comment: 3 } : undefined),
    });
    expect(second.kind === 'done' && second.summary).toMatchObject({
      responses: 2,
      loopsCreated: 2,
      columns: { score: 'Bewertung', email: 'Kunde' },
    });
  });
});

describe('importing a file again', () => {
  it('sends only the responses the store does not know, and counts the others as already imported', async () => {
    const csv = ['email,score,date', ...Array.from({ length: 30 }, (_, i) => `p${i}@x.example,${i % 11},2026-11-20T10:00:00Z`)].join('\n');
    const stored = new Set<string>();
    const sent: SurveyResponse[][] = [];
    const run = () =>
      streamImport(csv, {
        timeZone: 'UTC',
        now: NOW,
        batchSize: 8,
        sliceBytes: 64,
        known: async (ids) => ids.map((id) => stored.has(id)),
        send: async (batch) => {
          sent.push(batch);
          batch.forEach((r) => stored.add(r.id));
          return { loopsCreated: batch.length, alreadyImported: 0 };
        },
      });
    const first = await run();
    expect(first).toMatchObject({ kind: 'done', summary: { responses: 30, loopsCreated: 30, alreadyImported: 0 } });
    const sentFirst = sent.length;
    const again = await run();
    expect(again).toMatchObject({ kind: 'done', summary: { responses: 30, loopsCreated: 0, alreadyImported: 30 } });
    expect(sent.length).toBe(sentFirst);
  });
});
