/** Bytes hashed per step: a slice at a time, so a large export is never held whole. */
const SLICE_BYTES = 4 * 1024 * 1024;

const hex = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');

/**
 * What makes two reads of an export give the same responses: its bytes (SHA-256, chained over
 * slices) and `context`, everything else the reading depends on (time zone, remembered columns).
 * A file imported in full before can then be recognised without parsing it again.
 */
export async function fileFingerprint(source: Blob | string, context: string): Promise<string> {
  const blob = typeof source === 'string' ? new Blob([source]) : source;
  const encoder = new TextEncoder();
  let chain = await crypto.subtle.digest('SHA-256', encoder.encode(`loopside-import-v1\n${context}\n${blob.size}`));
  for (let at = 0; at < blob.size || at === 0; at += SLICE_BYTES) {
    const slice = new Uint8Array(await blob.slice(at, at + SLICE_BYTES).arrayBuffer());
    const step = new Uint8Array(32 + slice.length);
    step.set(new Uint8Array(chain), 0);
    step.set(slice, 32);
    chain = await crypto.subtle.digest('SHA-256', step);
    if (blob.size === 0) break;
  }
  return hex(chain);
}
