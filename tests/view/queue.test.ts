import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, foldLoop, openLoop, type LoopEvent, type LoopState } from '@/lib/loop';
import { PersonSchema, type Person } from '@/lib/people/schema';
import {
  availableFilters,
  countByFilter,
  dueText,
  escalationText,
  matchesFilter,
  ownerText,
  queueItems,
  type QueueFilter,
} from '@/components/popup/queue';
import { calendar, HOUR, MINUTE, response } from '../loop/helpers';

const cal = calendar('Europe/Berlin');
const MON_9 = Date.UTC(2026, 10, 16, 8, 0); // Monday 16 Nov 2026, 09:00 in Berlin

function loop(id: string, over: { score?: number; owner?: string; at?: number; comment?: string; extra?: LoopEvent[] } = {}) {
  const r = response({
    id,
    score: over.score ?? 2,
    respondedAt: over.at ?? MON_9,
    email: `${id}@customer.example`,
    name: id,
    comment: over.comment ?? 'Slow support.',
    ...(over.owner === undefined ? { ownerEmail: undefined } : { ownerEmail: over.owner }),
  });
  return [...openLoop(r, DEFAULT_POLICY, { calendar: cal, recordedAt: r.respondedAt }), ...(over.extra ?? [])];
}
const fold = (events: LoopEvent[], now: number): LoopState => foldLoop(events, { policy: DEFAULT_POLICY, calendar: cal, now });
const person = (email: string, managerEmail = '', role: Person['role'] = 'rep') =>
  PersonSchema.parse({ email, name: email.split('@')[0], managerEmail, role, timeZone: 'Europe/Berlin' });

const MIA = 'mia@vendor.example';
const ALEX = 'alex@vendor.example';
const SAM = 'sam@vendor.example';
const OTHER = 'olga@vendor.example';
const people = [person(MIA, '', 'manager'), person(ALEX, MIA), person(SAM, ALEX), person(OTHER)];

describe('which filters a person gets', () => {
  it('managers, CX leads and VPs get team and unassigned; reps and one-person mode do not', () => {
    expect(availableFilters({ email: MIA, role: 'manager' })).toEqual(['mine', 'team', 'escalated', 'unassigned']);
    expect(availableFilters({ email: MIA, role: 'vp_cs' })).toEqual(['mine', 'team', 'escalated', 'unassigned']);
    expect(availableFilters({ email: ALEX, role: 'rep' })).toEqual(['mine', 'escalated']);
    expect(availableFilters({ email: '', role: 'manager' })).toEqual(['mine', 'escalated']);
  });
});

describe('queue order', () => {
  it('most overdue first, then soonest due; loops already touched follow their next step', () => {
    const now = MON_9 + 30 * HOUR;
    const states = [
      fold(loop('later', { score: 8, owner: ALEX, at: MON_9 + 2 * HOUR }), now), // improvement: 5 business days, after the touched loop's resolution target
      fold(loop('breached-early', { score: 1, owner: ALEX, at: MON_9 - 2 * 24 * HOUR }), now),
      fold(loop('breached-late', { score: 1, owner: ALEX }), now),
      fold(
        loop('touched', {
          score: 4,
          owner: ALEX,
          extra: [
            {
              id: 't1',
              loopId: 'touched',
              at: MON_9 + HOUR,
              actor: ALEX,
              type: 'touch_logged',
              channel: 'call',
              outcome: 'reached',
              note: '',
            },
          ],
        }),
        now,
      ),
    ];
    const items = queueItems(states, { email: ALEX, role: 'rep' }, people);
    expect(items.map((i) => i.state.loopId)).toEqual(['breached-early', 'breached-late', 'touched', 'later']);
    expect(items[0]!.state.sla.state).toBe('breached');
    expect(items.find((i) => i.state.loopId === 'touched')).toMatchObject({ dueKind: 'next_step', dueAt: states[3]!.resolutionDueAt });
  });

  it('leaves closed loops out', () => {
    const closed = loop('closed', {
      owner: ALEX,
      extra: [{ id: 'c1', loopId: 'closed', at: MON_9 + HOUR, actor: ALEX, type: 'closed', state: 'resolved', reason: 'fixed' }],
    });
    expect(queueItems([fold(closed, MON_9 + 2 * HOUR)], { email: ALEX, role: 'rep' }, people)).toEqual([]);
  });
});

