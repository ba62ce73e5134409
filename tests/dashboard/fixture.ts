/**
 * A small team's loops, each written out so the expected KPI values can be worked out by hand in
 * the tests. The engine's calendar is UTC, Mon–Fri 09:00–17:00; the viewer sits in New York
 * (EST until Sunday 8 March 2026, EDT after). "Now" is Wednesday 25 March 2026, 15:00 UTC.
 *
 * SLA defaults (DESIGN.md): NPS 0–3 critical → first touch within 4 business hours; 4–6 → 1
 * business day; passives 5 business days; promoters 7 days; recovery resolution 5 business days;
 * no touch 24 h after the response → escalation to the manager.
 */
import { DEFAULT_POLICY, foldLoop, openLoop, type LoopEvent, type LoopState, type SurveyResponse } from '@/lib/loop';
import { PersonSchema, type Person } from '@/lib/people/schema';
import { UTC } from '../notify/helpers';

export const HOUR = 3_600_000;
export const NOW = Date.UTC(2026, 2, 25, 15, 0);
export const VIEWER_ZONE = 'America/New_York';
const MON_23 = Date.UTC(2026, 2, 23, 10, 0);
const MON_2 = Date.UTC(2026, 2, 2, 10, 0);
const FEB_2 = Date.UTC(2026, 1, 2, 10, 0);

export const ALICE = 'alice@team.example';
export const BOB = 'bob@team.example';
export const MONA = 'mona@team.example';

export const PEOPLE: Person[] = [
  PersonSchema.parse({ email: ALICE, name: 'Alice', managerEmail: MONA, timeZone: 'UTC' }),
  PersonSchema.parse({ email: BOB, name: 'Bob', managerEmail: MONA, timeZone: 'UTC' }),
  PersonSchema.parse({ email: MONA, name: 'Mona', role: 'manager', timeZone: 'UTC' }),
];

function resp(id: string, over: Partial<SurveyResponse>): SurveyResponse {
  return {
    id,
    scale: 'nps',
    score: 5,
    comment: 'ok',
    respondedAt: MON_23,
    email: `${id}@customer.example`,
    ownerEmail: ALICE,
    extra: {},
    ...over,
  };
}

let n = 0;
const by = (loopId: string, at: number) => ({ id: `${loopId}/${++n}`, loopId, at, actor: ALICE });
const touch = (loopId: string, at: number): LoopEvent => ({
  ...by(loopId, at),
  type: 'touch_logged',
  channel: 'call',
  outcome: 'reached',
  note: '',
});
const resolve = (loopId: string, at: number): LoopEvent => ({ ...by(loopId, at), type: 'closed', state: 'resolved', reason: 'done' });
const reason = (loopId: string, at: number, category: string): LoopEvent => ({ ...by(loopId, at), type: 'reason_set', category });
const ask = (loopId: string, at: number): LoopEvent => ({ ...by(loopId, at), type: 'advocacy_asked', channel: 'email' });

interface Spec {
  response: SurveyResponse;
  events?: LoopEvent[];
}

/** Current period (last 30 days in New York: 24 Feb 00:00 EST → 26 Mar 00:00 EDT). */
export const CURRENT: Spec[] = [
  // L1 critical detractor (Maria), touched after 1 h (due 14:00), root cause pricing, resolved next day.
  {
    response: resp('L1', { score: 2, email: 'maria@customer.example', accountRevenue: 1000 }),
    events: [touch('L1', MON_23 + HOUR), reason('L1', MON_23 + HOUR, 'pricing'), resolve('L1', MON_23 + 24 * HOUR)],
  },
  // L2 detractor (HubSpot contact 77), due Tue 10:00, touched Tue 12:00 (2 h late, 26 h after); the
  // 24 h ladder step came before the touch: escalated. Root cause support; still open.
  {
    response: resp('L2', { score: 5, hubspotId: '77', accountRevenue: 5000 }),
    events: [touch('L2', MON_23 + 26 * HOUR), reason('L2', MON_23 + 26 * HOUR, 'support')],
  },
  // L3 detractor, never touched: due Tue 10:00 passed; escalated; 72 h window still running.
  { response: resp('L3', { score: 6, accountRevenue: 20000 }) },
  // L4 passive, untouched, due next Monday.
  { response: resp('L4', { score: 8 }) },
  // L5 promoter answered Friday 20 March: the ask window opens Mon 23 10:00, closes Wed 25 10:00; asked Mon 12:00.
  { response: resp('L5', { score: 10, respondedAt: Date.UTC(2026, 2, 20, 10, 0) }), events: [ask('L5', MON_23 + 2 * HOUR)] },
  // L6 Maria again on Tuesday, 9: L1's next response → L1 recovered.
  { response: resp('L6', { score: 9, email: 'maria@customer.example', respondedAt: MON_23 + 24 * HOUR }) },
  // L7 HubSpot contact 77 again on Tuesday 11:00, 3 (Bob's): L2's next response, not recovered. Critical, due Tue 15:00,
  // untouched; escalated at Wed 11:00. Root cause support.
  {
    response: resp('L7', {
      score: 3,
      hubspotId: '77',
      email: 'other@customer.example',
      ownerEmail: BOB,
      respondedAt: MON_23 + 25 * HOUR,
      accountRevenue: 7000,
    }),
    events: [{ ...by('L7', MON_23 + 25 * HOUR), actor: BOB, type: 'reason_set', category: 'support' }],
  },
  // L8 detractor of 2 March, touched after 1 h, never closed: its resolution target (9 March) has passed.
  { response: resp('L8', { score: 4, respondedAt: MON_2, accountRevenue: 3000 }), events: [touch('L8', MON_2 + HOUR)] },
  // L9 CSAT promoter of 2 March, closed resolved the next day without a touch or an ask; ask deadline (7 March) passed.
  { response: resp('L9', { scale: 'csat', score: 5, respondedAt: MON_2 }), events: [resolve('L9', MON_2 + 24 * HOUR)] },
  // B2 CES 4 (passive), Bob's, answered at the very first instant of the period: 24 Feb 00:00 EST = 05:00 UTC.
  { response: resp('B2', { scale: 'ces', score: 4, ownerEmail: BOB, respondedAt: Date.UTC(2026, 1, 24, 5, 0) }) },
];

/** Previous period (25 Jan 00:00 EST → 24 Feb 00:00 EST). */
export const PREVIOUS: Spec[] = [
  // P1 critical, touched after 1 h: in SLA; resolved.
  { response: resp('P1', { score: 3, respondedAt: FEB_2 }), events: [touch('P1', FEB_2 + HOUR), resolve('P1', FEB_2 + 24 * HOUR)] },
  // P2 critical, touched the next day: late.
  { response: resp('P2', { score: 1, respondedAt: FEB_2 }), events: [touch('P2', FEB_2 + 24 * HOUR)] },
  // B1 CSAT 5, one minute before the current period starts (23 Feb 23:59 EST): previous period, no action.
  { response: resp('B1', { scale: 'csat', score: 5, respondedAt: Date.UTC(2026, 1, 24, 4, 59) }) },
];

export function fold(specs: readonly Spec[], now = NOW): LoopState[] {
  return specs.map((s) =>
    foldLoop([...openLoop(s.response, DEFAULT_POLICY, { calendar: UTC, recordedAt: s.response.respondedAt }), ...(s.events ?? [])], {
      policy: DEFAULT_POLICY,
      calendar: UTC,
      now,
    }),
  );
}
