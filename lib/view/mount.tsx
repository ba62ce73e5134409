import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ComponentType } from 'react';
import { mountBare } from './mount-bare';

/** Renders an extension page's root component with the query client every page shares the setup of. */
export function mountPage(App: ComponentType): void {
  const queryClient = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false } } });
  mountBare(() => (
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  ));
}