describe('who sees what', () => {
  const now = MON_9 + HOUR;
  const states = [
    fold(loop('mia-own', { owner: MIA }), now),
    fold(loop('alex', { owner: ALEX }), now),
    fold(loop('sam', { owner: 'Sam@Vendor.example' }), now), // reports to Alex, who reports to Mia
    fold(loop('olga', { owner: OTHER }), now), // in the directory, not in Mia's team
    fold(loop('ghost', { owner: 'ghost@elsewhere.example' }), now),
    fold(loop('nobody'), now),
  ];
  const ids = (me: { email: string; role: Person['role'] }, filter: QueueFilter) =>
    queueItems(states, me, people)
      .filter((i) => matchesFilter(i, filter))
      .map((i) => i.state.loopId)
      .sort();

  it('a manager: mine, the whole reporting line as team, unknown owners as unassigned', () => {
    const mia = { email: MIA, role: 'manager' as const };
    expect(ids(mia, 'mine')).toEqual(['mia-own']);
    expect(ids(mia, 'team')).toEqual(['alex', 'mia-own', 'sam']);
    expect(ids(mia, 'unassigned')).toEqual(['ghost', 'nobody']);
    const all = queueItems(states, mia, people);
    expect(all.map((i) => i.state.loopId)).not.toContain('olga');
    expect(all.find((i) => i.state.loopId === 'sam')).toMatchObject({ ownerEmail: SAM, ownerName: 'sam' });
  });

  it('a VP oversees the whole directory', () => {
    expect(ids({ email: MIA, role: 'vp_cs' }, 'team')).toEqual(['alex', 'mia-own', 'olga', 'sam']);
  });

  it('a rep sees only their own loops, never the unassigned ones', () => {
    const alex = { email: ALEX, role: 'rep' as const };
    expect(queueItems(states, alex, people).map((i) => i.state.loopId)).toEqual(['alex']);
    expect(ids(alex, 'unassigned')).toEqual([]);
  });

  it('one-person mode: every open loop is mine', () => {
    expect(ids({ email: '', role: 'rep' }, 'mine')).toEqual(['alex', 'ghost', 'mia-own', 'nobody', 'olga', 'sam']);
  });

  it('my own loops are mine, not unassigned, before I am in the directory', () => {
    const items = queueItems(states, { email: 'ghost@elsewhere.example', role: 'manager' }, people);
    expect(items.find((i) => i.state.loopId === 'ghost')).toMatchObject({ mine: true, unassigned: false });
  });

  it('a reassignment moves an unassigned loop to its new owner', () => {
    const reassigned = loop('moved', {
      owner: 'ghost@elsewhere.example',
      extra: [{ id: 'ra', loopId: 'moved', at: MON_9 + 1, actor: MIA, type: 'reassigned', toEmail: ALEX }],
    });
    const [item] = queueItems([fold(reassigned, now)], { email: MIA, role: 'manager' }, people);
    expect(item).toMatchObject({ ownerEmail: ALEX, unassigned: false, team: true });
  });

  it('counts per filter', () => {
    const mia = { email: MIA, role: 'manager' as const };
    const items = queueItems(states, mia, people);
    expect(countByFilter(items, availableFilters(mia))).toEqual({ mine: 1, team: 3, escalated: 0, unassigned: 2 });
  });
});

describe('escalations', () => {
  it('the escalated filter holds loops the engine escalated, named by the highest level reached', () => {
    // No touch 40 h after a critical response: the ladder has reached the manager and then the CX lead.
    const now = MON_9 + 40 * HOUR;
    const late = fold(loop('late', { score: 1, owner: ALEX }), now);
    const fresh = fold(loop('fresh', { score: 1, owner: ALEX, at: now - HOUR }), now);
    const items = queueItems([late, fresh], { email: ALEX, role: 'rep' }, people);
    expect(items.filter((i) => matchesFilter(i, 'escalated')).map((i) => i.state.loopId)).toEqual(['late']);
    expect(escalationText(late)).toBe('Escalated to CX lead: No touch logged 36 h after the response');
    expect(escalationText(fresh)).toBe('');
  });
});

describe('words', () => {
  it('counts down, then counts up as overdue', () => {
    expect(dueText({ dueAt: 10 * MINUTE + 5000 }, 0)).toBe('10 min 05 s left');
    expect(dueText({ dueAt: 0 }, 2 * HOUR + 3 * MINUTE)).toBe('2 h 03 min 00 s overdue');
    expect(dueText({ dueAt: undefined }, 0)).toBe('');
  });

  it('names the owner, or why a loop is unassigned', () => {
    expect(ownerText({ ownerEmail: SAM, ownerName: 'Sam Rivera', unassigned: false })).toBe('Owner: Sam Rivera');
    expect(ownerText({ ownerEmail: SAM, ownerName: '', unassigned: false })).toBe(`Owner: ${SAM}`);
    expect(ownerText({ ownerEmail: 'ghost@x.example', ownerName: '', unassigned: true })).toBe(
      'Unassigned (owner ghost@x.example is not in the team directory)',
    );
    expect(ownerText({ ownerEmail: '', ownerName: '', unassigned: true })).toBe('Unassigned (no owner in the response)');
  });
});
