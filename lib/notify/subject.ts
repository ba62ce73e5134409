import type { Escalation, LoopState, Policy } from '@/lib/loop';

/**
 * What the alert decision and its text read of a folded loop, and nothing else: small enough for the
 * scan to keep per waiting loop, so a tick whose only change is the clock decides from it without
 * reading the loop's events or its contact's other loops again. A `LoopState` is one.
 */
export interface AlertSubject {
  loopId: string;
  status: LoopState['status'];
  firstTouchAt?: number;
  route: LoopState['route'];
  severity: LoopState['severity'];
  ownerEmail?: string;
  receivedAt: number;
  firstTouchDueAt: number;
  stageTimes: LoopState['stageTimes'];
  timeZone: string;
  /** every escalation, past and to come: a tick filters by its own `now` */
  escalations: readonly Pick<Escalation, 'level' | 'kind' | 'at'>[];
  response: Pick<LoopState['response'], 'ownerEmail' | 'name' | 'score' | 'scale'>;
}

/**
 * The subject of a waiting loop folded at some `now`, valid at any later time until its events, its
 * contact's loops or the scan's inputs change: the fold's escalations plus the ladder steps still to
 * come (the fold only lists steps reached by its `now`; a waiting loop reaches each one in turn).
 */
export function alertSubject(state: LoopState, policy: Pick<Policy, 'escalation'>): AlertSubject {
  const r = state.response;
  const escalations: Pick<Escalation, 'level' | 'kind' | 'at'>[] = state.escalations.map(({ level, kind, at }) => ({ level, kind, at }));
  if (state.route === 'recovery' && state.status === 'open' && state.firstTouchAt === undefined) {
    const reached = new Set(escalations.filter((e) => e.kind === 'ladder').map((e) => e.at));
    for (const step of policy.escalation.ladder) {
      const at = state.receivedAt + step.afterMs;
      if (!reached.has(at)) escalations.push({ level: step.level, kind: 'ladder', at });
    }
  }
  const subject: AlertSubject = {
    loopId: state.loopId,
    status: state.status,
    route: state.route,
    severity: state.severity,
    receivedAt: state.receivedAt,
    firstTouchDueAt: state.firstTouchDueAt,
    stageTimes: { ...state.stageTimes },
    timeZone: state.timeZone,
    escalations,
    response: { score: r.score, scale: r.scale },
  };
  if (state.firstTouchAt !== undefined) subject.firstTouchAt = state.firstTouchAt;
  if (state.ownerEmail !== undefined) subject.ownerEmail = state.ownerEmail;
  if (r.ownerEmail !== undefined) subject.response.ownerEmail = r.ownerEmail;
  if (r.name !== undefined) subject.response.name = r.name;
  return subject;
}
