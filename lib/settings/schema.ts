import { z } from 'zod';
import { EmailSchema } from '@/lib/crm/record-schema';
import { isTimeZone, TimeZoneSchema } from '@/lib/loop/tz';
import { RoleSchema } from '@/lib/people/schema';

/**
 * Where the local sync adapter sends and reads events: an https URL, or http on loopback only
 * (a fake CRM on this machine). '' keeps everything in this browser (local mode).
 */
const SyncUrlSchema = z.union([
  z.literal(''),
  z.url().refine((u) => {
    const url = new URL(u);
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));
  }, 'must be https, or http on this machine (127.0.0.1 or localhost)'),
]);

/**
 * What one Loopside user has set in options. Stored in Dexie, validated on every read and write,
 * so a stored record from an older version or a hand-edited one can never crash a view.
 */
export const SettingsSchema = z.object({
  /** My time zone, and the owners' business time zone for owners the team directory does not know. */
  timeZone: TimeZoneSchema,
  /** Who I am: whose loops are "mine"; empty = every loop is mine (one-person local mode). */
  myEmail: z.union([z.literal(''), EmailSchema]).default(''),
  /** What I am in the loop: decides which team alerts reach me. */
  role: RoleSchema.default('rep'),
  /** Lock screens show notifications: the contact name can be left out of them. */
  showContactNameInNotifications: z.boolean().default(true),
  /** Hold notifications outside my working hours, except (by default) for critical recovery loops. */
  quietHours: z
    .object({ enabled: z.boolean().default(true), exceptCritical: z.boolean().default(true) })
    .default({ enabled: true, exceptCritical: true }),
  syncUrl: SyncUrlSchema.default(''),
});
export type Settings = z.infer<typeof SettingsSchema>;

export function defaultSettings(systemTimeZone: string): Settings {
  return SettingsSchema.parse({ timeZone: isTimeZone(systemTimeZone) ? systemTimeZone : 'UTC' });
}
