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
    fileParallelism: false,
  },
});
