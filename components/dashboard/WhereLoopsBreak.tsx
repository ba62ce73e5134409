import { FUNNEL_STAGES, LATENESS_BUCKETS, LATENESS_LABEL, type FunnelStage } from '@/lib/dashboard/model';
import { ROUTE_LABEL } from '@/lib/labels';
import type { SlimDetails } from '@/lib/view/dashboard-protocol';
import { Bar } from './Bar';

const STAGE_LABEL: Record<FunnelStage, string> = {
  responses: 'Responses',
  touched: 'First touch',
  closed: 'Closed',
  resolved: 'Resolved',
};

const share = (n: number, of: number) => (of === 0 ? '' : ` (${Math.round((n / of) * 100)} %)`);

/** Where loops break: the funnel per route, and the breached loops by how late they were touched. */
export function WhereLoopsBreak({ funnel, lateness }: { funnel: SlimDetails['funnel']; lateness: SlimDetails['lateness'] }) {
  const breached = LATENESS_BUCKETS.reduce((n, b) => n + lateness[b].n, 0);
  const maxLate = Math.max(0, ...LATENESS_BUCKETS.map((b) => lateness[b].n));
  return (
    <section aria-labelledby="break-h" className="panel">
      <h2 id="break-h">Where loops break</h2>
      <div className="funnels">
        {funnel.map((row) => {
          const total = row.stages.responses.n;
          return (
            <table key={row.route} className="data funnel" data-testid={`funnel-${row.route}`}>
              <caption>{ROUTE_LABEL[row.route]}: responses → first touch → closed → resolved</caption>
              <tbody>
                {FUNNEL_STAGES.map((stage) => {
                  const list = row.stages[stage];
                  return (
                    <tr key={stage}>
                      <th scope="row">{STAGE_LABEL[stage]}</th>
                      <td>
                        <Bar
                          value={list.n}
                          max={total}
                          title={`${ROUTE_LABEL[row.route]}: ${STAGE_LABEL[stage].toLowerCase()}`}
                          list={list}
                          tone={row.route}
                          text={`${list.n}${stage === 'responses' ? '' : share(list.n, total)}`}
                        />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          );
        })}
      </div>
      <table className="data lateness" data-testid="lateness-table">
        <caption>Breached loops by how late they were touched: {breached} in the period</caption>
        <tbody>
          {LATENESS_BUCKETS.map((b) => (
            <tr key={b}>
              <th scope="row">{LATENESS_LABEL[b]}</th>
              <td>
                <Bar
                  value={lateness[b].n}
                  max={maxLate}
                  title={LATENESS_LABEL[b]}
                  list={lateness[b]}
                  tone="bad"
                  text={String(lateness[b].n)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
