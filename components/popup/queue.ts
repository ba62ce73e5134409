import { EscalationLevelSchema, formatCountdown, formatLeftOrOverdue, type LoopState } from '@/lib/loop';
import { ESCALATION_LEVEL_LABEL } from '@/lib/labels';
import type { Person, Role } from '@/lib/people/schema';
import { isUnassigned, overseenEmails, overseesOthers } from '@/lib/people/team';
import { normalizeEmail } from '@/lib/crm/email';

export type QueueFilter = 'mine' | 'team' | 'escalated' | 'unassigned';

export const FILTER_LABEL: Record<QueueFilter, string> = {
  mine: 'Mine',
  team: 'Team',
  escalated: 'Escalated',
  unassigned: 'Unassigned',
};

export interface Viewer {
  /** '' in one-person mode */
  email: string;
  role: Role;
}

/**
 * Which filters this person gets. Team and unassigned need someone to oversee and an identity to
 * oversee from: in one-person mode there is no team, and every loop is already "mine".
 */
export function availableFilters(me: Viewer): QueueFilter[] {
  if (me.email === '' || !overseesOthers(me.role)) return ['mine', 'escalated'];
  return ['mine', 'team', 'escalated', 'unassigned'];
}

export interface QueueItem {
  state: LoopState;
  /** lower-cased; '' when the response named no owner */
  ownerEmail: string;
  /** the directory's name for the owner, '' when the directory does not know them */
  ownerName: string;
  mine: boolean;
  /** owned by me or by someone I oversee */
  team: boolean;
  unassigned: boolean;
  escalated: boolean;
  /**
   * What the queue is sorted by: the first-touch due time until the first touch, then the due
   * time of the engine's next action (a retry, the resolution target); undefined when nothing is due.
   */
  dueAt: number | undefined;
  dueKind: 'first_touch' | 'next_step';
}

/**
 * Places each open loop in the queue from the engine's state: whose it is, whether I see it, and
 * when it is due. Loops I neither own, oversee, nor may assign are left out.
 */
export function queueItems(states: readonly LoopState[], me: Viewer, people: readonly Person[]): QueueItem[] {
  const myEmail = normalizeEmail(me.email);
  const directory = new Map(people.map((p) => [p.email, p]));
  const overseen = overseenEmails({ email: myEmail, role: me.role }, people);
  const oversees = myEmail !== '' && overseesOthers(me.role);
  const items: QueueItem[] = [];
  for (const state of states) {
    if (state.status !== 'open') continue;
    const ownerEmail = normalizeEmail(state.ownerEmail ?? '');
    const mine = myEmail === '' || ownerEmail === myEmail;
    // My own loops are mine even before I add myself to the directory.
    const unassigned = oversees && !mine && isUnassigned(ownerEmail, directory);
    const team = oversees && (mine || overseen.has(ownerEmail));
    if (!mine && !team && !unassigned) continue;
    const touched = state.firstTouchAt !== undefined;
    items.push({
      state,
      ownerEmail,
      ownerName: directory.get(ownerEmail)?.name ?? '',
      mine,
      team,
      unassigned,
      escalated: state.escalations.length > 0,
      dueAt: touched ? state.nextAction.dueAt : state.firstTouchDueAt,
      dueKind: touched ? 'next_step' : 'first_touch',
    });
  }
  return sortQueue(items);
}

/** Soonest due first, so the most overdue loop leads; loops with nothing due go last, oldest response first. */
export function sortQueue(items: QueueItem[]): QueueItem[] {
  return items.sort(
    (a, b) =>
      (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity) ||
      a.state.response.respondedAt - b.state.response.respondedAt ||
      (a.state.loopId < b.state.loopId ? -1 : a.state.loopId > b.state.loopId ? 1 : 0),
  );
}

export function matchesFilter(item: QueueItem, filter: QueueFilter): boolean {
  switch (filter) {
    case 'mine':
      return item.mine;
    case 'team':
      return item.team;
    case 'unassigned':
      return item.unassigned;
    case 'escalated':
      return item.escalated;
  }
}

export function countByFilter(items: readonly QueueItem[], filters: readonly QueueFilter[]): Record<QueueFilter, number> {
  const counts: Record<QueueFilter, number> = { mine: 0, team: 0, escalated: 0, unassigned: 0 };
  for (const item of items) for (const f of filters) if (matchesFilter(item, f)) counts[f]++;
  return counts;
}

/** "2 h 05 min 09 s left" / "1 h 02 min 00 s overdue" for the item's due time; '' when nothing is due. */
export function dueText(item: Pick<QueueItem, 'dueAt'>, now: number): string {
  if (item.dueAt === undefined) return '';
  return formatLeftOrOverdue(item.dueAt - now, formatCountdown);
}

/** Escalation levels, lowest first, as the schema lists them. */
const LEVELS = EscalationLevelSchema.options;

/** The highest level this loop has reached, with why: "Escalated to CX lead: Critical score with churn intent". */
export function escalationText(state: LoopState): string {
  if (state.escalations.length === 0) return '';
  const top = state.escalations.reduce((best, e) => (LEVELS.indexOf(e.level) > LEVELS.indexOf(best.level) ? e : best));
  return `Escalated to ${ESCALATION_LEVEL_LABEL[top.level]}: ${top.reason}`;
}

/** Who owns an item, in words, for items that are not mine. */
export function ownerText(item: Pick<QueueItem, 'ownerEmail' | 'ownerName' | 'unassigned'>): string {
  if (item.unassigned)
    return item.ownerEmail ? `Unassigned (owner ${item.ownerEmail} is not in the team directory)` : 'Unassigned (no owner in the response)';
  return `Owner: ${item.ownerName || item.ownerEmail}`;
}
