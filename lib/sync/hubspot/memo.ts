/**
 * What this browser knows it created in HubSpot, kept across worker stops: HubSpot's search lags its
 * writes by seconds, so "search, then create" alone would create a second copy of an event pushed
 * again right after its acknowledgement was lost. An entry is written *before* the create (an
 * intent) and completed with the object id after it, so even a worker stopped mid-request knows a
 * copy may exist and waits for the search to catch up instead of creating another.
 */
export interface MemoEntry {
  /** the HubSpot object id, once HubSpot acknowledged the create */
  id?: string;
  /** a create was sent at this time and its answer never arrived */
  intentAt?: number;
}

export interface HubSpotMemo {
  get(keys: readonly string[]): Promise<Map<string, MemoEntry>>;
  put(entries: readonly (readonly [string, MemoEntry])[]): Promise<void>;
  delete(keys: readonly string[]): Promise<void>;
}

export const eventKey = (eventId: string) => `evt:${eventId}`;
export const loopKey = (loopId: string) => `loop:${loopId}`;

/** For tests and the bench: the same contract in memory. */
export function memoryMemo(): HubSpotMemo & { size(): number } {
  const map = new Map<string, MemoEntry>();
  return {
    get: async (keys) => new Map(keys.flatMap((k) => (map.has(k) ? [[k, map.get(k)!] as const] : []))),
    put: async (entries) => {
      for (const [k, v] of entries) map.set(k, v);
    },
    delete: async (keys) => {
      for (const k of keys) map.delete(k);
    },
    size: () => map.size,
  };
}
