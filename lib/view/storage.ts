import { useCallback, useEffect, useState } from 'react';

export interface StorageState {
  /** bytes used by this extension's origin (IndexedDB and the rest), when the browser says */
  usage?: number;
  /** bytes the browser would let it use */
  quota?: number;
  /** whether the browser promised not to clear the store under storage pressure */
  persisted?: boolean;
}

/**
 * The store's size and whether it is persistent (navigator.storage), with a way to ask for
 * persistence. A browser without the API reports nothing rather than a wrong figure.
 */
export function useStorageState(): { state: StorageState; requestPersistence: () => Promise<boolean>; refresh: () => void } {
  const [state, setState] = useState<StorageState>({});
  const refresh = useCallback(() => {
    const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
    if (!storage) return;
    void Promise.all([storage.estimate?.(), storage.persisted?.()]).then(([estimate, persisted]) => {
      const next: StorageState = {};
      if (estimate?.usage !== undefined) next.usage = estimate.usage;
      if (estimate?.quota !== undefined) next.quota = estimate.quota;
      if (persisted !== undefined) next.persisted = persisted;
      setState(next);
    });
  }, []);
  useEffect(refresh, [refresh]);
  const requestPersistence = useCallback(async () => {
    const granted = (await navigator.storage?.persist?.()) ?? false;
    refresh();
    return granted;
  }, [refresh]);
  return { state, requestPersistence, refresh };
}

/** "12.3 MB": bytes for people. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
