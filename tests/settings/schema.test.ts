import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { LoopsideDb } from '@/lib/db/schema';
import { readSettings, writeSettings } from '@/lib/db/settings';
import { isTeamMode, SettingsSchema } from '@/lib/settings/schema';

describe('sync target (a tagged union in settings)', () => {
  it('defaults to local mode', () => {
    expect(SettingsSchema.parse({ timeZone: 'UTC' }).sync).toEqual({ kind: 'none' });
  });

  it('takes each kind, with no credential anywhere', () => {
    const targets = [
      { kind: 'none' },
      { kind: 'http', url: 'https://relay.example/loopside' },
      { kind: 'hubspot' },
      { kind: 'hubspot', portalId: '24681357' },
      { kind: 'salesforce' },
      { kind: 'salesforce', instanceUrl: 'https://acme.my.salesforce.com' },
    ];
    for (const sync of targets) expect(SettingsSchema.parse({ timeZone: 'UTC', sync }).sync).toEqual(sync);
    // unknown keys (a token pasted into a stored record) are stripped, never kept
    expect(SettingsSchema.parse({ timeZone: 'UTC', sync: { kind: 'hubspot', token: 'pat-na1-secret' } }).sync).toEqual({ kind: 'hubspot' });
  });

  it('rejects what the adapters could not use safely', () => {
    for (const sync of [
      { kind: 'http', url: 'http://crm.example/events' },
      { kind: 'http', url: '' },
      { kind: 'hubspot', portalId: 'abc' },
      { kind: 'salesforce', instanceUrl: 'https://evil.example' },
      { kind: 'zoho' },
    ]) {
      expect(SettingsSchema.safeParse({ timeZone: 'UTC', sync }).success, JSON.stringify(sync)).toBe(false);
    }
  });
});

describe('migration from a stored bare syncUrl (issue)', () => {
  it('reads a URL as the http target and an empty one as local mode', () => {
    expect(SettingsSchema.parse({ timeZone: 'UTC', syncUrl: 'http://127.0.0.1:4100' }).sync).toEqual({
      kind: 'http',
      url: 'http://127.0.0.1:4100',
    });
    expect(SettingsSchema.parse({ timeZone: 'UTC', syncUrl: '' }).sync).toEqual({ kind: 'none' });
    const migrated = SettingsSchema.parse({ timeZone: 'UTC', syncUrl: 'https://relay.example' });
    expect('syncUrl' in migrated).toBe(false);
    expect(isTeamMode(migrated)).toBe(true);
  });

  it('a record that already has a target keeps it', () => {
    expect(SettingsSchema.parse({ timeZone: 'UTC', syncUrl: 'https://old.example', sync: { kind: 'hubspot' } }).sync).toEqual({
      kind: 'hubspot',
    });
  });

  it('an existing user keeps their target: the stored v1 record is read with it, and the next save writes the new shape', async () => {
    const db = new LoopsideDb(`settings-${process.pid}`);
    try {
      await db.kv.put({
        key: 'settings',
        value: { timeZone: 'Europe/Berlin', myEmail: 'mia@x.example', syncUrl: 'http://127.0.0.1:4100' },
      });
      const read = await readSettings(db);
      expect(read).toMatchObject({
        timeZone: 'Europe/Berlin',
        myEmail: 'mia@x.example',
        sync: { kind: 'http', url: 'http://127.0.0.1:4100' },
      });
      await writeSettings(db, read);
      expect((await db.kv.get('settings'))!.value).toMatchObject({ sync: { kind: 'http', url: 'http://127.0.0.1:4100' } });
      expect((await db.kv.get('settings'))!.value).not.toHaveProperty('syncUrl');
    } finally {
      await db.delete();
    }
  });
});

describe('how long closed loops are kept', () => {
  it('is 400 days unless set, a whole number of days from a month to ten years', () => {
    expect(SettingsSchema.parse({ timeZone: 'UTC' }).keepClosedLoopsDays).toBe(400);
    for (const days of [30, 90, 3650])
      expect(SettingsSchema.parse({ timeZone: 'UTC', keepClosedLoopsDays: days }).keepClosedLoopsDays).toBe(days);
    for (const days of [0, 29, 3651, 45.5, -1, '90'])
      expect(SettingsSchema.safeParse({ timeZone: 'UTC', keepClosedLoopsDays: days }).success, String(days)).toBe(false);
  });
});
