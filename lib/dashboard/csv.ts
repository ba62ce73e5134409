/**
 * The dashboard's two exports: the loops behind the view, and the KPI table. Customer text can start
 * with "=" or "+": such a cell is prefixed with an apostrophe so a spreadsheet shows it as text
 * instead of running it as a formula.
 */
import Papa from 'papaparse';
import { ROUTE_LABEL, SCALE_LABEL, SLA_STATE_LABEL } from '@/lib/labels';
import { slaStateAt, type LoopFacts } from './facts';
import type { KpiTile } from './kpi-tiles';
import { formatKpiValue, TILE_STATE_WORDS } from './kpi-tiles';

const FORMULA_START = /^[=+\-@\t\r]/;
const safe = (cell: string | number) => (typeof cell === 'string' && FORMULA_START.test(cell) ? `'${cell}` : cell);

const toCsv = (header: string[], rows: (string | number)[][]) =>
  Papa.unparse({ fields: header, data: rows.map((r) => r.map(safe)) }, { newline: '\r\n' }) + '\r\n';

/** An instant as ISO 8601 with the viewer's offset, so a spreadsheet and a person read the same moment. */
export function isoInZone(ms: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : (parts.timeZoneName ?? '').replace('GMT', '');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}${offset}`;
}

export const LOOP_CSV_HEADER = [
  'Loop id',
  'Contact',
  'E-mail',
  'Company',
  'Survey',
  'Score',
  'Route',
  'Owner',
  'Responded at',
  'First touch due',
  'First touched at',
  'SLA',
  'Status',
  'Root cause',
  'Account revenue',
];

/** The loops as rows, times in `timeZone`, each SLA state as of `now`. */
export function loopsCsv(loops: readonly LoopFacts[], timeZone: string, now: number): string {
  const at = (ms: number | undefined) => (ms === undefined ? '' : isoInZone(ms, timeZone));
  return toCsv(
    LOOP_CSV_HEADER,
    loops.map((l) => [
      l.loopId,
      l.name,
      l.email,
      l.company,
      SCALE_LABEL[l.scale],
      l.score,
      ROUTE_LABEL[l.route],
      l.ownerEmail,
      at(l.respondedAt),
      at(l.firstTouchDueAt),
      at(l.firstTouchAt),
      SLA_STATE_LABEL[slaStateAt(l, now)],
      l.status,
      l.reason ?? '',
      l.accountRevenue ?? '',
    ]),
  );
}

export const KPI_CSV_HEADER = ['KPI', 'Value', 'Numerator', 'Denominator', 'Healthy', 'State', 'Previous period', 'Change'];

export function kpiCsv(tiles: readonly KpiTile[]): string {
  return toCsv(
    KPI_CSV_HEADER,
    tiles.map((t) => [
      t.label,
      t.display,
      t.figure.numerator,
      t.figure.denominator,
      t.target,
      TILE_STATE_WORDS[t.state],
      formatKpiValue(t.id, t.previous.value),
      t.delta?.text ?? '',
    ]),
  );
}
