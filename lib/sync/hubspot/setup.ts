import type { HubSpotObjects } from '@/lib/crm/hubspot/api/objects';
import { LOOPSIDE_EVENT, LOOPSIDE_EVENT_ID, LOOPSIDE_LOOP_ID } from '@/lib/crm/hubspot/api/schemas';
import { SyncError } from '../errors';
import type { IdempotencyMode } from './adapter';
import { ENGAGEMENT_OBJECTS } from './encode';

const GROUP = {
  notes: 'note_information',
  calls: 'call',
  emails: 'email_information',
  meetings: 'meeting_information',
  tasks: 'task',
} as const;

/**
 * Makes sure the portal has Loopside's properties (once per portal; the result is remembered by
 * the caller), and says how writes are kept idempotent there: every id property created as a
 * unique-value property → `upsert`; any object that refuses unique values → `search` for all,
 * so one rule holds for every kind of activity.
 */
export async function ensureLoopsideProperties(objects: HubSpotObjects): Promise<IdempotencyMode> {
  let allUnique = true;
  const wanted = [
    ...ENGAGEMENT_OBJECTS.flatMap((object) => [
      { object, name: LOOPSIDE_EVENT_ID, label: 'Loopside event id', unique: true, fieldType: 'text' as const },
      { object, name: LOOPSIDE_EVENT, label: 'Loopside event', unique: false, fieldType: 'textarea' as const },
    ]),
    { object: 'tasks' as const, name: LOOPSIDE_LOOP_ID, label: 'Loopside loop id', unique: true, fieldType: 'text' as const },
  ];
  for (const w of wanted) {
    let existing;
    try {
      existing = await objects.property(w.object, w.name);
    } catch (e) {
      if (!(e instanceof SyncError && e.status === 404)) throw e;
    }
    if (existing) {
      if (w.unique && !existing.hasUniqueValue) allUnique = false;
      continue;
    }
    const base = {
      name: w.name,
      label: w.label,
      type: 'string' as const,
      fieldType: w.fieldType,
      groupName: GROUP[w.object],
      description: 'Written by Loopside; do not edit.',
    };
    try {
      await objects.createProperty(w.object, w.unique ? { ...base, hasUniqueValue: true } : base);
    } catch (e) {
      // Unique values are not allowed on this object: the plain property, and search-before-create.
      if (!(w.unique && e instanceof SyncError && e.status === 400)) throw e;
      allUnique = false;
      await objects.createProperty(w.object, base);
    }
  }
  return allUnique ? 'upsert' : 'search';
}
