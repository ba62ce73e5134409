import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS, filtersFromSearch, searchFromFilters, type DashboardFilters } from '@/lib/dashboard/filters';

describe('filters in the URL', () => {
  it('every filter goes into the query string and comes back the same', () => {
    const all: DashboardFilters[] = [
      { period: { kind: 'last', days: 7 }, owner: 'alice@team.example', route: 'recovery', scale: 'nps', crm: 'hubspot' },
      { period: { kind: 'quarter', year: 2026, quarter: 1 }, team: 'mona@team.example' },
      { period: { kind: 'custom', from: '2026-03-01', to: '2026-03-31' }, owner: '', crm: 'none' },
    ];
    for (const f of all) expect(filtersFromSearch(searchFromFilters(f))).toEqual(f);
  });
  it('a hand-edited URL with broken values keeps what parses and defaults the rest', () => {
    expect(filtersFromSearch('?period=45d&route=nowhere&survey=csat&crm=zoho')).toEqual({ ...DEFAULT_FILTERS, scale: 'csat' });
    expect(filtersFromSearch('?period=custom&from=2026-04-01&to=2026-03-01').period).toEqual(DEFAULT_FILTERS.period);
    expect(filtersFromSearch('?period=2026-Q5').period).toEqual(DEFAULT_FILTERS.period);
    expect(filtersFromSearch('').period).toEqual({ kind: 'last', days: 30 });
  });
});
