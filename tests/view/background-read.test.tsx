// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, configure, renderHook, waitFor } from '@testing-library/preact';
import { useAction, useRead } from '@/lib/view/background-read';

// A ceiling, not an expectation: waitFor's 1 s default fails on a busy 2-core machine.
configure({ asyncUtilTimeout: 30_000 });

afterEach(cleanup);

/** A read whose answers the test gives, one per call, in any order. */
function controlled<T>() {
  const calls: { resolve(v: T): void; reject(e: Error): void }[] = [];
  const read = () => new Promise<T>((resolve, reject) => void calls.push({ resolve, reject }));
  return { calls, read };
}

describe('useRead: what the sidebar reads from its background', () => {
  it('shows the answer for its key, never an older key’s answer that arrives late', async () => {
    const { calls, read } = controlled<string>();
    const shown: (string | undefined)[] = [];
    const view = renderHook(
      ({ key }) => {
        const r = useRead(key, read, { retry: () => false });
        shown.push(r.data);
        return r;
      },
      { initialProps: { key: 'record-a' } },
    );
    expect(view.result.current).toMatchObject({ data: undefined, pending: true, error: null });
    view.rerender({ key: 'record-b' });
    await waitFor(() => expect(calls).toHaveLength(2));
    calls[1]!.resolve('loops of b');
    await waitFor(() => expect(view.result.current.data).toBe('loops of b'));
    // The first record's answer comes last: the person has moved on, it is dropped. A later read
    // of b shows, and a never did.
    calls[0]!.resolve('loops of a');
    act(() => view.result.current.refresh());
    await waitFor(() => expect(calls).toHaveLength(3));
    calls[2]!.resolve('loops of b, again');
    await waitFor(() => expect(view.result.current.data).toBe('loops of b, again'));
    expect(shown).not.toContain('loops of a');
  });

  it('keeps what it shows while it reads again, and shows the new answer when it comes', async () => {
    const { calls, read } = controlled<number>();
    const view = renderHook(() => useRead('k', read, { retry: () => false }));
    await waitFor(() => expect(calls).toHaveLength(1));
    calls[0]!.resolve(1);
    await waitFor(() => expect(view.result.current.data).toBe(1));
    act(() => view.result.current.refresh());
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(view.result.current).toMatchObject({ data: 1, pending: false });
    calls[1]!.resolve(2);
    await waitFor(() => expect(view.result.current.data).toBe(2));
  });

  it('tries again as told, then reports the error (a value already shown stays)', async () => {
    let n = 0;
    const read = vi.fn(async () => {
      n++;
      throw new Error(`no answer ${n}`);
    });
    const view = renderHook(() => useRead('k', read, { retry: (failures) => failures < 2, retryDelay: () => 1 }));
    await waitFor(() => expect(view.result.current.error?.message).toBe('no answer 3'));
    expect(read).toHaveBeenCalledTimes(3);
    expect(view.result.current).toMatchObject({ data: undefined, pending: false });
  });

  it('takes a pushed value at once, and reads nothing while disabled', async () => {
    const read = vi.fn(async () => 'read');
    const view = renderHook(({ enabled }) => useRead('k', read, { enabled, retry: () => false }), { initialProps: { enabled: false } });
    expect(view.result.current.pending).toBe(true);
    expect(read).not.toHaveBeenCalled();
    act(() => view.result.current.set('pushed'));
    expect(view.result.current.data).toBe('pushed');
    view.rerender({ enabled: true });
    await waitFor(() => expect(view.result.current.data).toBe('read'));
  });

  it('reads again on its own at the backstop interval', async () => {
    const read = vi.fn(async () => 'x');
    renderHook(() => useRead('k', read, { retry: () => false, refreshEveryMs: 10 }));
    await waitFor(() => expect(read.mock.calls.length).toBeGreaterThanOrEqual(3));
  });
});

describe('useAction: what a person does from the sidebar', () => {
  it('retries a lost answer with the same variables, then is done and says so', async () => {
    const seen: string[] = [];
    const send = vi.fn(async (eventId: string) => {
      seen.push(eventId);
      if (seen.length < 3) throw new Error('the background did not answer');
      return 'ok';
    });
    const onSuccess = vi.fn();
    const view = renderHook(() => useAction(send, { retry: (failures) => failures < 4, retryDelay: () => 1, onSuccess }));
    act(() => view.result.current.run('event-1'));
    expect(view.result.current.pending).toBe(true);
    await waitFor(() => expect(view.result.current.succeeded).toBe(true));
    expect(seen).toEqual(['event-1', 'event-1', 'event-1']);
    expect(onSuccess).toHaveBeenCalledWith('ok', 'event-1');
    expect(view.result.current).toMatchObject({ pending: false, error: null });
  });

  it('does not retry what the retry rule refuses, and shows the reason', async () => {
    const send = vi.fn(async () => {
      throw new Error('the loop is closed already');
    });
    const view = renderHook(() => useAction(send, { retry: () => false }));
    await act(async () => {
      await expect(view.result.current.runAsync(undefined)).rejects.toThrow('the loop is closed already');
    });
    expect(send).toHaveBeenCalledTimes(1);
    expect(view.result.current).toMatchObject({ pending: false, succeeded: false });
    expect(view.result.current.error?.message).toBe('the loop is closed already');
  });
});
