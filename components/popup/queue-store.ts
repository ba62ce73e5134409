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
