import { useId, useState } from 'react';
import { ROUTE_LABEL, SCALE_LABEL, SCALE_MAX } from '@/lib/labels';
import type { Person } from '@/lib/people/schema';
import { formatZonedDateTime } from '@/lib/loop';
import { SLA_STATE_ICON, SLA_STATE_LABEL } from '@/lib/labels';
import { dueText, escalationText, ownerText, type QueueItem } from './queue';

interface Props {
  item: QueueItem;
  now: number;
  /** the directory, for assigning an unassigned loop; empty when I may not assign */
  people: readonly Person[];
  opening: boolean;
  onOpen(loopId: string): void;
  assigning: boolean;
  onAssign(loopId: string, toEmail: string): void;
}

/**
 * One loop: a button that opens its CRM record, and for an unassigned loop a picker to give it
 * an owner (beside the button, not inside it: a control in a control is unreachable by keyboard).
 */
export function QueueRow({ item, now, people, opening, onOpen, assigning, onAssign }: Props) {
  const id = useId();
  const { state } = item;
  const r = state.response;
  const name = r.name || r.email || 'Unnamed contact';
  const sla = state.sla.state;
  const due = dueText(item, now);
  const escalation = escalationText(state);
  const showOwner = !item.mine || item.unassigned;
  const [assignee, setAssignee] = useState('');
  return (
    <li className={`row row--${sla}`} data-testid="queue-item" data-loop-id={state.loopId} data-due-at={item.dueAt ?? ''}>
      <button
        type="button"
        className="row__open"
        data-row
        // No aria-labelledby: the row's name is everything it shows (who, route, the clock's state,
        // score, owner), so a screen reader hears what a sighted person sees.
        aria-busy={opening || undefined}
        onClick={() => onOpen(state.loopId)}
      >
        <span className="row__head">
          <span id={`${id}-name`} className="row__name">
            <span className="customer-text" lang="und" dir="auto">
              {name}
            </span>
            {r.company ? <span className="row__company"> · {r.company}</span> : null}
          </span>
          <span className={`route route--${state.route}`} data-testid="queue-route">
            {ROUTE_LABEL[state.route]}
            {state.severity === 'critical' ? ', critical' : ''}
          </span>
        </span>
        <span id={`${id}-details`} className="row__details">
          <span className="row__sla">
            <span className="sla-state" data-testid="queue-sla">
              <span aria-hidden="true">{SLA_STATE_ICON[sla]}</span> {SLA_STATE_LABEL[sla]}
            </span>
            {due ? (
              <>
                {' · '}
                <span role="timer" className="countdown" data-testid="queue-countdown">
                  {item.dueKind === 'next_step' ? 'next step ' : ''}
                  {due}
                </span>
              </>
            ) : null}
          </span>
          <span className="row__meta">
            {SCALE_LABEL[r.scale]} {r.score}/{SCALE_MAX[r.scale]}
            {item.dueAt !== undefined ? ` · due ${formatZonedDateTime(item.dueAt, state.timeZone)}` : ''}
          </span>
          {item.dueKind === 'next_step' && state.nextAction.text ? <span className="row__meta">Next: {state.nextAction.text}</span> : null}
          {showOwner ? (
            <span className="row__owner" data-testid="queue-owner">
              {ownerText(item)}
            </span>
          ) : null}
          {escalation ? (
            <span className="row__escalation" data-testid="queue-escalation">
              <span aria-hidden="true">▲ </span>
              {escalation}
            </span>
          ) : null}
        </span>
      </button>
      {item.unassigned && people.length > 0 ? (
        <form
          className="assign"
          onSubmit={(e) => {
            e.preventDefault();
            if (assignee) onAssign(state.loopId, assignee);
          }}
        >
          <label htmlFor={`${id}-assign`}>Assign to</label>
          <select id={`${id}-assign`} value={assignee} onChange={(e) => setAssignee(e.target.value)} aria-describedby={`${id}-name`}>
            <option value="">Choose an owner…</option>
            {people.map((p) => (
              <option key={p.email} value={p.email}>
                {p.name ? `${p.name} (${p.email})` : p.email}
              </option>
            ))}
          </select>
          <button type="submit" className="button" disabled={!assignee || assigning}>
            Assign
          </button>
        </form>
      ) : item.unassigned ? (
        <p className="assign assign--empty">The team directory is empty: add owners in options to assign this loop.</p>
      ) : null}
    </li>
  );
}
