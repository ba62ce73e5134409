import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reachableFrom } from '../import-graph';

/**
 * The sidebar frame loads in every CRM tab: it reads through the background and opens no store,
 * so neither Dexie nor the database module may be reachable from its entry.
 */
describe('what the sidebar frame pulls in', () => {
  const { files, packages } = reachableFrom('entrypoints/sidebar/main.tsx');
  it('no IndexedDB library', () => {
    expect(packages.filter((p) => p.startsWith('dexie'))).toEqual([]);
  });
  it('not the database module, nor the worker itself', () => {
    expect(files).not.toContain(resolve('lib/db/schema.ts'));
    expect(files).not.toContain(resolve('lib/worker/worker.ts'));
  });
});
