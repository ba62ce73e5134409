/**
 * Properties of the event log, checked on random loops (fast-check):
 * - the fold depends on the set of events only: not on arrival order, not on duplicates, not on
 *   which of two conflicting copies of one id arrived first;
 * - merging copies (set union) is commutative, associative and idempotent;
 * - a loop closed by a `closed` event stays closed whatever else arrives, unless a `reopened`
 *   event names that close (the causal rule: a reopen can only be written by someone who saw the
 *   close, so it carries its id; timestamps never decide it);
 * - skewed device clocks (any shift of any event's `at`) cannot turn a closed loop open or an
 *   open loop closed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, foldLoop, mergeEvents, openLoop, type LoopEvent, type LoopState } from '@/lib/loop';
import { calendar, DAY, HOUR, local, response } from './helpers';

const NY = 'America/New_York';
const cal = calendar(NY);
const T0 = local(NY, '2026-03-04 10:00');
const NOW = T0 + 30 * DAY;
const ctx = { policy: DEFAULT_POLICY, calendar: cal, now: NOW };

const arbResponse = fc.record({
  score: fc.integer({ min: 0, max: 10 }),
  comment: fc.constantFrom('', 'We are switching to another vendor.', 'Support was slow.', 'The export crashed.', 'Great team!'),
  respondedAt: fc.integer({ min: T0, max: T0 + 3 * DAY }),
});

const arbAt = fc.integer({ min: T0 - 2 * DAY, max: T0 + 25 * DAY });
const arbActor = fc.constantFrom('sam@vendor.example', 'kim@vendor.example', 'system');
const arbChannel = fc.constantFrom('call' as const, 'email' as const, 'meeting' as const);

/** The body of one event, without id/loopId; `closes` are the ids of closes a reopen may name. */
const arbBody = (closes: string[], allowReopen: boolean) =>
  fc.oneof(
    fc.record({
      type: fc.constant('touch_logged' as const),
      channel: arbChannel,
      outcome: fc.constantFrom('reached' as const, 'no_answer' as const, 'voicemail' as const, 'wrong_contact' as const),
      note: fc.constantFrom('', 'left a message'),
    }),
    fc.record({ type: fc.constant('reason_set' as const), category: fc.constantFrom('pricing', 'support speed', 'product gap') }),
    fc.record({
      type: fc.constant('escalated' as const),
      level: fc.constantFrom('manager' as const, 'cx_lead' as const, 'vp_cs' as const),
      reason: fc.constant('by hand'),
    }),
    fc.record({ type: fc.constant('reassigned' as const), toEmail: fc.constantFrom('kim@vendor.example', 'lee@vendor.example') }),
    fc.record({
      type: fc.constant('closed' as const),
      state: fc.constantFrom('resolved' as const, 'escalated' as const, 'churned' as const, 'no_response' as const),
      reason: fc.constantFrom('done', 'left'),
    }),
    fc.record({ type: fc.constant('advocacy_asked' as const), channel: arbChannel }),
    ...(allowReopen
      ? [
          fc.record({
            type: fc.constant('reopened' as const),
            reason: fc.constant('came back'),
            reopens: fc.constantFrom(...(closes.length ? closes : ['none'])),
          }),
        ]
      : []),
  );

/** A loop's events: its opening plus up to 14 more, with unique ids. Close ids are c0…c5 so reopens can name them. */
function arbLoop(opts: { allowReopen: boolean; idPrefix?: string } = { allowReopen: true }) {
  const prefix = opts.idPrefix ?? 'e';
  return arbResponse.chain((r) =>
    fc.array(fc.tuple(arbAt, arbActor, arbBody(['c0', 'c1', 'c2', 'c3', 'c4', 'c5'], opts.allowReopen)), { maxLength: 14 }).map((items) => {
      const resp = response({ ...r, id: 'r1' });
      const opened = openLoop(resp, DEFAULT_POLICY, { calendar: cal, recordedAt: r.respondedAt + 1000 });
      let closes = 0;
      const rest = items.map(([at, actor, body], i) => {
        const id = body.type === 'closed' ? `c${closes++}` : `${prefix}${i}`;
        return { ...body, id, loopId: 'r1', at, actor } as LoopEvent;
      });
      return [...opened, ...rest];
    }),
  );
}

