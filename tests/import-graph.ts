import { readFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Our files and the packages a module reaches through value imports (`import type` is erased by the bundler). */
export function reachableFrom(entry: string): { files: string[]; packages: string[] } {
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
      // a style sheet adds no script
      if (!spec || spec.endsWith('.css')) continue;
      if (spec.startsWith('.') || spec.startsWith('@/')) {
        const base = spec.startsWith('@/') ? resolve(spec.slice(2)) : resolve(dirname(file), spec);
        const target = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((p) => existsSync(p) && /\.tsx?$/.test(p));
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
