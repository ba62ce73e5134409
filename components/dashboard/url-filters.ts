import { useCallback, useSyncExternalStore } from 'react';
import { filtersFromSearch, searchFromFilters, type DashboardFilters } from '@/lib/dashboard/filters';

const subscribe = (onChange: () => void) => {
  window.addEventListener('popstate', onChange);
  return () => window.removeEventListener('popstate', onChange);
};
const readSearch = () => location.search;

/** The filters the URL holds; setting them pushes a history entry, so Back undoes a filter and a link shares the view. */
export function useUrlFilters(): [DashboardFilters, (next: DashboardFilters) => void] {
  const search = useSyncExternalStore(subscribe, readSearch);
  const filters = filtersFromSearch(search);
  const setFilters = useCallback((next: DashboardFilters) => {
    const query = searchFromFilters(next);
    if (query === location.search) return;
    history.pushState(null, '', `${location.pathname}${query}`);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, []);
  return [filters, setFilters];
}
