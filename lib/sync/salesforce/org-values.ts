import type { SalesforceClient } from '@/lib/crm/salesforce/api/client';
import { TaskPriorityRecordSchema, TaskStatusRecordSchema } from '@/lib/crm/salesforce/api/schemas';
import { SyncError } from '../errors';

/**
 * The Task picklist values this org uses. Status and Priority are per-org picklists (an org may call
 * its closed status "Done" or "Erledigt"): Loopside reads TaskStatus (`IsClosed`, `IsDefault`) and
 * TaskPriority (`IsHighPriority`, `IsDefault`) once per worker, in one composite call, and never
 * writes a word of its own into either field.
 */
export interface TaskValues {
  open: string;
  closed: string;
  high: string;
  normal: string;
}

const STATUS_SOQL = 'SELECT ApiName, MasterLabel, IsClosed, IsDefault, SortOrder FROM TaskStatus ORDER BY SortOrder';
const PRIORITY_SOQL = 'SELECT ApiName, MasterLabel, IsHighPriority, IsDefault, SortOrder FROM TaskPriority ORDER BY SortOrder';

const valueOf = (r: { ApiName?: string | null | undefined; MasterLabel: string }) => r.ApiName || r.MasterLabel;

export async function readTaskValues(client: SalesforceClient): Promise<TaskValues> {
  const what = 'read the Task status and priority picklists';
  const [statuses, priorities] = await client.composite(
    [
      { method: 'GET', path: `/query?q=${encodeURIComponent(STATUS_SOQL)}`, referenceId: 'statuses' },
      { method: 'GET', path: `/query?q=${encodeURIComponent(PRIORITY_SOQL)}`, referenceId: 'priorities' },
    ],
    what,
  );
  const records = (r: typeof statuses) => {
    if (!r || r.httpStatusCode !== 200) throw new SyncError(`${what}: HTTP ${r?.httpStatusCode ?? '?'}`, { kind: 'transient' });
    const body = r.body as { records?: unknown };
    return Array.isArray(body?.records) ? body.records : [];
  };
  const s = records(statuses).flatMap((r) => {
    const p = TaskStatusRecordSchema.safeParse(r);
    return p.success ? [p.data] : [];
  });
  const p = records(priorities).flatMap((r) => {
    const parsed = TaskPriorityRecordSchema.safeParse(r);
    return parsed.success ? [parsed.data] : [];
  });
  const open = s.find((x) => x.IsDefault && !x.IsClosed) ?? s.find((x) => !x.IsClosed);
  const closed = s.find((x) => x.IsClosed);
  const high = p.find((x) => x.IsHighPriority);
  const normal = p.find((x) => x.IsDefault && !x.IsHighPriority) ?? p.find((x) => !x.IsHighPriority);
  if (!open || !closed || !high || !normal) {
    throw new SyncError(`${what}: the org has no ${!open ? 'open' : !closed ? 'closed' : 'priority'} Task value Loopside can use`, {
      kind: 'refused',
    });
  }
  return { open: valueOf(open), closed: valueOf(closed), high: valueOf(high), normal: valueOf(normal) };
}
