import { describe, expect, it } from 'vitest';
import { foldLoop, type LoopEvent } from '@/lib/loop';
import { toProjection } from '@/lib/sync/projection';
import { ctxAt, loopEvents, T0 } from './helpers';

describe('loop projection (the CRM task)', () => {
  it('an open critical recovery loop: owner, due time, subject and body a task needs', () => {
    const p = toProjection(foldLoop(loopEvents('r1'), ctxAt(T0)));
    expect(p).toMatchObject({
      loopId: 'r1',
      status: 'open',
      route: 'recovery',
      critical: true,
      score: 2,
      contact: { email: 'r1@x.example' },
    });
    expect(p.terminalState).toBeUndefined();
    expect(p.firstTouchDueAt).toBeGreaterThan(T0);
    expect(p.subject).toBe('Critical recovery follow-up: r1@x.example (NPS 2)');
    expect(p.body).toContain('Verbatim: "Broken"');
    expect(p.body).toContain('Loopside loop id: r1');
  });

  it('a closed loop carries its terminal state', () => {
    const closed: LoopEvent = { id: 'c1', loopId: 'r1', at: T0 + 1, actor: 'me', type: 'closed', state: 'resolved', reason: 'fixed' };
    const p = toProjection(foldLoop([...loopEvents('r1'), closed], ctxAt(T0 + 1)));
    expect(p).toMatchObject({ status: 'closed', terminalState: 'resolved' });
    expect(p.body).toContain('Closed: resolved.');
  });
});
