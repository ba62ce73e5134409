import * as z from 'zod/mini';
import { EmailSchema } from '@/lib/crm/record-schema';
import { isTimeZone, TimeZoneSchema } from '@/lib/loop/tz';
import { RoleSchema } from '@/lib/people/schema';

/**
 * Where the local sync adapter sends and reads events: an https URL, or http on loopback only
 * (a fake CRM on this machine).
 */
const HttpUrlSchema = z.url().check(
  z.refine((u) => {
    const url = URL.parse(u);
    return (
      url !== null &&
      (url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)))
    );
  }, 'must be https, or http on this machine (127.0.0.1 or localhost)'),
);

/** A Salesforce org's My Domain host (e.g. https://acme.my.salesforce.com), the only hosts we may be granted. */
const SalesforceInstanceSchema = z.url().check(
  z.refine((u) => {
    const url = URL.parse(u);
    return url !== null && url.protocol === 'https:' && /^[a-z0-9-]+(\.[a-z0-9-]+)*\.my\.salesforce\.(com|mil)$/i.test(url.hostname);
  }, 'must be your org’s https://….my.salesforce.com address'),
);

/**
 * Where this browser syncs to. `none` is local mode: nothing leaves the browser. No credential is
 * ever part of it: tokens live in the background only (see DESIGN.md, Credentials).
 */
export const SyncTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('http'), url: HttpUrlSchema }),
  z.object({
    kind: z.literal('hubspot'),
    portalId: z.optional(z.string().check(z.regex(/^\d{1,12}$/, 'must be the portal (hub) id: digits only'))),
  }),
  z.object({ kind: z.literal('salesforce'), instanceUrl: z.optional(SalesforceInstanceSchema) }),
]);
export type SyncTarget = z.infer<typeof SyncTargetSchema>;
export type SyncTargetKind = SyncTarget['kind'];

/**
 * Settings stored before sync targets had kinds carry a bare `syncUrl` ('' = local mode): read it
 * as the target it meant, so an existing user keeps syncing where they did. A record that has both
 * keeps its `sync`.
 */
function migrateSyncUrl(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || !('syncUrl' in input)) return input;
  const { syncUrl, ...rest } = input as { syncUrl: unknown } & Record<string, unknown>;
  if ('sync' in rest) return rest;
  if (syncUrl === '' || syncUrl === undefined || syncUrl === null) return { ...rest, sync: { kind: 'none' } };
  return { ...rest, sync: { kind: 'http', url: syncUrl } };
}

/** Bounds and default of `keepClosedLoopsDays` (see SettingsSchema). */
export const MIN_KEEP_CLOSED_DAYS = 30;
export const MAX_KEEP_CLOSED_DAYS = 3650;
export const DEFAULT_KEEP_CLOSED_DAYS = 400;

/**
 * What one Loopside user has set in options. Stored in Dexie, validated on every read and write,
 * so a stored record from an older version or a hand-edited one can never crash a view.
 */
export const SettingsSchema = z.pipe(
  z.transform(migrateSyncUrl),
  z.object({
    /** My time zone, and the owners' business time zone for owners the team directory does not know. */
    timeZone: TimeZoneSchema,
    /** Who I am: whose loops are "mine"; empty = every loop is mine (one-person local mode). */
    myEmail: z._default(z.union([z.literal(''), EmailSchema]), ''),
    /** What I am in the loop: decides which team alerts reach me. */
    role: z._default(RoleSchema, 'rep'),
    /** Lock screens show notifications: the contact name can be left out of them. */
    showContactNameInNotifications: z._default(z.boolean(), true),
    /** Hold notifications outside my working hours, except (by default) for critical recovery loops. */
    quietHours: z._default(z.object({ enabled: z._default(z.boolean(), true), exceptCritical: z._default(z.boolean(), true) }), {
      enabled: true,
      exceptCritical: true,
    }),
    sync: z._default(SyncTargetSchema, { kind: 'none' }),
    /**
     * How long a closed loop's events stay after its last event, in days; the daily prune removes
     * older ones (never one still waiting to sync). At least a month, so a loop closed by mistake can
     * be found and reopened; at most ten years. The default keeps a year-on-year KPI whole.
     */
    keepClosedLoopsDays: z._default(
      z
        .int('must be a whole number of days')
        .check(
          z.minimum(MIN_KEEP_CLOSED_DAYS, `must be at least ${MIN_KEEP_CLOSED_DAYS} days`),
          z.maximum(MAX_KEEP_CLOSED_DAYS, `must be at most ${MAX_KEEP_CLOSED_DAYS} days (ten years)`),
        ),
      DEFAULT_KEEP_CLOSED_DAYS,
    ),
  }),
);
export type Settings = z.infer<typeof SettingsSchema>;

/** Team mode: some target other than 'none' is set. */
export const isTeamMode = (settings: Pick<Settings, 'sync'>) => settings.sync.kind !== 'none';

export function defaultSettings(systemTimeZone: string): Settings {
  return SettingsSchema.parse({ timeZone: isTimeZone(systemTimeZone) ? systemTimeZone : 'UTC' });
}
