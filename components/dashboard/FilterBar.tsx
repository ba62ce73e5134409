import { useId, useState } from 'react';
import type { DashboardFilters, PeriodChoice, Crm } from '@/lib/dashboard/filters';
import { isoDay, recentQuarters } from '@/lib/dashboard/period';
import { ROUTES } from '@/lib/dashboard/model';
import { ROUTE_LABEL, SCALE_LABEL } from '@/lib/labels';
import type { Route, Scale } from '@/lib/loop';

const CRM_LABEL: Record<Crm, string> = { hubspot: 'HubSpot', salesforce: 'Salesforce', none: 'No CRM id' };
const SCALES: Scale[] = ['nps', 'csat', 'ces'];

const periodValue = (p: PeriodChoice) => (p.kind === 'last' ? `${p.days}d` : p.kind === 'quarter' ? `${p.year}-Q${p.quarter}` : 'custom');

interface Props {
  filters: DashboardFilters;
  onChange: (next: DashboardFilters) => void;
  owners: { email: string; name: string }[];
  teams: { email: string; name: string }[];
  now: number;
  timeZone: string;
}

/** Narrow the view; every choice goes into the URL. */
export function FilterBar({ filters, onChange, owners, teams, now, timeZone }: Props) {
  const id = useId();
  const quarters = recentQuarters(now, timeZone);
  const [custom, setCustom] = useState(() =>
    filters.period.kind === 'custom'
      ? { from: filters.period.from, to: filters.period.to }
      : { from: isoDay(now - 13 * 86_400_000, timeZone), to: isoDay(now, timeZone) },
  );
  const [customOpen, setCustomOpen] = useState(filters.period.kind === 'custom');
  const set = (patch: Partial<DashboardFilters>) => {
    const next: DashboardFilters = { ...filters, ...patch };
    for (const k of Object.keys(patch) as (keyof DashboardFilters)[]) if (patch[k] === undefined) delete next[k];
    onChange(next);
  };
  const pickPeriod = (value: string) => {
    if (value === 'custom') {
      setCustomOpen(true);
      return;
    }
    setCustomOpen(false);
    const last = /^(\d+)d$/.exec(value);
    const q = /^(\d{4})-Q([1-4])$/.exec(value);
    if (last) set({ period: { kind: 'last', days: Number(last[1]) as 7 | 30 | 90 } });
    else if (q) set({ period: { kind: 'quarter', year: Number(q[1]), quarter: Number(q[2]) } });
  };
  const customValid = custom.from !== '' && custom.to !== '' && custom.from <= custom.to;

  return (
    <form className="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor={`${id}-period`}>Period</label>
        <select
          id={`${id}-period`}
          value={customOpen ? 'custom' : periodValue(filters.period)}
          onChange={(e) => pickPeriod(e.target.value)}
        >
          <option value="7d">Last 7 days</option>
          <option value="30d">Last 30 days</option>
          <option value="90d">Last 90 days</option>
          {quarters.map((q) => (
            <option key={`${q.year}-Q${q.quarter}`} value={`${q.year}-Q${q.quarter}`}>
              Q{q.quarter} {q.year}
            </option>
          ))}
          {filters.period.kind === 'quarter' &&
          !quarters.some(
            (q) => filters.period.kind === 'quarter' && q.year === filters.period.year && q.quarter === filters.period.quarter,
          ) ? (
            <option value={periodValue(filters.period)}>
              Q{filters.period.quarter} {filters.period.year}
            </option>
          ) : null}
          <option value="custom">Custom range…</option>
        </select>
      </div>
      {customOpen ? (
        <fieldset className="field custom-range">
          <legend>Custom range ({timeZone}), both days included</legend>
          <label htmlFor={`${id}-from`}>From</label>
          <input id={`${id}-from`} type="date" value={custom.from} onChange={(e) => setCustom((c) => ({ ...c, from: e.target.value }))} />
          <label htmlFor={`${id}-to`}>To</label>
          <input id={`${id}-to`} type="date" value={custom.to} onChange={(e) => setCustom((c) => ({ ...c, to: e.target.value }))} />
          <button
            type="button"
            className="button"
            disabled={!customValid}
            onClick={() => set({ period: { kind: 'custom', from: custom.from, to: custom.to } })}
          >
            Apply range
          </button>
        </fieldset>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-owner`}>Owner</label>
        <select
          id={`${id}-owner`}
          value={filters.owner ?? '*'}
          onChange={(e) => set({ owner: e.target.value === '*' ? undefined : e.target.value })}
        >
          <option value="*">Every owner</option>
          {owners.map((o) => (
            <option key={o.email} value={o.email}>
              {o.name}
            </option>
          ))}
        </select>
      </div>
      {teams.length > 0 ? (
        <div className="field">
          <label htmlFor={`${id}-team`}>Team</label>
          <select id={`${id}-team`} value={filters.team ?? ''} onChange={(e) => set({ team: e.target.value || undefined })}>
            <option value="">Every team</option>
            {teams.map((t) => (
              <option key={t.email} value={t.email}>
                {t.name}’s team
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-route`}>Route</label>
        <select
          id={`${id}-route`}
          value={filters.route ?? ''}
          onChange={(e) => set({ route: (e.target.value || undefined) as Route | undefined })}
        >
          <option value="">Every route</option>
          {ROUTES.map((r) => (
            <option key={r} value={r}>
              {ROUTE_LABEL[r]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-survey`}>Survey</label>
        <select
          id={`${id}-survey`}
          value={filters.scale ?? ''}
          onChange={(e) => set({ scale: (e.target.value || undefined) as Scale | undefined })}
        >
          <option value="">Every survey</option>
          {SCALES.map((s) => (
            <option key={s} value={s}>
              {SCALE_LABEL[s]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-crm`}>CRM</label>
        <select id={`${id}-crm`} value={filters.crm ?? ''} onChange={(e) => set({ crm: (e.target.value || undefined) as Crm | undefined })}>
          <option value="">Every CRM</option>
          {(Object.keys(CRM_LABEL) as Crm[]).map((c) => (
            <option key={c} value={c}>
              {CRM_LABEL[c]}
            </option>
          ))}
        </select>
      </div>
    </form>
  );
}
