import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { QueueFilter } from './queue';

interface QueueViewState {
  filter: QueueFilter;
  setFilter(filter: QueueFilter): void;
}

/**
 * The popup is torn down every time it closes; the chosen filter is kept in the extension's
 * localStorage so a manager who works from "Unassigned" finds it there next time.
 */
export const useQueueStore = create<QueueViewState>()(
  persist((set) => ({ filter: 'mine', setFilter: (filter) => set({ filter }) }), { name: 'loopside.queue', version: 1 }),
);

const FILTERS: readonly QueueFilter[] = ['mine', 'team', 'escalated', 'unassigned'];

/** A filter named in the page's hash (`popup.html#team`): a summary notification opens the queue on the loops it counted. */
export function filterFromHash(hash: string): QueueFilter | null {
  const name = hash.replace(/^#/, '');
  return (FILTERS as readonly string[]).includes(name) ? (name as QueueFilter) : null;
}
