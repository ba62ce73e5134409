import { defineConfig } from 'wxt';
import { CRM_ORIGIN_MATCHES } from './lib/crm/hosts';

// Host permissions stay empty: the content script's `matches` is the only access we need
// (local mode never calls a CRM API). Team mode will add the API hosts it uses, and no more.
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  // The e2e build (test hooks on) goes to its own folder so it never passes for the product build.
  outDir: process.env.LOOPSIDE_OUT_DIR ?? '.output',
  manifest: ({ mode }) => ({
    name: 'Loopside',
    description:
      'Close the customer-feedback loop on the HubSpot or Salesforce record: score, verbatim, route, SLA clock.',
    permissions: ['storage', 'alarms', 'notifications', 'unlimitedStorage'],
    web_accessible_resources: [{ resources: ['sidebar.html'], matches: CRM_ORIGIN_MATCHES }],
    ...(mode === 'e2e' ? { name: 'Loopside (e2e)' } : {}),
  }),
});
