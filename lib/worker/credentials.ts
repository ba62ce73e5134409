import * as z from 'zod/mini';
import type { LoopsideDb } from '@/lib/db/schema';

/**
 * CRM credentials, for the background's adapters only. They live in the extension-origin database
 * (not `storage.local`, which content scripts can read), are never put in a message or a log line,
 * and "Disconnect" removes them. A stored value that no longer fits its schema reads as absent:
 * the person is asked to connect again instead of the adapter sending garbage.
 */
export async function readCredential<S extends z.core.$ZodType>(db: LoopsideDb, target: string, schema: S): Promise<z.output<S> | null> {
  const row = await db.credentials.get(target);
  if (!row) return null;
  const parsed = z.safeParse(schema, row.value);
  return parsed.success ? parsed.data : null;
}

export async function saveCredential(db: LoopsideDb, target: string, value: unknown, now: number): Promise<void> {
  await db.credentials.put({ target, value, savedAt: now });
}

export async function clearCredential(db: LoopsideDb, target: string): Promise<void> {
  await db.credentials.delete(target);
}
