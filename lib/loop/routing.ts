import type { BusinessCalendar } from './calendar';
import { addCalendarDays } from './tz';
import { addBusinessDays, addBusinessTime } from './calendar';
import type { Clock, Duration, Policy } from './policy';
import type { Route, Scale, Severity } from './schemas';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Score → route and severity by the policy's bands for that scale. */
export function classifyScore(scale: Scale, score: number, policy: Policy): { route: Route; severity: Severity } {
  const bands = policy.scales[scale];
  if (!Number.isInteger(score) || score < bands.min || score > bands.max) {
    throw new RangeError(`${scale.toUpperCase()} score ${score} is outside ${bands.min}–${bands.max}`);
  }
  const route: Route = score <= bands.recoveryMax ? 'recovery' : score <= bands.improvementMax ? 'improvement' : 'advocacy';
  const severity: Severity = route === 'recovery' && bands.criticalMax !== null && score <= bands.criticalMax ? 'critical' : 'standard';
  return { route, severity };
}

/** Whether a duration runs on the business calendar or on the customer's (24/7) clock. */
export const isBusinessClock = (d: Duration) => d.unit === 'business_hours' || d.unit === 'business_days';

export function addDuration(startMs: number, d: Duration, cal: BusinessCalendar): number {
  switch (d.unit) {
    case 'business_hours':
      return addBusinessTime(startMs, d.amount * HOUR, cal);
    case 'business_days':
      return addBusinessDays(startMs, d.amount, cal);
    case 'hours':
      // Policies may hold fractional hours; due times are whole epoch milliseconds.
      return startMs + Math.round(d.amount * HOUR);
    case 'days': {
      // Calendar days in the owner's zone keep the wall-clock time across a DST change.
      const whole = Math.floor(d.amount);
      return addCalendarDays(startMs, whole, cal.timeZone) + Math.round((d.amount - whole) * DAY);
    }
  }
}

/** A duration as it runs on `clock`: on the customer's 24/7 clock business units become plain ones. */
export function onClock(d: Duration, clock: Clock): Duration {
  if (clock === 'business') return d;
  if (d.unit === 'business_hours') return { amount: d.amount, unit: 'hours' };
  if (d.unit === 'business_days') return { amount: d.amount, unit: 'days' };
  return d;
}

/** The first-touch window of a route and severity, on that route's clock. */
export function firstTouchDuration(route: Route, severity: Severity, policy: Policy): Duration {
  const d = severity === 'critical' ? policy.firstTouch.critical : policy.firstTouch[route];
  return onClock(d, policy.clocks?.[route] ?? 'business');
}

/** The recovery resolution target, on the recovery route's clock. */
export function resolutionDuration(policy: Policy): Duration {
  return onClock(policy.resolution.recovery, policy.clocks?.recovery ?? 'business');
}
