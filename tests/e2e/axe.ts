import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';

/** axe-core's browser bundle, read once. */
let source: string | null = null;
function axeSource(): string {
  source ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return source;
}

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  /** CSS selectors of the offending nodes */
  targets: string[];
}

export interface AuditOptions {
  /** impacts that count (default: serious and critical) */
  impacts?: readonly string[];
  /** a selector to audit instead of the whole document */
  include?: string;
}

/**
 * Runs axe-core in a page or frame (an extension page too: the bundle is evaluated through the
 * DevTools protocol, which the page's Content-Security-Policy does not restrict) and returns the
 * violations of the given impacts, as plain data a test can print. Usage:
 *   expect(await audit(frame)).toEqual([]);
 */
export async function audit(target: Page | Frame, opts: AuditOptions = {}): Promise<AxeFinding[]> {
  const impacts = opts.impacts ?? ['serious', 'critical'];
  const loaded = await target.evaluate(() => typeof (globalThis as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await target.evaluate(axeSource());
  const violations = await target.evaluate(
    async ({ include }) => {
      const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown[] }> } }).axe;
      const result = await axe.run(include ? { include: [include] } : document, { resultTypes: ['violations'] });
      return result.violations as { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
    },
    { include: opts.include ?? null },
  );
  return violations
    .filter((v) => v.impact !== null && impacts.includes(v.impact))
    .map((v) => ({ id: v.id, impact: v.impact!, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}
