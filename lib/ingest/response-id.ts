/**
 * A response's id, derived from what identifies it (who answered, when, on which scale, what
 * score), so the same export imported twice yields the same ids and creates no duplicate loops.
 * FNV-1a over two seeds gives 64 bits: collisions are not a practical concern at survey volumes.
 */
export function responseId(parts: readonly (string | number | undefined)[]): string {
  const text = parts.map((p) => (p === undefined ? '' : String(p))).join('\u241F');
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193 ^ 0x2c1b3c6d);
  }
  return `r_${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`;
}
