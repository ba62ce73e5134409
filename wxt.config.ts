import { defineConfig } from 'wxt';
import { PREACT_ALIASES } from './preact-alias';
import { CRM_ORIGIN_MATCHES } from './lib/crm/hosts';
import { CRM_API_ORIGINS, HUBSPOT_API_ORIGIN, SALESFORCE_API_ORIGINS } from './lib/sync/host-permission';

// Required host permissions stay empty: the content script's `matches` is the only access local
// mode needs. The CRM API hosts team mode calls are optional, requested when the user connects.
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  // React's API, Preact's renderer: see preact-alias.ts.
  // Dynamic imports load from the extension's own files: no preload helper (~1 kB in every CRM tab) needed.
  vite: () => ({ resolve: { alias: PREACT_ALIASES }, build: { modulePreload: false } }),
  // The e2e build (test hooks on) goes to its own folder so it never passes for the product build.
  outDir: process.env.LOOPSIDE_OUT_DIR ?? '.output',
  manifest: ({ mode, browser }) => ({
    name: 'Loopside',
    description: 'Close the customer-feedback loop on the HubSpot or Salesforce record: score, verbatim, route, SLA clock.',
    permissions: ['storage', 'alarms', 'notifications', 'unlimitedStorage'],
    // The palette is written with CSS light-dark() (components/theme.css), which Chrome has since 123.
    ...(browser === 'chrome' ? { minimum_chrome_version: '123' } : {}),
    // Salesforce team mode reads the org's `sid` cookie (cookies) or signs in with OAuth (identity): asked for when turned on.
    optional_permissions: ['cookies', 'identity'],
    optional_host_permissions: [...CRM_API_ORIGINS],
    web_accessible_resources: [{ resources: ['sidebar.html'], matches: CRM_ORIGIN_MATCHES }],
    // Keyboard users reach the sidebar without tabbing through the whole CRM page.
    commands: {
      'focus-sidebar': { suggested_key: { default: 'Alt+Shift+L' }, description: 'Move focus into the Loopside sidebar on the CRM record' },
    },
    // Nothing in Playwright answers a permission prompt: the e2e build holds HubSpot's API host from
    // install (see e2e-notes); the production manifest keeps it optional (tests/e2e/manifest.e2e.ts).
    // Salesforce team mode's `cookies` and org hosts likewise (tests/e2e/salesforce-team.e2e.ts).
    ...(mode === 'e2e'
      ? {
          name: 'Loopside (e2e)',
          host_permissions: [HUBSPOT_API_ORIGIN, ...SALESFORCE_API_ORIGINS],
          // the permissions above, and `cookies`
          permissions: ['storage', 'alarms', 'notifications', 'unlimitedStorage', 'cookies'],
        }
      : {}),
  }),
});
