import { useCallback, useEffect, useRef, useState } from 'react';
import type { DashboardFilters } from '@/lib/dashboard/filters';
import { useDashboardData } from '@/lib/view/dashboard-data';
import type { LoopList } from '@/lib/view/dashboard-protocol';
import { DrillContext } from './Drill';
import { DrillDialog, type DrillState } from './DrillDialog';
import { FilterBar } from './FilterBar';
import { KpiTiles } from './KpiTiles';
import { Owners } from './Owners';
import { Themes } from './Themes';
import { Trends } from './Trends';
import { WhereLoopsBreak } from './WhereLoopsBreak';
import { useUrlFilters } from './url-filters';

function previousLabel(filters: DashboardFilters, days: number): string {
  if (filters.period.kind === 'quarter') return 'the previous quarter';
  return `the previous ${days} days`;
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The KPI dashboard: is the team closing the loop, where does it break, and what is at risk. */
export function Dashboard() {
  const [filters, setFilters] = useUrlFilters();
  const data = useDashboardData(filters);
  const { head: view, details, meta } = data;
  const [drill, setDrill] = useState<DrillState | null>(null);
  const drillAsk = useRef(0);
  const firstShown = useRef(false);

  // Marks for the bench (scripts/bench-dashboard.ts): the first headline numbers on screen, and the first charts.
  useEffect(() => {
    if (view && !firstShown.current) {
      firstShown.current = true;
      performance.mark('loopside:first-numbers');
    }
  }, [view]);
  useEffect(() => {
    if (meta) performance.mark('loopside:view-timings', { detail: meta.timings });
  }, [meta]);
  const firstDetails = useRef(false);
  useEffect(() => {
    if (details && !firstDetails.current) {
      firstDetails.current = true;
      performance.mark('loopside:first-charts');
    }
  }, [details]);

  const openDrill = useCallback(
    (title: string, lists: readonly LoopList[]) => {
      const ask = ++drillAsk.current;
      setDrill({ title, rows: null, total: lists.reduce((n, l) => n + l.n, 0) });
      void data.drill(lists).then((r) => {
        if (drillAsk.current === ask) setDrill({ title, rows: r.rows, total: r.total });
      });
    },
    [data],
  );

  const exportCsv = async (which: 'loops' | 'kpis') => {
    const text = await data.csv(which);
    const stamp = view
      ? `${new Date(view.period.from).toISOString().slice(0, 10)}_${new Date(view.period.to - 1).toISOString().slice(0, 10)}`
      : 'view';
    download(`loopside-${which === 'loops' ? 'loops' : 'kpis'}-${stamp}.csv`, text);
  };

  const timeZone = meta?.timeZone ?? 'UTC';
  return (
    <DrillContext.Provider value={openDrill}>
      <main
        className="dashboard"
        data-updating={String(data.updating)}
        data-seq={data.shownSeq}
        data-asked={data.askedSeq}
        data-details={String(details !== null)}
      >
        <header className="dashboard__header">
          <div>
            <h1>KPI dashboard</h1>
            <p className="muted" data-testid="scope">
              {view ? `${view.scopeLabel} · ${view.period.label} · times in ${timeZone}` : 'Loading…'}
            </p>
          </div>
          <div className="dashboard__actions">
            <button type="button" className="button" onClick={() => void exportCsv('loops')} disabled={!view}>
              Export loops (CSV)
            </button>
            <button type="button" className="button" onClick={() => void exportCsv('kpis')} disabled={!view}>
              Export KPI table (CSV)
            </button>
          </div>
        </header>
        <FilterBar
          key={JSON.stringify(filters.period)}
          filters={filters}
          onChange={setFilters}
          owners={view?.ownerChoices ?? []}
          teams={view?.teamChoices ?? []}
          now={meta?.now ?? Date.now()}
          timeZone={timeZone}
        />
        <p role="status" className="dashboard__status" data-testid="status">
          {data.error
            ? `The numbers could not be computed: ${data.error}`
            : !view
              ? 'Loading the numbers…'
              : data.updating
                ? 'Updating…'
                : `${view.loopIds.n} ${view.loopIds.n === 1 ? 'loop' : 'loops'} in this view.`}
        </p>
        {view ? (
          <>
            <section aria-labelledby="kpi-h" className="panel">
              <h2 id="kpi-h">Headline KPIs</h2>
              <KpiTiles tiles={view.tiles} previousLabel={previousLabel(filters, view.period.days)} />
            </section>
            {details ? (
              <>
                <Trends weeks={details.weeks} timeZone={timeZone} />
                <Owners rows={details.byOwner} />
                <WhereLoopsBreak funnel={details.funnel} lateness={details.lateness} />
                <Themes themes={details.themes} />
              </>
            ) : (
              <p className="muted" data-testid="details-loading">
                Drawing the trends, owners, funnel and themes…
              </p>
            )}
          </>
        ) : null}
      </main>
      <DrillDialog drill={drill} timeZone={timeZone} onClose={() => setDrill(null)} />
    </DrillContext.Provider>
  );
}
