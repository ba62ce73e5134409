import { LOOPSIDE_LOOP_ID } from '@/lib/crm/hubspot/api/schemas';
import type { LoopProjection } from '../adapter';

const SCORE_IN_SUBJECT = /\((NPS|CSAT|CES) (-?\d+)\)/;
const FIRST_STEP: Record<LoopProjection['route'], string> = {
  recovery: 'call first',
  improvement: 'e-mail first',
  advocacy: 'ask for a review',
};

/** "NPS 2 · recovery, critical · call first": what a person scanning HubSpot's task queue needs. */
export function taskSubject(p: LoopProjection): string {
  const scale = SCORE_IN_SUBJECT.exec(p.subject)?.[1] ?? 'Score';
  const state = p.status === 'closed' ? `closed${p.terminalState ? ` (${p.terminalState.replace('_', ' ')})` : ''}` : FIRST_STEP[p.route];
  return `${scale} ${p.score} · ${p.route}${p.critical ? ', critical' : ''} · ${state}`.slice(0, 255);
}

/** The loop as a HubSpot task's properties (`hs_timestamp` is the due time). */
/** HubSpot's task body holds 65,536 characters; the body stays well inside it. */
const MAX_BODY = 8_000;

export function taskProperties(p: LoopProjection, ownerId: string | undefined, script?: string): Record<string, string> {
  const body = script ? `${p.body}\n\n${script}` : p.body;
  const props: Record<string, string> = {
    hs_task_subject: taskSubject(p),
    hs_task_body: body.length > MAX_BODY ? `${body.slice(0, MAX_BODY - 1)}…` : body,
    hs_timestamp: new Date(p.firstTouchDueAt).toISOString(),
    hs_task_status: p.status === 'closed' ? 'COMPLETED' : 'NOT_STARTED',
    hs_task_priority: p.critical ? 'HIGH' : 'MEDIUM',
    hs_task_type: p.route === 'recovery' ? 'CALL' : 'TODO',
    [LOOPSIDE_LOOP_ID]: p.loopId,
  };
  if (ownerId) props.hubspot_owner_id = ownerId;
  return props;
}
