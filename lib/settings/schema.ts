import { z } from 'zod';

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/**
 * What one Loopside user has set in options. Stored in Dexie, validated on every read and write,
 * so a stored record from an older version or a hand-edited one can never crash a view.
 */
export const SettingsSchema = z.object({
  /** The owners' business time zone: local mode has one calendar for everyone. */
  timeZone: z.string().refine(isTimeZone, { message: 'is not an IANA time zone (e.g. Europe/Berlin)' }),
  /** Whose loops are "mine" for the badge and notifications; empty = every loop is mine (one-person local mode). */
  myEmail: z.union([z.literal(''), z.email()]).default(''),
  /** Lock screens show notifications: the contact name can be left out of them. */
  showContactNameInNotifications: z.boolean().default(true),
});
export type Settings = z.infer<typeof SettingsSchema>;

export function defaultSettings(systemTimeZone: string): Settings {
  return { timeZone: isTimeZone(systemTimeZone) ? systemTimeZone : 'UTC', myEmail: '', showContactNameInNotifications: true };
}
