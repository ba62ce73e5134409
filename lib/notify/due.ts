import { NOTIFICATION_STAGES, type EscalationLevel, type Policy } from '@/lib/loop';
import { escalationKind, type Alert, type AlertKind } from './alert';
import { recipientsFor, type Directory } from './recipients';
import { normalizeEmail } from '@/lib/crm/email';
import type { AlertSubject } from './subject';

/** Alerts stop for good once someone acted on the loop or it ended. */
const isWaiting = (state: AlertSubject) => state.status === 'open' && state.firstTouchAt === undefined;

export const isCriticalRecovery = (state: AlertSubject) => state.route === 'recovery' && state.severity === 'critical';

export const loopOwner = (state: AlertSubject) => normalizeEmail(state.ownerEmail ?? state.response.ownerEmail ?? '');

/**
 * Every alert about this loop whose moment has passed at `now`, with its recipients.
 * `directory` null is one-person local mode: I own every loop and hear of its stages only,
 * as recipient ''. Escalations need a team to escalate to.
 */
export function dueAlerts(state: AlertSubject, directory: Directory | null, now: number): Alert[] {
  if (!isWaiting(state)) return [];
  const owner = loopOwner(state);
  const base = { loopId: state.loopId, deadline: state.firstTouchDueAt, critical: isCriticalRecovery(state) };
  const out: Alert[] = [];
  const add = (kind: AlertKind, dueAt: number, extra: Pick<Alert, 'cause'> = {}) => {
    const recipients = directory === null ? [''] : recipientsFor(kind, owner, directory);
    for (const recipient of recipients) out.push({ ...base, kind, recipient, dueAt, ...extra });
  };
  for (const stage of NOTIFICATION_STAGES) if (state.stageTimes[stage] <= now) add(stage, state.stageTimes[stage]);
  if (directory === null) return out;
  // One alert per level: the first trigger names it; later ones at that level were already heard.
  const first = new Map<EscalationLevel, AlertSubject['escalations'][number]>();
  for (const e of state.escalations) {
    if (e.at > now) continue;
    const seen = first.get(e.level);
    if (!seen || e.at < seen.at) first.set(e.level, e);
  }
  for (const [level, e] of first) add(escalationKind(level), e.at, { cause: { kind: e.kind, afterMs: e.at - state.receivedAt } });
  return out;
}

/**
 * The next moment an alert about this loop falls due after `now` (a stage, or a ladder step in
 * team mode: `directory` null is one-person mode, where nobody is escalated to); undefined when none will.
 */
export function nextAlertAt(
  state: AlertSubject,
  policy: Pick<Policy, 'escalation'>,
  now: number,
  directory: Directory | null,
): number | undefined {
  if (!isWaiting(state)) return undefined;
  const ladder = directory !== null && state.route === 'recovery' ? policy.escalation.ladder.map((s) => state.receivedAt + s.afterMs) : [];
  const future = [...Object.values(state.stageTimes), ...ladder].filter((t) => t > now);
  return future.length > 0 ? Math.min(...future) : undefined;
}
