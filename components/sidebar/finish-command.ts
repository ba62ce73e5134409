import { useCallback, useRef, useState } from 'react';
import type { LoopAction } from '@/lib/messaging/protocol';

export interface ActStep {
  eventId: string;
  action: LoopAction;
}

export interface CommandStatus {
  error: boolean;
  text: string;
}

/**
 * Sending a command about a loop to the background: whether one is on its way, and what came of
 * the last one. The same request sent again keeps its event ids, so a retry after a lost reply
 * cannot record twice; a changed request is a new decision and gets new ids.
 */
export function useLoopCommand(act: (steps: ActStep[]) => Promise<void>) {
  const last = useRef<{ key: string; ids: string[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<CommandStatus | null>(null);

  /** Sends the actions in order; true once the background has recorded them. */
  const send = async (actions: LoopAction[], done: string): Promise<boolean> => {
    const key = JSON.stringify(actions);
    if (last.current?.key !== key) last.current = { key, ids: actions.map(() => crypto.randomUUID()) };
    const ids = last.current.ids;
    setBusy(true);
    setStatus(null);
    try {
      await act(actions.map((action, i) => ({ eventId: ids[i]!, action })));
      last.current = null;
      setStatus({ error: false, text: done });
      return true;
    } catch (e) {
      setStatus({ error: true, text: e instanceof Error ? e.message : String(e) });
      return false;
    } finally {
      setBusy(false);
    }
  };

  /** the next request is a new decision, whatever it says (the same function every render) */
  const forget = useCallback(() => void (last.current = null), []);

  return {
    busy,
    status,
    send,
    forget,
    clearStatus: () => setStatus(null),
  };
}
