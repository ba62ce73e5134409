import {
  DEFAULT_POLICY,
  foldLoop,
  openLoop,
  type BusinessCalendar,
  type ContactContext,
  type LoopEvent,
  type LoopState,
  type SurveyResponse,
} from '@/lib/loop';
import { PersonSchema, type Person } from '@/lib/people/schema';
import { response as engineResponse } from '../loop/helpers';

export const HOUR = 3_600_000;
export const MINUTE = 60_000;
export const UTC: BusinessCalendar = { ...DEFAULT_POLICY.calendar, timeZone: 'UTC' };
/** Monday 2 March 2026, 10:00 UTC: inside working hours */
export const MON_10 = Date.UTC(2026, 2, 2, 10, 0);

export const person = (email: string, over: Partial<Person> = {}): Person => PersonSchema.parse({ email, timeZone: 'UTC', ...over });

/** Alice and Bob report to Mona; Rhea reports to nobody; Mona reports to Vic. */
export const TEAM: Person[] = [
  person('alice@team.example', { name: 'Alice', managerEmail: 'mona@team.example' }),
  person('bob@team.example', { name: 'Bob', managerEmail: 'mona@team.example' }),
  person('rhea@team.example', { name: 'Rhea' }),
  person('mona@team.example', { name: 'Mona', role: 'manager', managerEmail: 'vic@team.example' }),
  person('max@team.example', { name: 'Max', role: 'manager' }),
  person('cara@team.example', { name: 'Cara', role: 'cx_lead' }),
  person('vic@team.example', { name: 'Vic', role: 'vp_cs' }),
];

export const directoryOf = (people: readonly Person[]) => new Map(people.map((p) => [p.email, p]));

/** The engine tests' response, answered on Monday 10:00 and owned by Alice of the team above. */
export const response = (over: Partial<SurveyResponse> = {}): SurveyResponse =>
  engineResponse({ respondedAt: MON_10, ownerEmail: 'alice@team.example', ...over });

export function eventsFor(r: SurveyResponse): LoopEvent[] {
  return openLoop(r, DEFAULT_POLICY, { calendar: UTC, recordedAt: r.respondedAt });
}

/** The loop of `r` as the engine sees it at `now`, with extra events (touches, closes) folded in. */
export function stateAt(r: SurveyResponse, now: number, extra: LoopEvent[] = [], contact?: ContactContext): LoopState {
  return foldLoop([...eventsFor(r), ...extra], { policy: DEFAULT_POLICY, now, calendar: UTC, ...(contact ? { contact } : {}) });
}
