import { defineConfig } from 'vitest/config';

// End-to-end tests drive the built extension (`npm run build:test`) in real headless Chromium.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    // Ceilings, not expectations: on a loaded 2-core machine a browser launch alone can take 20 s.
    // Each test waits on conditions; these only stop a test that is truly stuck.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Two spec files at a time, each with its own browser, replica server (an ephemeral port) and
    // profile: most of an e2e test is waiting on the browser, so two overlap well even on 2 cores
    // (the whole suite at load 18–20 on 2 cores: 655 s, against ~840 s one file at a time at 11–18).
    fileParallelism: true,
    maxWorkers: 2,
  },
});
