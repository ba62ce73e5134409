// @ts-check
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/**
 * Lint, and the boundaries between the layers of DESIGN.md. A boundary broken here fails `npm test`
 * (which lints first): the rules say which folder may not import what, and why.
 */

const CRM_PAGE_SIDE = [
  'entrypoints/crm.content/**',
  'lib/page/**',
  'lib/crm/adapter.ts',
  'lib/crm/email.ts',
  'lib/crm/hosts.ts',
  'lib/crm/layout.ts',
  'lib/crm/types.ts',
  'lib/crm/*/page.ts',
  'lib/crm/salesforce/id.ts',
];

const contentScriptMessage =
  'The content script runs on every CRM page load (≤ 10 kB gzip) and in the CRM’s origin: no Dexie (its IndexedDB would be the CRM’s), no zod, no React. Put UI and data in the sidebar frame.';

/** Packages and modules that make code impure for lib/loop: the engine takes policy, events and now, and returns state. */
const impureForEngine = [
  {
    group: ['dexie', 'dexie-*', 'wxt', 'wxt/*', 'react', 'react-*', '@tanstack/*', 'zustand', 'node:*'],
    message: 'lib/loop stays pure: no storage, browser API, UI or Node.',
  },
  {
    group: ['@/lib/*', '!@/lib/loop', '!@/lib/loop/*', '@/components/*', '@/entrypoints/*'],
    message: 'lib/loop imports nothing of the layers around it.',
  },
];

export default tseslint.config(
  {
    ignores: [
      '.output/**',
      '.output-e2e/**',
      '.wxt/**',
      'node_modules/**',
      'demo-output/**',
      'bench-output/**',
      '**/*.js',
      '!eslint.config.js',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Tests build invalid input on purpose (a policy with a bad field, a payload of the wrong shape).
    files: ['tests/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['components/**/*.tsx', 'entrypoints/**/*.tsx', 'lib/view/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    files: CRM_PAGE_SIDE,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['dexie', 'dexie-*', 'zod', 'react', 'react-*', '@tanstack/*', 'zustand', 'date-fns', 'date-holidays', '@date-fns/*'],
              message: contentScriptMessage,
            },
            {
              group: ['@/lib/*', '!@/lib/crm', '!@/lib/crm/*', '!@/lib/page', '!@/lib/page/*', '@/lib/crm/record-schema', '@/components/*'],
              allowTypeImports: true,
              message: contentScriptMessage,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['lib/loop/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: impureForEngine }],
      'no-restricted-globals': [
        'error',
        ...['chrome', 'browser', 'indexedDB', 'fetch', 'localStorage', 'sessionStorage', 'performance'].map((name) => ({
          name,
          message: 'lib/loop stays pure: the caller passes what it needs.',
        })),
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'lib/loop takes "now" from its caller.',
        },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'lib/loop takes "now" from its caller.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'lib/loop is deterministic.' },
      ],
    },
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/lib/db', '@/lib/db/*', '@/lib/worker', '@/lib/worker/*', 'dexie', 'dexie-*'],
              // A row's type is a shape, not a dependency on the store.
              allowTypeImports: true,
              message: 'Components show what lib/view gives them: read the store through a lib/view hook, act through lib/messaging.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tokens are the background's alone: no page, view or component may reach the credential store.
    // (components/ and the content script are kept from lib/worker by their own rules above.)
    files: ['lib/view/**', 'entrypoints/sidebar/**', 'entrypoints/popup/**', 'entrypoints/options/**', 'entrypoints/dashboard/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/lib/worker/credentials'],
              message: 'CRM credentials are read and written by the background only (DESIGN.md, Credentials).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['lib/db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/lib/notify', '@/lib/notify/*'],
              message: 'lib/db stores rows; who gets alerted is lib/notify’s business, which reads the store, not the other way round.',
            },
          ],
        },
      ],
    },
  },
);
