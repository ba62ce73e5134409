import { formatHours } from '@/lib/dashboard/kpi-tiles';
import type { SlimDetails } from '@/lib/view/dashboard-protocol';
import { KPI_TARGETS } from '@/lib/loop';
import { Bar } from './Bar';
import { DrillButton } from './Drill';

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)} %`);

/** Who is behind: one row per owner, the lowest contact rate in SLA first. */
export function Owners({ rows }: { rows: SlimDetails['byOwner'] }) {
  return (
    <section aria-labelledby="owners-h" className="panel">
      <h2 id="owners-h">Who is behind</h2>
      {rows.length === 0 ? (
        <p className="empty">No loops in this view.</p>
      ) : (
        <table className="data owners" data-testid="owners-table">
          <caption>Owners sorted worst first: lowest contact rate in SLA, then most loops overdue</caption>
          <thead>
            <tr>
              <th scope="col">Owner</th>
              <th scope="col">Contact rate in SLA (healthy ≥ {Math.round(KPI_TARGETS.contactRateInSlaMin * 100)} %)</th>
              <th scope="col">Median time to first touch</th>
              <th scope="col">Overdue, untouched</th>
              <th scope="col">Responses</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const rate = r.contactRateInSla;
              const behind = rate.value !== null && rate.value < KPI_TARGETS.contactRateInSlaMin;
              return (
                <tr key={r.owner}>
                  <th scope="row">{r.name}</th>
                  <td>
                    <Bar
                      value={rate.value ?? 0}
                      max={1}
                      title={`${r.name}: contact rate in SLA`}
                      list={rate.denominatorIds}
                      tone={behind ? 'bad' : 'good'}
                      text={`${behind ? '✕ ' : rate.value === null ? '' : '✓ '}${pct(rate.value)} (${rate.numerator} of ${rate.denominator})`}
                    />
                  </td>
                  <td>
                    <DrillButton title={`${r.name}: touched loops`} list={r.medianTimeToFirstTouch.numeratorIds}>
                      {r.medianTimeToFirstTouch.value === null ? '—' : formatHours(r.medianTimeToFirstTouch.value)}
                    </DrillButton>
                  </td>
                  <td>
                    <DrillButton title={`${r.name}: overdue and untouched`} list={r.overdue}>
                      {r.overdue.n}
                    </DrillButton>
                  </td>
                  <td>
                    <DrillButton title={`${r.name}: responses`} list={r.responses}>
                      {r.responses.n}
                    </DrillButton>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
