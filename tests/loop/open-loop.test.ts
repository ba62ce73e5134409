import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, LoopEventSchema, openLoop, type LoopEventOf } from '@/lib/loop';
import { calendar, local, response, wall } from './helpers';

const NY = 'America/New_York';
const cal = calendar(NY);
const routedOf = (score: number, respondedAt: number, comment = 'x') => {
  const events = openLoop(response({ score, respondedAt, comment }), DEFAULT_POLICY, { calendar: cal, recordedAt: respondedAt + 1000 });
  return events[1] as LoopEventOf<'routed'>;
};

describe('openLoop', () => {
  it('returns received and routed with deterministic ids, system actor and the recording time', () => {
    const r = response({ respondedAt: local(NY, '2026-03-04 10:00') });
    const events = openLoop(r, DEFAULT_POLICY, { calendar: cal, recordedAt: 123_456 });
    expect(events.map((e) => [e.id, e.type, e.loopId, e.actor, e.at])).toEqual([
      ['r1/received', 'received', 'r1', 'system', 123_456],
      ['r1/routed', 'routed', 'r1', 'system', 123_456],
    ]);
    for (const e of events) expect(LoopEventSchema.parse(e)).toEqual(e);
  });

  it('is idempotent: the same response yields identical events', () => {
    const r = response();
    const ctx = { calendar: cal, recordedAt: 5 };
    expect(openLoop(r, DEFAULT_POLICY, ctx)).toEqual(openLoop(structuredClone(r), DEFAULT_POLICY, ctx));
  });

  it.each([
    // score, responded (local NY), first touch due, resolution due
    [2, '2026-03-06 16:30', '2026-03-09 12:30', '2026-03-13 16:30'], // critical: 4 business hours
    [5, '2026-03-04 10:00', '2026-03-05 10:00', '2026-03-11 10:00'], // recovery: 1 business day; 5 to resolve
    [5, '2026-03-04 22:00', '2026-03-05 17:00', '2026-03-11 17:00'], // at night: clock starts next morning
    [8, '2026-03-04 10:00', '2026-03-11 10:00', undefined], // improvement: 5 business days
    [10, '2026-03-07 03:00', '2026-03-14 03:00', undefined], // advocacy: 7 calendar days in the owner's zone (same wall time over DST)
  ])('NPS %d at %s → first touch %s, resolution %s', (score, at, firstDue, resolutionDue) => {
    const routed = routedOf(score, local(NY, at));
    expect(wall(NY, routed.firstTouchDueAt)).toBe(firstDue);
    expect(routed.resolutionDueAt === undefined ? undefined : wall(NY, routed.resolutionDueAt)).toBe(resolutionDue);
    expect(routed.policyVersion).toBe(DEFAULT_POLICY.version);
  });

  it('takes the owner from the context before the response', () => {
    const [, routed] = openLoop(response({ ownerEmail: 'a@x.example' }), DEFAULT_POLICY, {
      calendar: cal,
      recordedAt: 0,
      ownerEmail: 'b@x.example',
    });
    expect((routed as LoopEventOf<'routed'>).ownerEmail).toBe('b@x.example');
  });
});
