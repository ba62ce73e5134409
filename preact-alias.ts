/**
 * The extension is written against React's API and rendered by Preact (preact/compat). A sidebar
 * frame loads in every CRM tab, and React DOM alone is about 60 kB of gzipped script, the whole
 * budget of a sidebar; Preact is about 5. The build and the unit tests resolve the same way, so
 * the tests run the renderer that ships.
 */
export const PREACT_ALIASES = [
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react-dom\/test-utils$/, replacement: 'preact/test-utils' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
  { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-dev-runtime' },
  { find: /^react$/, replacement: 'preact/compat' },
];
