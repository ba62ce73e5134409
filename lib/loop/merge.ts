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

/** One copy per id (the canonical one), in (at, id) order. */
export function orderEvents(events: readonly LoopEvent[]): LoopEvent[] {
  const unique = new Map<string, LoopEvent>();
  for (const e of events) {
    const seen = unique.get(e.id);
    if (seen === undefined || compareCopies(e, seen) < 0) unique.set(e.id, e);
  }
  return [...unique.values()].sort(compareEvents);
}

/** The union of any number of copies of a loop's (or many loops') events, deduplicated and ordered. */
export function mergeEvents(...copies: readonly (readonly LoopEvent[])[]): LoopEvent[] {
  return orderEvents(copies.flat());
}
