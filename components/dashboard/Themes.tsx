import type { SlimDetails } from '@/lib/view/dashboard-protocol';
import { Bar } from './Bar';
import { DrillButton } from './Drill';

const money = (n: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(n);
const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)} %`);

/** Root-cause themes, most revenue at risk first. */
export function Themes({ themes }: { themes: SlimDetails['themes'] }) {
  const max = Math.max(0, ...themes.map((t) => t.revenueAtRisk));
  return (
    <section aria-labelledby="themes-h" className="panel">
      <h2 id="themes-h">Root-cause themes</h2>
      {themes.length === 0 ? (
        <p className="empty">No loops in this view.</p>
      ) : (
        <table className="data themes" data-testid="themes-table">
          <caption>
            Per root cause: loops, mean score, revenue at risk (open and unresolved recovery loops) and score recovery, most revenue at risk
            first
          </caption>
          <thead>
            <tr>
              <th scope="col">Theme</th>
              <th scope="col">Loops</th>
              <th scope="col">Mean score</th>
              <th scope="col">Revenue at risk</th>
              <th scope="col">Score recovery</th>
            </tr>
          </thead>
          <tbody>
            {themes.map((t) => (
              <tr key={t.category}>
                <th scope="row">{t.category === 'uncategorised' ? 'No root cause set' : t.category}</th>
                <td>
                  <DrillButton title={`Theme ${t.category}`} list={t.loopIds}>
                    {t.loopIds.n}
                  </DrillButton>
                </td>
                <td>{t.meanScore.toFixed(1)}</td>
                <td>
                  <Bar
                    value={t.revenueAtRisk}
                    max={max}
                    title={`Theme ${t.category}: revenue at risk`}
                    list={t.atRiskIds}
                    tone="bad"
                    text={money(t.revenueAtRisk)}
                  />
                </td>
                <td>
                  <DrillButton title={`Theme ${t.category}: detractors with a next score`} list={t.scoreRecovery.denominatorIds}>
                    {pct(t.scoreRecovery.value)} ({t.scoreRecovery.numerator} of {t.scoreRecovery.denominator})
                  </DrillButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
