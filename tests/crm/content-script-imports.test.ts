import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reachableFrom } from '../import-graph';

/**
 * The content script imports lib/crm/adapter.ts on every CRM page load and has a 10 kB gzip
 * budget: everything reachable from the adapter must be our own small modules under lib/crm,
 * never zod, date libraries or React (zod schemas live in lib/crm/record-schema.ts for that).
 */
describe('what the content script pulls in through lib/crm/adapter.ts', () => {
  const { files, packages } = reachableFrom('lib/crm/adapter.ts');
  it('imports no package at all', () => {
    expect(packages).toEqual([]);
  });
  it('stays inside lib/crm and away from the zod schema', () => {
    const root = resolve('lib/crm');
    expect(files.every((f) => f.startsWith(root))).toBe(true);
    const names = files.map((f) => f.slice(root.length + 1));
    expect(names).toEqual(expect.arrayContaining(['adapter.ts', 'hubspot/page.ts', 'salesforce/page.ts', 'salesforce/id.ts', 'email.ts']));
    expect(names).not.toContain('record-schema.ts');
  });
});

describe('what the whole content script pulls in', () => {
  const { files, packages } = reachableFrom('entrypoints/crm.content/index.ts');
  it('uses only WXT’s browser and context helpers as packages', () => {
    expect(packages.filter((p) => !['wxt/browser', 'wxt/utils/content-script-context'].includes(p))).toEqual([]);
  });
  it('reaches nothing of the sidebar, the views, the messaging schemas or the engine', () => {
    const outside = files.filter(
      (f) => !f.startsWith(resolve('lib/crm')) && !f.startsWith(resolve('lib/page')) && !f.startsWith(resolve('entrypoints/crm.content')),
    );
    expect(outside).toEqual([]);
  });
});
