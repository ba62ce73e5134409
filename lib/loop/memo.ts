/**
 * A bounded memo for pure functions of a string key: folding 100k loops in a background tick
 * must not re-run text rules or rebuild Intl formatters for inputs it has already seen.
 */
export function memoize<T>(fn: (key: string) => T, maxEntries = 5000): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as T;
    const value = fn(key);
    if (cache.size >= maxEntries) cache.clear();
    cache.set(key, value);
    return value;
  };
}
