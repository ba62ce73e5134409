import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import type { LoopState } from '@/lib/loop';
import { getDb } from '@/lib/db/schema';
import { foldLoaded, loadLoops, type LoadedLoops } from '@/lib/db/loop-loader';

/**
 * The open loops and everything the engine needs to fold them, re-read whenever any context writes
 * to the store: a touch logged in a sidebar or a reassignment shows in the popup at once.
 */
export function useQueueData(): LoadedLoops | undefined {
  return useLiveQuery(() => loadLoops(getDb(), { kind: 'open' }), []);
}

/** The engine's state of every open loop at `now`; the view re-asks it as the clock ticks. */
export function useQueueStates(data: LoadedLoops | undefined, now: number): LoopState[] {
  return useMemo(() => (data ? foldLoaded(data, now) : []), [data, now]);
}
