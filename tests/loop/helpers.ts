import { TZDate } from '@date-fns/tz';
import {
  BusinessCalendarSchema,
  DEFAULT_POLICY,
  type BusinessCalendar,
  type LoopEvent,
  type Policy,
  type SurveyResponse,
} from '@/lib/loop';

/** 'YYYY-MM-DD HH:MM' on the wall clock of `timeZone` → epoch ms. */
export function local(timeZone: string, wall: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/.exec(wall);
  if (!m) throw new Error(`bad wall time ${wall}`);
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  return new TZDate(y, mo - 1, d, h, mi, 0, 0, timeZone).getTime();
}

/** epoch ms → 'YYYY-MM-DD HH:MM' on the wall clock of `timeZone`. */
export function wall(timeZone: string, ms: number): string {
  const d = new TZDate(ms, timeZone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function calendar(timeZone: string, over: Partial<BusinessCalendar> = {}): BusinessCalendar {
  return BusinessCalendarSchema.parse({ timeZone, ...over });
}

export const HOUR = 3_600_000;
export const MINUTE = 60_000;
export const DAY = 24 * HOUR;

export function response(over: Partial<SurveyResponse> = {}): SurveyResponse {
  return {
    id: 'r1',
    scale: 'nps',
    score: 5,
    comment: 'Support took a week to answer.',
    respondedAt: Date.UTC(2026, 2, 4, 14, 0),
    email: 'dana@acme.example',
    name: 'Dana Reyes',
    company: 'Acme',
    ownerEmail: 'sam@vendor.example',
    extra: {},
    ...over,
  };
}

export function policy(over: Partial<Policy> = {}): Policy {
  return { ...DEFAULT_POLICY, ...over };
}

let seq = 0;
/** A hand-written event with the common fields filled in. */
export function ev<E extends LoopEvent>(e: Omit<E, 'id' | 'loopId' | 'actor'> & Partial<Pick<E, 'id' | 'loopId' | 'actor'>>): E {
  seq++;
  return { id: `e${seq}`, loopId: 'r1', actor: 'sam@vendor.example', ...e } as E;
}
