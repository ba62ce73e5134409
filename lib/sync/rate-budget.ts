/**
 * One rate budget per sync target, shared by push, upsert and pull: a token bucket. Pure at its
 * core (`refill`, `take`, `holdUntil` take the state and the clock and return a new state); the
 * small mutable `RateBudget` around it is what adapters hold. Adapters call `take` before every
 * request and `holdUntil` when the target says "slow down" (429 + Retry-After, or rate-limit
 * headers), so a 429 seen by a push also holds the next pull.
 */

export interface BudgetConfig {
  /** the burst: tokens the bucket holds when full */
  capacity: number;
  /** tokens added per second */
  refillPerSecond: number;
}

export interface BudgetState {
  tokens: number;
  /** when `tokens` was last brought up to date */
  at: number;
  /** no token is handed out before this (a target's Retry-After); 0 = no hold */
  heldUntil: number;
}

/** The local HTTP event log: generous, it is one relay on our own machine or network. */
export const HTTP_BUDGET: BudgetConfig = { capacity: 50, refillPerSecond: 20 };
/** HubSpot private/developer apps: 190 requests per 10 s on Professional (100 on Starter); keep a margin. */
export const HUBSPOT_BUDGET: BudgetConfig = { capacity: 90, refillPerSecond: 9 };
/** Salesforce counts a daily allowance (Sforce-Limit-Info), not a burst: stay gentle. */
export const SALESFORCE_BUDGET: BudgetConfig = { capacity: 25, refillPerSecond: 2 };

export const fullBudget = (config: BudgetConfig, now: number): BudgetState => ({ tokens: config.capacity, at: now, heldUntil: 0 });

/** Tokens earned since `state.at`, never above capacity. A clock that went back earns nothing. */
export function refill(state: BudgetState, config: BudgetConfig, now: number): BudgetState {
  const elapsed = Math.max(0, now - state.at);
  const tokens = Math.min(config.capacity, state.tokens + (elapsed / 1000) * config.refillPerSecond);
  return { tokens, at: Math.max(state.at, now), heldUntil: state.heldUntil };
}

export type TakeResult = { ok: true; state: BudgetState } | { ok: false; state: BudgetState; waitMs: number };

/** Takes `cost` tokens, or says how long until they are there (and takes nothing). */
export function take(state: BudgetState, config: BudgetConfig, now: number, cost = 1): TakeResult {
  const current = refill(state, config, now);
  if (current.heldUntil > now) {
    // While held nothing is spent, and the bucket refills from the end of the hold only.
    return { ok: false, state: current, waitMs: current.heldUntil - now };
  }
  if (current.tokens >= cost) return { ok: true, state: { ...current, tokens: current.tokens - cost } };
  const missing = Math.min(cost, config.capacity) - current.tokens;
  return { ok: false, state: current, waitMs: Math.ceil((missing / config.refillPerSecond) * 1000) };
}

/**
 * The target asked us to wait: nothing goes out before `until`, and then one request (a probe),
 * with the rest refilling from that moment at the usual rate, so a burst does not hit it again.
 */
export function holdUntil(state: BudgetState, until: number): BudgetState {
  if (until <= state.heldUntil) return state;
  return { tokens: Math.min(1, state.tokens), at: Math.max(state.at, until), heldUntil: until };
}

/** The mutable face adapters hold; one per target, shared by every call that target makes. */
export interface RateBudget {
  /** true when a request may go now (a token was spent); otherwise the wait in ms */
  take(cost?: number): { ok: true } | { ok: false; waitMs: number };
  hold(retryAfterMs: number): void;
  snapshot(): BudgetState;
}

export function createRateBudget(config: BudgetConfig, now: () => number, initial?: BudgetState): RateBudget {
  let state = initial ?? fullBudget(config, now());
  return {
    take(cost = 1) {
      const result = take(state, config, now(), cost);
      state = result.state;
      return result.ok ? { ok: true } : { ok: false, waitMs: result.waitMs };
    },
    hold(retryAfterMs) {
      state = holdUntil(refill(state, config, now()), now() + Math.max(0, retryAfterMs));
    },
    snapshot: () => ({ ...state }),
  };
}
