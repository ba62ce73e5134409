/**
 * The dashboard page's hook onto its compute worker (./dashboard-worker.ts): send the filters, get
 * the view back — the headline numbers first, the charts' numbers right after — and ask for the
 * loops behind a number (by its `LoopList` reference) or for a CSV. The page's main thread only draws.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DashboardFilters } from '@/lib/dashboard/filters';
import type { DrillRow } from '@/lib/dashboard/drill';
import { takeDashboardWorker } from './dashboard-start';
import {
  FILL_WORKER,
  type FromWorker,
  type LoopList,
  type SlimDetails,
  type SlimHead,
  type ToWorker,
  type ViewMeta,
} from './dashboard-protocol';

type Pending = (reply: FromWorker) => void;
type Request = ToWorker extends infer M ? (M extends ToWorker ? Omit<M, 'seq'> : never) : never;

export interface DashboardData {
  head: SlimHead | null;
  /** the charts and tables of the same request as `head`; null until they are worked out */
  details: SlimDetails | null;
  meta: ViewMeta | null;
  /** a newer view than the one shown is being computed */
  updating: boolean;
  error: string | null;
  /** the request the view shown answers, and the latest one sent (equal when up to date) */
  shownSeq: number;
  askedSeq: number;
  drill(lists: readonly LoopList[]): Promise<{ rows: DrillRow[]; total: number }>;
  csv(which: 'loops' | 'kpis'): Promise<string>;
}

interface Shown {
  seq: number;
  head: SlimHead;
  meta: ViewMeta;
  details: SlimDetails | null;
}

export function useDashboardData(filters: DashboardFilters): DashboardData {
  const worker = useRef<Worker | null>(null);
  const seq = useRef(0);
  const pending = useRef(new Map<number, Pending>());
  const [shown, setShown] = useState<Shown | null>(null);
  const [asked, setAsked] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const w = takeDashboardWorker();
    worker.current = w;
    let fill: Worker | null = null;
    w.onmessage = (e: MessageEvent<FromWorker>) => {
      const m = e.data;
      if (m.kind === 'fill') {
        // Weeks not stored yet (the first open after an import): a second instance computes them
        // beside this one, so a later period change reads stored facts too.
        fill ??= new Worker(new URL('./dashboard-worker.ts', import.meta.url), { type: 'module', name: FILL_WORKER });
        fill.onmessage = (f: MessageEvent<FromWorker>) => {
          if (f.data.kind === 'error') console.warn('Loopside dashboard: the stored facts could not be filled:', f.data.message);
        };
        return;
      }
      if (m.kind === 'filled') return;
      if (m.kind === 'head') {
        setError(null);
        // A live update may answer an older request: show the newest answer for the newest filters only.
        setShown((prev) =>
          prev && prev.seq > m.seq
            ? prev
            : // A live update of the same request keeps its charts until their new numbers come.
              { seq: m.seq, head: m.head, meta: m.meta, details: prev?.seq === m.seq ? prev.details : null },
        );
        return;
      }
      if (m.kind === 'details') {
        setShown((prev) => (prev && prev.seq === m.seq ? { ...prev, details: m.details } : prev));
        return;
      }
      if (m.kind === 'error') setError(m.message);
      const done = pending.current.get(m.seq);
      pending.current.delete(m.seq);
      done?.(m);
    };
    w.onerror = (e) => setError(e.message || 'The dashboard could not compute its numbers.');
    return () => {
      w.terminate();
      fill?.terminate();
      worker.current = null;
    };
  }, []);

  const send = useCallback((message: Request, onReply?: Pending): number => {
    const next = ++seq.current;
    if (onReply) pending.current.set(next, onReply);
    worker.current?.postMessage({ ...message, seq: next } as ToWorker);
    return next;
  }, []);

  // The filters object is rebuilt from the URL on every render: compare by value.
  const key = JSON.stringify(filters);
  useEffect(() => {
    setAsked(send({ kind: 'view', filters: JSON.parse(key) as DashboardFilters }));
  }, [key, send]);

  const drill = useCallback(
    (lists: readonly LoopList[]) =>
      new Promise<{ rows: DrillRow[]; total: number }>((resolve, reject) =>
        send({ kind: 'drill', lists: [...lists] }, (m) =>
          m.kind === 'drill' ? resolve({ rows: m.rows, total: m.total }) : reject(new Error('drill failed')),
        ),
      ),
    [send],
  );
  const csv = useCallback(
    (which: 'loops' | 'kpis') =>
      new Promise<string>((resolve, reject) =>
        send({ kind: 'csv', which }, (m) => (m.kind === 'csv' ? resolve(m.text) : reject(new Error('export failed')))),
      ),
    [send],
  );

  return {
    head: shown?.head ?? null,
    details: shown?.details ?? null,
    meta: shown?.meta ?? null,
    updating: shown === null || shown.seq < asked,
    error,
    shownSeq: shown?.seq ?? 0,
    askedSeq: asked,
    drill,
    csv,
  };
}
