import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LoopsideDb } from '@/lib/db/schema';
import { announceStoreChanges, touchesShownTables } from '@/lib/worker/store-changes';

describe('touchesShownTables', () => {
  it.each([
    [{ 'idb://loopside/events/': {} }, true],
    [{ 'idb://loopside/people/email': {} }, true],
    [{ 'idb://loopside/kv/': {} }, true],
    // the scan's bookkeeping on the loop rows and the alert records change nothing a sidebar shows
    [{ 'idb://loopside/loops/nextWakeAt': {}, 'idb://loopside/notified/': {} }, false],
    // another database of the same origin
    [{ 'idb://other/events/': {} }, false],
    // a table whose name only starts like a shown one
    [{ 'idb://loopside/eventsArchive/': {} }, false],
  ])('%j → %s', (parts, expected) => {
    expect(touchesShownTables(parts, 'loopside')).toBe(expected);
  });
});

describe('announceStoreChanges', () => {
  let stop: (() => void) | undefined;
  afterEach(() => stop?.());

  // vi.waitFor's ceilings are a loaded 2-core machine's, not an expectation.
  it('tells the pages once after a burst of writes to what a sidebar shows, and not for the scan’s bookkeeping', async () => {
    const db = new LoopsideDb(`changes-${Math.random()}`);
    // Opening a database reports every table as changed once: that is not what this test is about.
    await db.open();
    await new Promise((r) => setTimeout(r, 30));
    const broadcast = vi.fn(() => Promise.resolve());
    stop = announceStoreChanges(db.name, broadcast, 200);
    await db.loops.put({ loopId: 'l1' } as never);
    await new Promise((r) => setTimeout(r, 300));
    expect(broadcast).not.toHaveBeenCalled();

    await db.kv.bulkPut([0, 1, 2, 3, 4].map((i) => ({ key: `k${i}`, value: i })));
    await db.people.put({ email: 'sam@loopside.example' } as never);
    await vi.waitFor(() => expect(broadcast).toHaveBeenCalledTimes(1), { timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 60));
    expect(broadcast).toHaveBeenCalledTimes(1);
    db.close();
  });

  it('a broadcast nobody receives (no CRM tab open) is not an error', async () => {
    const db = new LoopsideDb(`changes-${Math.random()}`);
    const broadcast = vi.fn(() => Promise.reject(new Error('Could not establish connection. Receiving end does not exist.')));
    stop = announceStoreChanges(db.name, broadcast, 5);
    await db.kv.put({ key: 'x', value: 1 });
    await vi.waitFor(() => expect(broadcast).toHaveBeenCalledTimes(1), { timeout: 30_000 });
    db.close();
  });
});
