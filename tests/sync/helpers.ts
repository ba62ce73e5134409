import { DEFAULT_POLICY, openLoop, type LoopEvent } from '@/lib/loop';
import { LoopsideDb } from '@/lib/db/schema';
import { appendEvents } from '@/lib/db/loops';

export { seeded } from './seeded';

export const T0 = Date.UTC(2026, 10, 23, 9);
export const calendar = { ...DEFAULT_POLICY.calendar, timeZone: 'UTC' };
export const ctxAt = (now: number) => ({ policy: DEFAULT_POLICY, calendar, now });

let n = 0;
export const freshDb = () => new LoopsideDb(`sync-${process.pid}-${++n}`);

/** A hand-turned clock: backoff is checked against exact times, never against a sleeping test. */
export function manualClock(start = T0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms), set: (at: number) => (t = at) };
}

export function loopEvents(loopId: string, at = T0): LoopEvent[] {
  const response = {
    id: loopId,
    scale: 'nps' as const,
    score: 2,
    comment: 'Broken',
    respondedAt: at - 3_600_000,
    email: `${loopId}@x.example`,
    extra: {},
  };
  return openLoop(response, DEFAULT_POLICY, { calendar, recordedAt: at });
}

export const touch = (id: string, loopId: string, at = T0, note = ''): LoopEvent => ({
  id,
  loopId,
  at,
  actor: 'me',
  type: 'touch_logged',
  channel: 'call',
  outcome: 'reached',
  note,
});

/** A loop plus `count` logged touches, each queued for sync at its own time (queuedAt order = index order). */
export async function seedQueued(db: LoopsideDb, loopId: string, count: number, at = T0): Promise<LoopEvent[]> {
  await appendEvents(db, loopEvents(loopId, at), ctxAt(at));
  const touches: LoopEvent[] = [];
  for (let i = 0; i < count; i++) {
    const e = touch(`${loopId}-t${i}`, loopId, at + i, `note ${i}`);
    await appendEvents(db, [e], ctxAt(at + i), { queueForSync: true });
    touches.push(e);
  }
  return touches;
}
