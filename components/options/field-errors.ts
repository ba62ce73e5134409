import type { z } from 'zod';

/**
 * A zod failure as one sentence per field, keyed by the field's path ("quietHours.enabled"), for
 * showing next to the input it belongs to. Schema messages that are fragments ("is not an IANA
 * time zone") get the field's label in front; whole messages are kept as they are.
 */
export function fieldErrors(issues: readonly z.core.$ZodIssue[], labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '(form)';
    if (out[key] !== undefined) continue;
    const label = labels[key] ?? labels[String(issue.path[0] ?? '')] ?? '';
    const message = issue.message.trim();
    const fragment = /^(is|must|are|has|cannot)\b/.test(message);
    if (fragment && label) out[key] = `${label} ${message}.`;
    else out[key] = `${message.charAt(0).toUpperCase()}${message.slice(1)}${/[.!?]$/.test(message) ? '' : '.'}`;
  }
  return out;
}
