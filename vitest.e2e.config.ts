import { defineConfig } from 'vitest/config';

// End-to-end tests drive the built extension (`npm run build:test`) in real headless Chromium.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
