import { foldLoop } from '@/lib/loop';
import { appendEvents, loopEvents } from '@/lib/db/loops';
import { readClockContext } from '@/lib/db/engine-context';
import { eventFromAction } from '../actions';
import { openLoopRecord } from '../open-record';
import { Refusal, type Handlers } from '../router';
import type { WorkerServices } from '../services';

type LoopHandlers = Pick<Handlers, 'loop/act' | 'record/open' | 'record/seen' | 'tab/whoami'>;

/** What people do to loops, and the record pages the sidebars sit on. */
export function loopHandlers({ deps, scanSoon, sync }: WorkerServices): LoopHandlers {
  return {
    /** One person action → one event, written with its outbox entry in one transaction. Replaying the same eventId is a no-op. */
    async 'loop/act'(req) {
      const db = deps.db();
      const { policy, settings, calendar, calendarOf } = await readClockContext(db);
      const now = deps.now();
      // The loop on its owner's clock, before and after the action (a reassignment moves it to the new owner's).
      const ctx = { policy, calendar, calendarOf, now };
      const events = await loopEvents(db, req.loopId);
      if (!events.some((e) => e.type === 'received')) throw new Refusal(`No loop ${req.loopId}`);
      // Already recorded (a retry after the worker stopped mid-request): confirm, change nothing.
      if (events.some((e) => e.id === req.eventId)) return { eventId: req.eventId };
      const verdict = eventFromAction(req.action, {
        eventId: req.eventId,
        loopId: req.loopId,
        at: now,
        actor: settings.myEmail || 'me',
        state: foldLoop(events, ctx),
      });
      if (!verdict.ok) throw new Refusal(verdict.error);
      await appendEvents(db, [verdict.event], ctx, { queueForSync: true });
      sync.kick();
      // The action may end a warning: refresh the badge now rather than at the next tick.
      scanSoon(req.action.kind);
      return { eventId: verdict.event.id };
    },

    'record/open': (req) => openLoopRecord(deps.db(), req.loopId, { queueWhenUnknown: false }),

    async 'record/seen'(req, { tabId }) {
      const now = deps.now();
      await deps
        .db()
        .recordLinks.bulkPut(req.keys.map((key) => ({ key, url: req.url, seenAt: now, ...(tabId !== undefined ? { tabId } : {}) })));
      return undefined;
    },

    'tab/whoami': async (_req, { tabId }) => (tabId === undefined ? {} : { tabId }),
  };
}
