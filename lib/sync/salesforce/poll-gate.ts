import { DAY_MS, MIN_POLL_MS, planPolling, type ApiUsage, type PollPlan } from '@/lib/crm/salesforce/api/limits';

/**
 * The worker's pull alarm ticks every minute; against Salesforce most ticks must cost nothing. The
 * gate says whether this tick polls, from the plan for the org's allocation (see limits.ts). A push
 * or a user's "Sync now" is never gated: only the background polls are.
 */
export interface PollGate {
  /** true when a poll of `what` may go now (and records it as done) */
  open(what: 'events' | 'responses', now: number): boolean;
  /** a person asked (Sync now): the next poll of each kind goes at once */
  force(): void;
  plan(): PollPlan;
  noteUsage(usage: ApiUsage): void;
}

/** The part of a browser's daily share background polls may spend; the rest is headroom for pushes. */
export const POLL_SHARE_OF_BUDGET = 0.9;

export function createPollGate(opts: { share: () => number; members: () => number; initialUsage?: ApiUsage | null }): PollGate {
  let usage: ApiUsage | null = opts.initialUsage ?? null;
  const last = new Map<string, number>();
  /** requests answered since the last events poll, and their moving average per poll cycle (pushes included) */
  let sinceLastPoll = 0;
  let perCycle: number | undefined;
  /** when each of this browser's answered requests was made, over the last 24 h (the allocation's own window) */
  const spent: number[] = [];
  const plan = () =>
    planPolling(usage, { share: opts.share(), members: opts.members(), ...(perCycle === undefined ? {} : { requestsPerCycle: perCycle }) });
  return {
    open(what, now) {
      const previous = last.get(what);
      const interval = usage ? plan().intervalMs : MIN_POLL_MS;
      if (previous !== undefined && now - previous < interval) return false;
      // The plan is an estimate (a cycle's cost varies with the team's volume); what this browser really
      // spent in the last 24 h is not. Once that reaches its polling part of the share, background polls
      // wait; pushes (a person's own actions) never do, so they keep a tenth of the share for themselves.
      while (spent.length > 0 && spent[0]! <= now - DAY_MS) spent.shift();
      if (usage && spent.length >= plan().perBrowserDaily * POLL_SHARE_OF_BUDGET) return false;
      last.set(what, now);
      if (what === 'events' && previous !== undefined) {
        // What a whole cycle really cost (pages, composites, the pushes in between) steers the next interval.
        perCycle = perCycle === undefined ? Math.max(1, sinceLastPoll) : 0.7 * perCycle + 0.3 * Math.max(1, sinceLastPoll);
        sinceLastPoll = 0;
      }
      return true;
    },
    force: () => last.clear(),
    plan,
    noteUsage(u) {
      usage = u;
      sinceLastPoll++;
      spent.push(u.at);
    },
  };
}
