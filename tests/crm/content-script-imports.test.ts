import { readFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The content script imports lib/crm/adapter.ts on every CRM page load and has a 10 kB gzip
 * budget: everything reachable from the adapter must be our own small modules under lib/crm,
 * never zod, date libraries or React (zod schemas live in lib/crm/record-schema.ts for that).
 */
function reachableFrom(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    // `import type` is erased by the bundler: the page messages' types may come from the protocol
    // file, its zod schemas may not (eslint.config.js refuses a value import there as well).
    const specs = [...source.matchAll(/^\s*(?:import|export)\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    for (const spec of specs) {
      if (!spec) continue;
      if (spec.startsWith('.') || spec.startsWith('@/')) {
        const base = spec.startsWith('@/') ? resolve(spec.slice(2)) : resolve(dirname(file), spec);
        const target = [base, `${base}.ts`, `${base}/index.ts`].find((p) => existsSync(p) && p.endsWith('.ts'));
        if (!target) throw new Error(`cannot resolve ${spec} from ${file}`);
        visit(target);
      } else {
        packages.add(spec);
      }
    }
  };
  visit(resolve(entry));
  return { files: [...files], packages: [...packages] };
}

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
