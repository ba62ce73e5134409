import { useMemo } from 'react';
import { formatHours } from '@/lib/dashboard/kpi-tiles';
import { ROUTES } from '@/lib/dashboard/model';
import type { SlimDetails } from '@/lib/view/dashboard-protocol';
import { ROUTE_LABEL } from '@/lib/labels';
import { Chart, type ChartSeries } from './Chart';
import { DrillButton, useOpenDrill } from './Drill';

type Week = SlimDetails['weeks'][number];

const HOUR = 3_600_000;
const weekLabel = (ms: number, timeZone: string) =>
  `Week of ${new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone }).format(ms)}`;
const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)} %`);

/** Colours that keep ≥ 3:1 against white (WCAG non-text contrast), told apart by dash and point too. */
const ROUTE_STYLE = {
  recovery: { color: '#b42318', dash: undefined },
  improvement: { color: '#8a5a00', dash: [6, 4] },
  advocacy: { color: '#1a7f37', dash: [2, 3] },
} as const;

export function Trends({ weeks, timeZone }: { weeks: Week[]; timeZone: string }) {
  const open = useOpenDrill();
  const xs = useMemo(() => weeks.map((w) => w.weekStart), [weeks]);
  const slaSeries = useMemo<ChartSeries[]>(
    () => [
      {
        label: 'Contact rate in SLA (%)',
        values: weeks.map((w) => (w.contactRateInSla.value === null ? null : Math.round(w.contactRateInSla.value * 100))),
        color: '#0b5cad',
        axis: 'left',
      },
      {
        label: 'Median time to first touch (h)',
        values: weeks.map((w) =>
          w.medianTimeToFirstTouch.value === null ? null : Math.round((w.medianTimeToFirstTouch.value / HOUR) * 10) / 10,
        ),
        color: '#8250df',
        dash: [6, 4],
        axis: 'right',
      },
    ],
    [weeks],
  );
  const routeSeries = useMemo<ChartSeries[]>(
    () =>
      ROUTES.map((r) => ({
        label: ROUTE_LABEL[r],
        values: weeks.map((w) => w.responses[r].n),
        color: ROUTE_STYLE[r].color,
        dash: ROUTE_STYLE[r].dash ? [...ROUTE_STYLE[r].dash] : undefined,
        axis: 'left' as const,
      })),
    [weeks],
  );
  const best = weeks.reduce<Week | null>(
    (b, w) => (w.contactRateInSla.value !== null && (b === null || (b.contactRateInSla.value ?? 0) < w.contactRateInSla.value) ? w : b),
    null,
  );
  const total = weeks.reduce((n, w) => n + ROUTES.reduce((m, r) => m + w.responses[r].n, 0), 0);

  return (
    <section aria-labelledby="trends-h" className="panel">
      <h2 id="trends-h">Trends by week</h2>
      <figure className="figure">
        <figcaption>
          Weekly contact rate in SLA (left axis, %) and median time to first touch (right axis, hours).
          {best
            ? ` Best week: ${weekLabel(best.weekStart, timeZone)} at ${pct(best.contactRateInSla.value)}.`
            : ' No detractor loop to measure yet.'}
        </figcaption>
        <Chart
          weeks={xs}
          series={slaSeries}
          leftLabel="% in SLA"
          rightLabel="hours"
          timeZone={timeZone}
          onPickWeek={(i) => {
            const w = weeks[i];
            if (w) open(`Contact rate in SLA, ${weekLabel(w.weekStart, timeZone)}`, [w.contactRateInSla.denominatorIds]);
          }}
        />
      </figure>
      <figure className="figure">
        <figcaption>Responses by route per week: {total} in the period.</figcaption>
        <Chart
          weeks={xs}
          series={routeSeries}
          leftLabel="responses"
          timeZone={timeZone}
          onPickWeek={(i) => {
            const w = weeks[i];
            if (w)
              open(
                `Responses, ${weekLabel(w.weekStart, timeZone)}`,
                ROUTES.map((r) => w.responses[r]),
              );
          }}
        />
      </figure>
      <table className="data" data-testid="weekly-table">
        <caption>The numbers behind both charts, week by week</caption>
        <thead>
          <tr>
            <th scope="col">Week</th>
            <th scope="col">Contact rate in SLA</th>
            <th scope="col">Median time to first touch</th>
            {ROUTES.map((r) => (
              <th scope="col" key={r}>
                {ROUTE_LABEL[r]} responses
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((w) => {
            const label = weekLabel(w.weekStart, timeZone);
            return (
              <tr key={w.weekStart}>
                <th scope="row">{label}</th>
                <td>
                  <DrillButton title={`Contact rate in SLA, ${label}`} list={w.contactRateInSla.denominatorIds}>
                    {pct(w.contactRateInSla.value)} ({w.contactRateInSla.numerator} of {w.contactRateInSla.denominator})
                  </DrillButton>
                </td>
                <td>
                  <DrillButton title={`Touched loops, ${label}`} list={w.medianTimeToFirstTouch.numeratorIds}>
                    {w.medianTimeToFirstTouch.value === null ? '—' : formatHours(w.medianTimeToFirstTouch.value)}
                  </DrillButton>
                </td>
                {ROUTES.map((r) => (
                  <td key={r}>
                    <DrillButton title={`${ROUTE_LABEL[r]} responses, ${label}`} list={w.responses[r]}>
                      {w.responses[r].n}
                    </DrillButton>
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
