import type { LoopState, Route, Scale, SlaState } from '@/lib/loop';
import type { AccountRule } from '@/lib/db/loop-loader';

const DAY = 86_400_000;
export const ACCOUNT_SCORE_WINDOW_DAYS = 90;

/** What the account view says about the rule that found the loops: people must know how sure the match is. */
export const ACCOUNT_RULE_LABEL: Record<AccountRule, string> = {
  crm_id: 'Matched by the CRM account id in the survey data',
  company_name: 'Matched by company name (the data has no CRM account id)',
  email_domain: 'Matched by the contacts’ e-mail domain (no account id or company name matched)',
};

export interface AccountLoopRow {
  loopId: string;
  contact: string;
  email: string | null;
  owner: string | null;
  route: Route;
  critical: boolean;
  slaState: SlaState;
  dueAt: number;
  score: number;
  scale: Scale;
  /** the contact's CRM ids, to open their record */
  hubspotId: string | null;
  salesforceId: string | null;
}

export interface AccountScore {
  scale: Scale;
  /** NPS: % promoters − % detractors (whole number); CSAT and CES: the mean, one decimal */
  value: number;
  count: number;
}

export interface AccountView {
  rule: AccountRule | null;
  /** the open loops, worst first */
  open: AccountLoopRow[];
  /** over the last 90 days, on the scale most of the account's answers use; null without answers */
  score: AccountScore | null;
  /** the account's revenue when it has an open recovery loop, else 0; null when the data gives no revenue */
  revenueAtRisk: number | null;
}

const SLA_RANK: Record<SlaState, number> = { breached: 0, near_breach: 1, on_track: 2, met_late: 3, met: 4, closed: 5 };
const ROUTE_RANK: Record<Route, number> = { recovery: 0, improvement: 1, advocacy: 2 };

/** Worst first: critical before standard, a broken clock before a ticking one, recovery first, then the earliest due. */
export function worstFirst(a: AccountLoopRow, b: AccountLoopRow): number {
  return (
    Number(b.critical) - Number(a.critical) ||
    SLA_RANK[a.slaState] - SLA_RANK[b.slaState] ||
    ROUTE_RANK[a.route] - ROUTE_RANK[b.route] ||
    a.dueAt - b.dueAt ||
    a.loopId.localeCompare(b.loopId)
  );
}

function scoreOf(loops: readonly LoopState[], now: number): AccountScore | null {
  const since = now - ACCOUNT_SCORE_WINDOW_DAYS * DAY;
  const recent = loops.filter((l) => l.response.respondedAt >= since && l.response.respondedAt <= now);
  if (recent.length === 0) return null;
  const byScale = new Map<Scale, number[]>();
  for (const l of recent) byScale.set(l.response.scale, [...(byScale.get(l.response.scale) ?? []), l.response.score]);
  const order: Scale[] = ['nps', 'csat', 'ces'];
  const [scale, scores] = [...byScale.entries()].sort((a, b) => b[1].length - a[1].length || order.indexOf(a[0]) - order.indexOf(b[0]))[0]!;
  if (scale === 'nps') {
    const promoters = scores.filter((s) => s >= 9).length;
    const detractors = scores.filter((s) => s <= 6).length;
    return { scale, value: Math.round(((promoters - detractors) / scores.length) * 100), count: scores.length };
  }
  const mean = scores.reduce((sum, s) => sum + s, 0) / scores.length;
  return { scale, value: Math.round(mean * 10) / 10, count: scores.length };
}

/**
 * The account view of the loops found for an account: open loops worst first with owner, route
 * and clock; the account's score over the last 90 days with the count behind it; the revenue at
 * risk. Pure: `now` is passed in, the loops are already folded.
 */
export function accountView(loops: readonly LoopState[], rule: AccountRule | null, now: number): AccountView {
  const open = loops
    .filter((l) => l.status === 'open')
    .map((l): AccountLoopRow => ({
      loopId: l.loopId,
      contact: l.response.name?.trim() || l.response.email || 'Unnamed contact',
      email: l.response.email ?? null,
      owner: l.ownerEmail ?? null,
      route: l.route,
      critical: l.severity === 'critical',
      slaState: l.sla.state,
      dueAt: l.sla.dueAt,
      score: l.response.score,
      scale: l.response.scale,
      hubspotId: l.response.hubspotId ?? null,
      salesforceId: l.response.salesforceId ?? null,
    }))
    .sort(worstFirst);
  const revenues = loops.map((l) => l.response.accountRevenue).filter((r): r is number => r !== undefined);
  const atRisk = loops.filter((l) => l.status === 'open' && l.route === 'recovery').map((l) => l.response.accountRevenue ?? 0);
  return {
    rule,
    open,
    score: scoreOf(loops, now),
    revenueAtRisk: revenues.length === 0 ? null : Math.max(0, ...atRisk),
  };
}
