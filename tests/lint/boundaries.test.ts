import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

/**
 * The layer rules of eslint.config.js, checked on small sources placed where they would break a
 * rule: a boundary that stops firing would otherwise go unnoticed until the bundle grows or the
 * engine reads the clock.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId?.startsWith('no-restricted')).map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ['entrypoints/crm.content/probe.ts', "import Dexie from 'dexie';\nexport const d = Dexie;", /content script/],
    ['entrypoints/crm.content/probe.ts', "import { z } from 'zod';\nexport const s = z.string();", /no zod/],
    ['lib/page/probe.ts', "import { useState } from 'react';\nexport const u = useState;", /no React/],
    [
      'lib/page/probe.ts',
      "import { PageRecordSchema } from '@/lib/messaging/protocol';\nexport const p = PageRecordSchema;",
      /content script/,
    ],
    ['lib/crm/hubspot/page.ts', "import { getDb } from '@/lib/db/schema';\nexport const g = getDb;", /content script/],
    ['lib/loop/probe.ts', "import { getDb } from '@/lib/db/schema';\nexport const g = getDb;", /nothing of the layers/],
    ['lib/loop/probe.ts', "import { browser } from 'wxt/browser';\nexport const b = browser;", /pure/],
    ['lib/loop/probe.ts', 'export const t = () => Date.now();', /"now" from its caller/],
    ['lib/loop/probe.ts', 'export const t = () => new Date();', /"now" from its caller/],
    ['lib/loop/probe.ts', "export const f = () => fetch('https://example.com');", /pure/],
    ['components/probe/Probe.tsx', "import { getDb } from '@/lib/db/schema';\nexport const g = getDb;", /lib\/view hook/],
    ['components/probe/Probe.tsx', "import { scanLoops } from '@/lib/worker/scan';\nexport const s = scanLoops;", /lib\/view hook/],
    ['components/probe/Probe.tsx', "import { useLiveQuery } from 'dexie-react-hooks';\nexport const u = useLiveQuery;", /lib\/view hook/],
    ['lib/db/probe.ts', "import { planAlerts } from '@/lib/notify';\nexport const p = planAlerts;", /lib\/notify/],
    [
      'lib/view/probe.ts',
      "import { readCredential } from '@/lib/worker/credentials';\nexport const r = readCredential;",
      /background only/,
    ],
    [
      'entrypoints/options/probe.ts',
      "import { readCredential } from '@/lib/worker/credentials';\nexport const r = readCredential;",
      /background only/,
    ],
  ])('%s: %s is refused', async (file, code, reason) => {
    const found = await problems(file, code);
    expect(found.length, `no boundary problem reported for ${file}`).toBeGreaterThan(0);
    expect(found.join('\n')).toMatch(reason);
  });

  it.each([
    ['lib/page/probe.ts', "import type { PageRecord } from '@/lib/messaging/protocol';\nexport type P = PageRecord;"],
    ['lib/page/probe.ts', "import { recordFromUrl } from '@/lib/crm/hubspot/page';\nexport const r = recordFromUrl;"],
    ['lib/loop/probe.ts', "import { z } from 'zod';\nimport { foldLoop } from './fold';\nexport const s = [z, foldLoop];"],
    ['components/probe/Probe.tsx', "import type { LoopRow } from '@/lib/db/schema';\nexport type R = LoopRow;"],
    [
      'lib/worker/probe.ts',
      "import { getDb } from '@/lib/db/schema';\nimport { planAlerts } from '@/lib/notify';\nexport const w = [getDb, planAlerts];",
    ],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });
}, 60_000);
