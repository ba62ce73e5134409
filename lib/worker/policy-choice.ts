import { parsePolicy, PRESETS, type Policy } from '@/lib/loop';
import type { PolicyChoice } from '@/lib/db/settings';

/**
 * The policy an admin's choice stands for: a preset, with the public holidays of their region
 * in its business calendar. The version goes up with every change; loops already open keep the
 * due times they were given. (The options page expands the region into dates, so the holiday
 * database is not parsed on every service-worker start.)
 */
export function policyFromChoice(choice: PolicyChoice, holidays: readonly string[], current: Policy): Policy {
  const preset = PRESETS[choice.preset];
  const candidate = { ...preset, version: current.version + 1, calendar: { ...preset.calendar, holidays: [...new Set(holidays)].sort() } };
  const parsed = parsePolicy(candidate);
  if (!parsed.ok) throw new Error(`Policy rejected: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return parsed.policy;
}
