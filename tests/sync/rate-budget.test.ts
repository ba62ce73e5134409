import { describe, expect, it } from 'vitest';
import { createRateBudget, fullBudget, holdUntil, refill, take, type BudgetConfig } from '@/lib/sync/rate-budget';

const config: BudgetConfig = { capacity: 3, refillPerSecond: 2 };
const T = 1_000_000;

describe('token bucket (pure)', () => {
  it('starts full, spends one token per request, then says how long until the next', () => {
    let state = fullBudget(config, T);
    for (let i = 0; i < 3; i++) {
      const r = take(state, config, T);
      expect(r.ok).toBe(true);
      state = r.state;
    }
    const empty = take(state, config, T);
    expect(empty).toMatchObject({ ok: false, waitMs: 500 });
    // "not yet" spends nothing
    expect(empty.state.tokens).toBe(0);
  });

  it('refills at its rate, never above capacity, and a clock that goes back earns nothing', () => {
    const state = { tokens: 0, at: T, heldUntil: 0 };
    expect(refill(state, config, T + 500).tokens).toBe(1);
    expect(refill(state, config, T + 60_000).tokens).toBe(3);
    expect(refill(state, config, T - 10_000)).toEqual({ tokens: 0, at: T, heldUntil: 0 });
  });

  it('a batch costs what it costs; a cost above capacity waits for a full bucket', () => {
    const state = fullBudget(config, T);
    expect(take(state, config, T, 3).ok).toBe(true);
    expect(take({ ...state, tokens: 1 }, config, T, 5)).toMatchObject({ ok: false, waitMs: 1_000 });
  });

  it('a hold (Retry-After) gives nothing out before its end, then one probe, then the refill rate', () => {
    let state = holdUntil(fullBudget(config, T), T + 7_000);
    expect(take(state, config, T + 6_999)).toMatchObject({ ok: false, waitMs: 1 });
    const probe = take(state, config, T + 7_000);
    expect(probe.ok).toBe(true);
    state = probe.state;
    expect(take(state, config, T + 7_000)).toMatchObject({ ok: false, waitMs: 500 });
    // a shorter hold never shortens a longer one
    expect(holdUntil(state, T + 1_000)).toBe(state);
  });
});

describe('one budget shared by push and pull (issue)', () => {
  it('what one caller spends, the other cannot', () => {
    let t = T;
    const budget = createRateBudget(config, () => t);
    const push = () => budget.take();
    const pull = () => budget.take();
    expect([push().ok, push().ok, push().ok]).toEqual([true, true, true]);
    expect(pull()).toEqual({ ok: false, waitMs: 500 });
    t += 500;
    expect(pull()).toEqual({ ok: true });
    budget.hold(2_000);
    expect(push()).toEqual({ ok: false, waitMs: 2_000 });
    expect(pull()).toEqual({ ok: false, waitMs: 2_000 });
  });
});
