import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import { PREACT_ALIASES } from './preact-alias';

export default defineConfig({
  plugins: [WxtVitest()],
  resolve: { alias: PREACT_ALIASES },
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    // The background and options set zod's English messages (lib/zod-messages.ts); tests read them too.
    setupFiles: ['lib/zod-messages.ts'],
    // Inlined, so it renders with the same (ES module) copy of Preact as the components it tests.
    server: { deps: { inline: ['@testing-library/preact'] } },
    // Test files run in parallel, one worker per core (vitest's run-mode default leaves a core idle,
    // which on a 2-core CI machine means one file at a time). Threads start faster than forks.
    pool: 'threads',
    maxWorkers: Math.max(2, availableParallelism()),
    // A ceiling, not an expectation: the property tests and fake IndexedDB take seconds on a
    // loaded 2-core machine, and no test may fail only because the machine is slow.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
