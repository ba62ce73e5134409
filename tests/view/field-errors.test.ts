import { describe, expect, it } from 'vitest';
import { PersonSchema } from '@/lib/people/schema';
import { SettingsSchema } from '@/lib/settings/schema';
import { fieldErrors } from '@/components/options/field-errors';

const settingsLabels = { myEmail: 'My e-mail', timeZone: 'Time zone', 'sync.url': 'Sync URL' };

describe('zod errors next to their field', () => {
  it('one sentence per settings field, fragments led by the label', () => {
    const result = SettingsSchema.safeParse({
      timeZone: 'Mars/Olympus',
      myEmail: 'not-an-email',
      sync: { kind: 'http', url: 'http://crm.example/events' },
    });
    expect(result.success).toBe(false);
    const errors = fieldErrors(result.error!.issues, settingsLabels);
    expect(Object.keys(errors).sort()).toEqual(['myEmail', 'sync.url', 'timeZone']);
    expect(errors.timeZone).toBe('Time zone is not an IANA time zone (e.g. Europe/Berlin).');
    expect(errors['sync.url']).toBe('Sync URL must be https, or http on this machine (127.0.0.1 or localhost).');
    expect(errors.myEmail).toMatch(/\.$/);
  });

  it('keys nested and refined person fields by their path, first message only', () => {
    const result = PersonSchema.safeParse({
      email: 'a@x.example',
      managerEmail: 'a@x.example',
      timeZone: 'UTC',
      workStart: '18:00',
      workEnd: '09:00',
    });
    expect(result.success).toBe(false);
    const errors = fieldErrors(result.error!.issues, { workEnd: 'Work end', managerEmail: 'Manager' });
    expect(errors.workEnd).toBe('Work start must be before work end.');
    expect(errors.managerEmail).toBe('A person cannot be their own manager.');
  });

  it('a bad time of day names the field', () => {
    const result = PersonSchema.safeParse({ email: 'a@x.example', timeZone: 'UTC', workStart: '9am' });
    expect(fieldErrors(result.error!.issues, { workStart: 'Work start' }).workStart).toBe('Work start must be HH:MM (24-hour).');
  });
});
