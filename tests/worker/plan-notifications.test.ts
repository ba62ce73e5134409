import { describe, expect, it } from 'vitest';
import type { NotificationStage } from '@/lib/loop';
import { notifiedKey, planNotifications } from '@/lib/worker/plan-notifications';

const shown = (...pairs: [string, NotificationStage][]) => new Set(pairs.map(([l, s]) => notifiedKey(l, s)));

describe('planNotifications', () => {
  it('fires the reached stage once and never again', () => {
    const loops = [{ loopId: 'a', reached: ['warn_75'] as NotificationStage[] }];
    expect(planNotifications(loops, new Set())).toEqual([{ loopId: 'a', stage: 'warn_75', supersedes: [] }]);
    expect(planNotifications(loops, shown(['a', 'warn_75']))).toEqual([]);
  });

  it('fires the next stage when it is reached', () => {
    const loops = [{ loopId: 'a', reached: ['warn_75', 'warn_1h'] as NotificationStage[] }];
    expect(planNotifications(loops, shown(['a', 'warn_75']))).toEqual([{ loopId: 'a', stage: 'warn_1h', supersedes: [] }]);
  });

  it('after a sleep shows only the most urgent stage and marks the ones it passed over', () => {
    const loops = [{ loopId: 'a', reached: ['warn_75', 'warn_1h', 'breached'] as NotificationStage[] }];
    expect(planNotifications(loops, new Set())).toEqual([{ loopId: 'a', stage: 'breached', supersedes: ['warn_75', 'warn_1h'] }]);
  });

  it('never fires an earlier stage after a later one was shown', () => {
    const loops = [{ loopId: 'a', reached: ['warn_75', 'warn_1h', 'breached'] as NotificationStage[] }];
    expect(planNotifications(loops, shown(['a', 'breached']))).toEqual([]);
  });

  it('fires nothing for a loop with no reached stage (touched or closed loops report none)', () => {
    expect(planNotifications([{ loopId: 'a', reached: [] }], new Set())).toEqual([]);
  });

  it('is deduplicated over ten ticks', () => {
    const seen = new Set<string>();
    let fired = 0;
    for (let tick = 0; tick < 10; tick++) {
      const reached: NotificationStage[] = tick < 3 ? [] : tick < 6 ? ['warn_75'] : tick < 8 ? ['warn_75', 'warn_1h'] : ['warn_75', 'warn_1h', 'breached'];
      for (const p of planNotifications([{ loopId: 'a', reached }], seen)) {
        fired++;
        for (const s of [p.stage, ...p.supersedes]) seen.add(notifiedKey(p.loopId, s));
      }
    }
    expect(fired).toBe(3);
  });
});
