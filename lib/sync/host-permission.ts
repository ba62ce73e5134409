import type { SyncTarget } from '@/lib/settings/schema';

/**
 * The CRM API hosts team mode may call. Declared as optional host permissions in wxt.config.ts and
 * requested one at a time when the user connects a target, never at install: local mode users grant
 * nothing, and a HubSpot team never grants Salesforce.
 */
export const HUBSPOT_API_ORIGIN = 'https://api.hubapi.com/*';
export const SALESFORCE_API_ORIGINS = ['https://*.my.salesforce.com/*', 'https://*.my.salesforce.mil/*'] as const;
export const CRM_API_ORIGINS: readonly string[] = [HUBSPOT_API_ORIGIN, ...SALESFORCE_API_ORIGINS];

/** The part of `browser.permissions` this needs, so tests pass a fake. */
export interface PermissionsApi {
  contains(permissions: { origins: string[] }): Promise<boolean>;
  request(permissions: { origins: string[] }): Promise<boolean>;
}

/**
 * The origins a target needs: none for local mode and for the http relay (it answers CORS itself);
 * HubSpot's API host; a Salesforce org's own My Domain host when known, else every org's.
 */
export function originsFor(target: SyncTarget): string[] {
  switch (target.kind) {
    case 'none':
    case 'http':
      return [];
    case 'hubspot':
      return [HUBSPOT_API_ORIGIN];
    case 'salesforce': {
      if (!target.instanceUrl) return [...SALESFORCE_API_ORIGINS];
      return [`https://${new URL(target.instanceUrl).hostname.toLowerCase()}/*`];
    }
  }
}

export type HostPermissionResult = { granted: true; origins: string[] } | { granted: false; origins: string[]; reason: string };

/**
 * Asks for the hosts the target needs. Call it straight from the click or submit handler in options:
 * `permissions.request` needs the user gesture, which an await on anything else before it may lose.
 * Already granted hosts are not asked again.
 */
export async function requestHostPermission(target: SyncTarget, permissions: PermissionsApi): Promise<HostPermissionResult> {
  const origins = originsFor(target);
  if (origins.length === 0) return { granted: true, origins };
  let granted: boolean;
  try {
    granted = await permissions.request({ origins });
  } catch (e) {
    return { granted: false, origins, reason: e instanceof Error ? e.message : String(e) };
  }
  if (!granted) return { granted: false, origins, reason: `access to ${origins.join(', ')} was not granted` };
  return { granted: true, origins };
}

/** Whether the target's hosts are granted now (the user can revoke them in the browser at any time). */
export async function hasHostPermission(target: SyncTarget, permissions: PermissionsApi): Promise<boolean> {
  const origins = originsFor(target);
  return origins.length === 0 || permissions.contains({ origins });
}
