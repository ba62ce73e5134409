import type { LoopEvent } from './schemas';

/**
 * Merging copies of a loop is the union of their events (DESIGN.md "Events are the truth").
 *
 * Two copies of one event id should be identical. When they are not (a client that edited an event
 * before pushing it, a CRM that rounded a timestamp), both devices must still keep the same one,
 * or the fold would depend on which copy arrived first: the copy with the earlier `at` wins, then
 * the one whose canonical JSON sorts first. That makes the union commutative, associative and
 * idempotent, and the fold independent of arrival order and duplication.
 */

/** JSON with object keys sorted, so two equal events serialise identically whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Which of two copies of the same event id is kept: negative when `a` wins. */
export function compareCopies(a: LoopEvent, b: LoopEvent): number {
  if (a === b) return 0;
  if (a.at !== b.at) return a.at - b.at;
  const ja = canonicalJson(a);
  const jb = canonicalJson(b);
  return ja < jb ? -1 : ja > jb ? 1 : 0;
}

/** The causal order every device folds in: by time, then by id. */
export const compareEvents = (a: LoopEvent, b: LoopEvent): number => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * One copy per id (the canonical one), in (at, id) order. Sorting first puts the earliest copy of
 * an id ahead of the others (and copies with the same `at` next to each other), so one pass keeps
 * the canonical copy without a map: this runs for every loop on every background tick.
 */
export function orderEvents(events: readonly LoopEvent[]): LoopEvent[] {
  if (isOrderedAndUnique(events)) return events.slice();
  const sorted = events.slice().sort(compareEvents);
  const out: LoopEvent[] = [];
  let seen: Set<string> | undefined;
  for (const e of sorted) {
    const prev = out[out.length - 1];
    if (prev !== undefined && prev.id === e.id && prev.at === e.at) {
      if (compareCopies(e, prev) < 0) out[out.length - 1] = e;
      continue;
    }
    if (seen) {
      if (seen.has(e.id)) continue;
      seen.add(e.id);
    } else if (out.length < 12) {
      if (out.some((o) => o.id === e.id)) continue;
    } else {
      seen = new Set(out.map((o) => o.id));
      if (seen.has(e.id)) continue;
      seen.add(e.id);
    }
    out.push(e);
  }
  return out;
}

/** The common case (a store that hands events back in order, no copies), checked without allocating. */
function isOrderedAndUnique(events: readonly LoopEvent[]): boolean {
  const n = events.length;
  if (n > 16) return false;
  for (let i = 1; i < n; i++) {
    const a = events[i - 1]!;
    const b = events[i]!;
    if (a.at > b.at || (a.at === b.at && a.id >= b.id)) return false;
    for (let j = 0; j < i; j++) if (events[j]!.id === b.id) return false;
  }
  return true;
}

/** The union of any number of copies of a loop's (or many loops') events, deduplicated and ordered. */
export function mergeEvents(...copies: readonly (readonly LoopEvent[])[]): LoopEvent[] {
  return orderEvents(copies.flat());
}