/** The same events in a random order, some of them two or three times. */
const arbArrival = (events: LoopEvent[]) =>
  fc
    .tuple(
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: events.length, maxLength: events.length }),
      fc.array(fc.nat({ max: Math.max(0, events.length - 1) }), { maxLength: 6 }),
    )
    .map(([keys, dups]) => {
      const copies = [...events, ...dups.map((i) => ({ ...events[i]! }))];
      const order = copies.map((e, i) => [keys[i % keys.length] ?? 0, i, e] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      return order.map(([, , e]) => e);
    });

const fold = (events: LoopEvent[]): LoopState => foldLoop(events, ctx);

describe('fold: independent of arrival order and duplication', () => {
  it('any order and any duplicates give the same state', () => {
    fc.assert(
      fc.property(
        arbLoop().chain((events) => fc.tuple(fc.constant(events), arbArrival(events))),
        ([events, arrival]) => {
          expect(fold(arrival)).toEqual(fold(events));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('two conflicting copies of one id: every device keeps the same one', () => {
    fc.assert(
      fc.property(arbLoop(), fc.integer({ min: -DAY, max: DAY }), fc.boolean(), (events, shift, first) => {
        const target = events[events.length - 1]!;
        const conflicting = { ...target, at: Math.max(0, target.at + shift) } as LoopEvent;
        const a = first ? [...events, conflicting] : [conflicting, ...events];
        const b = first ? [conflicting, ...events] : [...events, conflicting];
        expect(fold(a)).toEqual(fold(b));
        expect(mergeEvents(a)).toEqual(mergeEvents(b));
      }),
      { numRuns: 200 },
    );
  });
});

describe('merge: the union of copies', () => {
  // Three devices each hold part of one loop (with overlaps and conflicting copies of a few ids).
  const arbCopies = arbLoop().chain((events) =>
    fc.tuple(
      ...[0, 1, 2].map(() =>
        fc
          .subarray(events)
          .chain((sub) =>
            fc
              .array(fc.nat({ max: Math.max(0, sub.length - 1) }), { maxLength: 2 })
              .map((skewed) =>
                sub.map((e, i) => (skewed.includes(i) && e.type !== 'received' ? ({ ...e, at: e.at + 60_000 } as LoopEvent) : e)),
              ),
          ),
      ),
    ),
  );

  it('is commutative', () => {
    fc.assert(
      fc.property(arbCopies, ([a, b]) => {
        expect(mergeEvents(a!, b!)).toEqual(mergeEvents(b!, a!));
      }),
      { numRuns: 200 },
    );
  });
  it('is associative', () => {
    fc.assert(
      fc.property(arbCopies, ([a, b, c]) => {
        expect(mergeEvents(mergeEvents(a!, b!), c!)).toEqual(mergeEvents(a!, mergeEvents(b!, c!)));
      }),
      { numRuns: 200 },
    );
  });
  it('is idempotent', () => {
    fc.assert(
      fc.property(arbCopies, ([a, b]) => {
        expect(mergeEvents(a!, a!)).toEqual(mergeEvents(a!));
        const ab = mergeEvents(a!, b!);
        expect(mergeEvents(ab, b!)).toEqual(ab);
      }),
      { numRuns: 200 },
    );
  });
  it('folding a merge does not depend on who merged with whom', () => {
    fc.assert(
      fc.property(arbCopies, ([a, b, c]) => {
        const all = mergeEvents(a!, b!, c!);
        if (!all.some((e) => e.type === 'received')) return;
        expect(fold(mergeEvents(c!, mergeEvents(b!, a!)))).toEqual(fold(all));
      }),
      { numRuns: 200 },
    );
  });
});

/** A close that no reopen in the set names. */
const explicitlyClosed = (events: LoopEvent[]) => {
  const named = new Set(events.flatMap((e) => (e.type === 'reopened' && e.reopens ? [e.reopens] : [])));
  return events.some((e) => e.type === 'closed' && !named.has(e.id));
};

describe('no going back: closed stays closed without an explicit reopen', () => {
  it('whatever else arrives (touches, closes, escalations… but no reopen naming the close), a closed loop stays closed', () => {
    fc.assert(
      fc.property(arbLoop(), arbLoop({ allowReopen: false, idPrefix: 'x' }), (s, more) => {
        if (!explicitlyClosed(s)) return;
        const extra = more.filter((e) => e.type !== 'received' && e.type !== 'routed' && e.type !== 'closed');
        expect(fold(s).status).not.toBe('open');
        expect(fold([...s, ...extra]).status).not.toBe('open');
      }),
      { numRuns: 300 },
    );
  });

  it('skewed clocks (any event stamped hours or days off) cannot open a closed loop or close an open one', () => {
    fc.assert(
      fc.property(
        arbLoop().chain((events) =>
          fc.tuple(
            fc.constant(events),
            fc.array(fc.integer({ min: -5 * DAY, max: 5 * DAY }), { minLength: events.length, maxLength: events.length }),
          ),
        ),
        ([events, shifts]) => {
          const skewed = events.map((e, i) => (e.type === 'received' ? e : ({ ...e, at: Math.max(0, e.at + shifts[i]!) } as LoopEvent)));
          expect(fold(skewed).status === 'open').toBe(fold(events).status === 'open');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a reopen naming the close reopens it even when its clock is days behind', () => {
    const r = response({ respondedAt: T0 });
    const opened = openLoop(r, DEFAULT_POLICY, { calendar: cal, recordedAt: T0 });
    const close: LoopEvent = {
      id: 'c0',
      loopId: 'r1',
      at: T0 + 2 * DAY,
      actor: 'sam@vendor.example',
      type: 'closed',
      state: 'resolved',
      reason: 'done',
    };
    const reopen: LoopEvent = {
      id: 'o0',
      loopId: 'r1',
      at: T0 + HOUR,
      actor: 'kim@vendor.example',
      type: 'reopened',
      reason: 'back',
      reopens: 'c0',
    };
    expect(fold([...opened, close, reopen]).status).toBe('open');
    // and a later close (by causality: written after the reopen) closes it again, whatever its stamp
    const again: LoopEvent = { ...close, id: 'c1', at: T0 + 30 * 60_000, state: 'churned', reason: 'left' };
    expect(fold([...opened, close, reopen, again])).toMatchObject({ status: 'churned', closedReason: 'left' });
  });
});
