import type { LoopEvent } from '@/lib/loop';
import { memoryMemo } from '@/lib/sync/hubspot/memo';
import type { IdempotencyMode } from '@/lib/sync/hubspot/adapter';
import type { Fault } from '../fake-hubspot/portal';
import { manualClock, T0 } from './helpers';
import { member, seededPortal } from './hubspot-kit';

/** A small deterministic generator, so a failing trial can be replayed from its seed. */
export function seededRandom(seed: number) {
  let s = Math.imul(seed, 2654435761) >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

export interface TrialResult {
  seed: number;
  mode: IdempotencyMode;
  events: number;
  lost: number;
  duplicated: number;
  requests: number;
  steps: number;
}

const UNIQUE_OBJECTS = ['calls', 'notes', 'emails', 'meetings', 'tasks'];

/**
 * One fault trial: a browser's events pushed to the fake portal through worker stops (a new adapter
 * on the same persisted memo), lost acknowledgements (the write happens, the answer does not
 * arrive), 429 storms, 503s and search that lags writes, until every event is acknowledged.
 * Counts what HubSpot ends up holding: each event must be there exactly once.
 */
export async function runHubSpotTrial(seed: number): Promise<TrialResult> {
  const random = seededRandom(seed);
  const clock = manualClock(T0);
  const mode: IdempotencyMode = random() < 0.5 ? 'upsert' : 'search';
  const { portal, contact } = seededPortal({
    now: clock.now,
    searchLagMs: Math.floor(random() * 20_000),
    retryAfterSeconds: 1 + Math.floor(random() * 5),
    uniqueAllowed: mode === 'upsert' ? UNIQUE_OBJECTS : [],
  });
  const memo = memoryMemo();
  const newWorker = () => member(portal, { contactId: contact.id, memo, searchLagMs: 30_000 });
  let worker = newWorker();
  const storm = { until: 0 };
  portal.fault = () => {
    if (clock.now() < storm.until) return '429';
    const r = random();
    if (r < 0.02) {
      storm.until = clock.now() + 3_000 + random() * 10_000;
      return '429';
    }
    if (r < 0.17) return 'drop_ack';
    if (r < 0.22) return 'network';
    if (r < 0.27) return '503';
    return null as Fault;
  };
  const channels = ['call', 'email', 'meeting'] as const;
  const events: LoopEvent[] = Array.from({ length: 5 + Math.floor(random() * 20) }, (_, i) =>
    random() < 0.6
      ? {
          id: `t${seed}-${i}`,
          loopId: `loop-${i % 4}`,
          at: T0 + i,
          actor: 'rep@acme.example',
          type: 'touch_logged',
          channel: channels[i % 3]!,
          outcome: 'reached',
          note: `n${i}`,
        }
      : { id: `t${seed}-${i}`, loopId: `loop-${i % 4}`, at: T0 + i, actor: 'rep@acme.example', type: 'reason_set', category: 'billing' },
  );
  const pending = new Set(events.map((e) => e.id));
  let steps = 0;
  while (pending.size > 0 && steps < 2_000) {
    steps++;
    clock.advance(Math.floor(random() * 4_000));
    if (random() < 0.1) worker = newWorker(); // the worker was stopped: only the persisted memo survives
    const batch = events.filter((e) => pending.has(e.id)).slice(0, worker.adapter.maxBatch);
    let outcomes;
    try {
      outcomes = await worker.adapter.pushEvents(batch);
    } catch {
      continue;
    }
    for (const o of outcomes) if (o.result === 'stored' || o.result === 'already_stored') pending.delete(o.eventId);
  }
  let lost = 0;
  let duplicated = 0;
  const all = [...portal.all('calls'), ...portal.all('notes'), ...portal.all('emails'), ...portal.all('meetings')];
  for (const e of events) {
    const copies = all.filter((o) => o.properties.loopside_event_id === e.id).length;
    if (copies === 0) lost++;
    if (copies > 1) duplicated += copies - 1;
  }
  return { seed, mode, events: events.length, lost, duplicated, requests: portal.log.length, steps };
}
