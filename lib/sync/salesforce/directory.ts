import type { LoopsideDb } from '@/lib/db/schema';
import { readSettings } from '@/lib/db/settings';
import { id18 } from './tasks';

/**
 * What the adapter needs to know about a loop and a person that the event alone does not say: the
 * contact (WhoId) and account (WhatId) of a loop, and a person's Salesforce User id (OwnerId). Read
 * from the local store, where team polls put them (responses carry the contact and account, the
 * directory the User ids); a test passes maps.
 */
export interface SalesforceDirectory {
  loop(loopId: string): Promise<LoopLinks | undefined>;
  userId(email: string): Promise<string | undefined>;
  /** who this browser's user is ('' when not set): decides who writes what every member imported */
  me(): Promise<string>;
}

export interface LoopLinks {
  contactId?: string;
  accountId?: string;
  ownerEmail?: string;
  /** a person has acted on the loop (not only the import's own events) */
  touched?: boolean;
}

export function dexieDirectory(db: () => LoopsideDb): SalesforceDirectory {
  return {
    async loop(loopId) {
      const row = await db().loops.get(loopId);
      if (!row) return undefined;
      const contactId = id18(row.salesforceId);
      const accountId = id18(row.accountId);
      const touched = (await db().events.where('loopId').equals(loopId).toArray()).some((e) => e.actor.includes('@'));
      return {
        touched,
        ...(contactId ? { contactId } : {}),
        ...(accountId ? { accountId } : {}),
        ...(row.ownerEmail ? { ownerEmail: row.ownerEmail } : {}),
      };
    },
    async userId(email) {
      if (!email) return undefined;
      const person = await db().people.get(email.toLowerCase());
      return id18(person?.crmUserId);
    },
    me: async () => (await readSettings(db())).myEmail.toLowerCase(),
  };
}
