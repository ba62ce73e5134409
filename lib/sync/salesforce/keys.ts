/**
 * The one custom field Loopside asks an admin to add on Activity: `Loopside_Key__c`, Text(80),
 * External ID, Unique. A loop's Task carries `l:` + a hash of the loop id, an event's Task `e:` + a
 * hash of the event id. Unique makes the org itself refuse a second copy of an event (pushing twice
 * never writes twice, whichever teammate pushes); hashing keeps the key short and URL-safe (our
 * event ids contain `/`, which an upsert path cannot carry).
 */
export const KEY_FIELD = 'Loopside_Key__c';
export const EVENT_KEY_PREFIX = 'e:';
export const LOOP_KEY_PREFIX = 'l:';

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export const eventKey = async (eventId: string): Promise<string> => EVENT_KEY_PREFIX + (await sha256Hex(eventId)).slice(0, 40);
export const loopKey = async (loopId: string): Promise<string> => LOOP_KEY_PREFIX + (await sha256Hex(loopId)).slice(0, 40);
