import { SLA_STATE_ICON, SLA_STATE_LABEL } from '@/lib/labels';
import { formatCountdown, formatDateTime, formatLeftOrOverdue, type LoopState } from '@/lib/loop';

/**
 * The first-touch clock. The state is spelled out and carries a shape, never colour alone;
 * the ticking figure is not announced to screen readers every second (role="timer").
 */
export function SlaCountdown({ loop, now, timeZone }: { loop: LoopState; now: number; timeZone: string }) {
  const { state, dueAt } = loop.sla;
  const left = dueAt - now;
  const touched = loop.firstTouchAt !== undefined;
  return (
    <section className={`sla sla--${state}`} aria-labelledby="sla-heading">
      <h2 id="sla-heading" className="section-title">
        First touch
      </h2>
      <p className="sla__state" data-testid="sla-state">
        <span aria-hidden="true" className="sla__icon">
          {SLA_STATE_ICON[state]}
        </span>{' '}
        {SLA_STATE_LABEL[state]}
      </p>
      {!touched && state === 'closed' ? (
        // A closed loop's clock has stopped: a countdown here would suggest there is still time.
        <p className="sla__detail">No touch was logged · was due {formatDateTime(dueAt, timeZone)}</p>
      ) : touched ? (
        <p className="sla__detail">
          Touched {formatDateTime(loop.firstTouchAt!, timeZone)} · was due {formatDateTime(dueAt, timeZone)}
        </p>
      ) : (
        <>
          <p className="sla__countdown" role="timer" data-testid="sla-countdown">
            {formatLeftOrOverdue(left, formatCountdown)}
          </p>
          <p className="sla__detail">
            Due {formatDateTime(dueAt, timeZone)} <span className="muted">({timeZone})</span>
          </p>
        </>
      )}
    </section>
  );
}
