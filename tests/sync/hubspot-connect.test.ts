import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { LoopsideDb } from '@/lib/db/schema';
import { readSettings } from '@/lib/db/settings';
import { pauseSync } from '@/lib/sync/pause';
import { teamHandlers } from '@/lib/worker/handlers/team';
import { Refusal } from '@/lib/worker/router';
import type { WorkerServices } from '@/lib/worker/services';
import type { SyncRunner } from '@/lib/worker/sync-runner';
import { ALL_SCOPES, seededPortal, TOKEN } from './hubspot-kit';

let n = 0;
function setup(scopes = ALL_SCOPES) {
  const { portal } = seededPortal();
  portal.tokens.clear();
  portal.addToken(TOKEN, scopes);
  const db = new LoopsideDb(`hubspot-connect-${process.pid}-${++n}`);
  const logged: string[] = [];
  const sync = { kick() {}, async reconcile() {} } as unknown as SyncRunner;
  const services = {
    deps: { db: () => db, now: () => Date.now(), newId: () => crypto.randomUUID(), log: (m: string) => logged.push(m) },
    sync,
    scan: async () => {},
    scanSoon() {},
  } as WorkerServices;
  const handlers = teamHandlers(services, { fetch: portal.fetch });
  const call = <K extends keyof typeof handlers>(type: K, req: Parameters<(typeof handlers)[K]>[0]) =>
    (handlers[type] as (r: unknown) => Promise<unknown>)(req);
  return { portal, db, handlers, call, logged };
}

describe('options → Team mode → HubSpot', () => {
  it('connect checks the token once for the portal, names missing scopes, stores the token only in the credential store', async () => {
    const { db, call, logged } = setup(ALL_SCOPES.filter((s) => s !== 'crm.objects.feedback_submissions.read'));
    const reply = await call('hubspot/connect', { type: 'hubspot/connect', token: TOKEN });
    expect(reply).toEqual({
      portalId: '24681357',
      uiDomain: 'app-eu1.hubspot.com',
      missingScopes: ['crm.objects.feedback_submissions.read'],
    });
    expect(JSON.stringify(reply)).not.toContain(TOKEN);
    expect((await readSettings(db)).sync).toEqual({ kind: 'hubspot', portalId: '24681357' });
    expect((await db.credentials.get('hubspot:24681357'))?.value).toEqual({ token: TOKEN });
    expect(JSON.stringify(await db.kv.toArray())).not.toContain(TOKEN);
    expect(logged.join('\n')).not.toContain(TOKEN);
  });

  it('a token HubSpot refuses is refused in words and changes nothing', async () => {
    const { db, call } = setup();
    await expect(call('hubspot/connect', { type: 'hubspot/connect', token: 'pat-eu1-not-a-real-token' })).rejects.toThrow(Refusal);
    expect((await readSettings(db)).sync.kind).toBe('none');
    expect(await db.credentials.count()).toBe(0);
  });

  it('status says paused in words after a 401, and Disconnect removes the token and goes back to local mode', async () => {
    const { db, call } = setup();
    await call('hubspot/connect', { type: 'hubspot/connect', token: TOKEN });
    await pauseSync(db, { reason: 'auth', target: 'hubspot:24681357', message: 'HTTP 401', at: Date.now() });
    const status = (await call('sync/status', { type: 'sync/status' })) as { connected: boolean; paused: string | null };
    expect(status.connected).toBe(true);
    expect(status.paused).toMatch(/HubSpot no longer accepts the token.*nothing was lost/);
    await call('hubspot/disconnect', { type: 'hubspot/disconnect' });
    expect(await db.credentials.count()).toBe(0);
    expect((await readSettings(db)).sync.kind).toBe('none');
  });
});
