import { DEFAULT_POLICY, DEFAULT_PRESET_ID, parsePolicy, PresetIdSchema, type Policy, type PresetId } from '@/lib/loop';
import { defaultSettings, SettingsSchema, type Settings } from '@/lib/settings/schema';
import type { LoopsideDb } from './schema';

const SETTINGS_KEY = 'settings';
const POLICY_KEY = 'policy';

export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Stored settings, or the defaults when none are stored or the stored ones no longer validate. */
export async function readSettings(db: LoopsideDb): Promise<Settings> {
  const row = await db.kv.get(SETTINGS_KEY);
  const parsed = SettingsSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : defaultSettings(systemTimeZone());
}

export async function writeSettings(db: LoopsideDb, input: unknown): Promise<Settings> {
  const settings = SettingsSchema.parse(input);
  await db.kv.put({ key: SETTINGS_KEY, value: settings });
  return settings;
}

export async function readPolicy(db: LoopsideDb): Promise<Policy> {
  const row = await db.kv.get(POLICY_KEY);
  if (row === undefined) return DEFAULT_POLICY;
  const parsed = parsePolicy(row.value);
  return parsed.ok ? parsed.policy : DEFAULT_POLICY;
}

export interface PolicyChoice {
  preset: PresetId;
  holidayRegion: string;
}
const POLICY_CHOICE_KEY = 'policyChoice';

export async function readPolicyChoice(db: LoopsideDb): Promise<PolicyChoice> {
  const row = await db.kv.get(POLICY_CHOICE_KEY);
  const value = row?.value as Partial<PolicyChoice> | undefined;
  const preset = PresetIdSchema.safeParse(value?.preset);
  return { preset: preset.success ? preset.data : DEFAULT_PRESET_ID, holidayRegion: value?.holidayRegion ?? '' };
}

/** Stores a validated policy (new version) and the choice it was built from, in one write. */
export async function writePolicy(db: LoopsideDb, policy: Policy, choice: PolicyChoice): Promise<void> {
  await db.transaction('rw', db.kv, async () => {
    await db.kv.put({ key: POLICY_KEY, value: policy });
    await db.kv.put({ key: POLICY_CHOICE_KEY, value: choice });
  });
}
