import { defineConfig } from 'wxt';
import { CRM_ORIGIN_MATCHES } from './lib/crm/hosts';
import { CRM_API_ORIGINS } from './lib/sync/host-permission';

// Required host permissions stay empty: the content script's `matches` is the only access local
// mode needs. The CRM API hosts team mode calls are optional, requested when the user connects.
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  // The e2e build (test hooks on) goes to its own folder so it never passes for the product build.
  outDir: process.env.LOOPSIDE_OUT_DIR ?? '.output',
  manifest: ({ mode }) => ({
    name: 'Loopside',
    description: 'Close the customer-feedback loop on the HubSpot or Salesforce record: score, verbatim, route, SLA clock.',
    permissions: ['storage', 'alarms', 'notifications', 'unlimitedStorage'],
    // Salesforce team mode reads the org's `sid` cookie (cookies) or signs in with OAuth (identity): asked for when turned on.
    optional_permissions: ['cookies', 'identity'],
    optional_host_permissions: [...CRM_API_ORIGINS],
    web_accessible_resources: [{ resources: ['sidebar.html'], matches: CRM_ORIGIN_MATCHES }],
    ...(mode === 'e2e' ? { name: 'Loopside (e2e)' } : {}),
  }),
});
