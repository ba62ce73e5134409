import { z } from 'zod';
import { ClockTimeSchema, TimeZoneSchema, WorkdaysSchema, type BusinessCalendar, type Policy } from '@/lib/loop';
import { ESCALATION_LEVEL_LABEL } from '@/lib/labels';
import { EmailSchema } from '@/lib/crm/record-schema';

/** What a person does in the loop: who owns loops, who hears about breaches and escalations. */
export const RoleSchema = z.enum(['rep', 'manager', 'cx_lead', 'vp_cs']);
export type Role = z.infer<typeof RoleSchema>;

/** A role above rep is an escalation level, and reads the same. */
export const ROLE_LABEL: Record<Role, string> = { rep: 'Rep', ...ESCALATION_LEVEL_LABEL };

/**
 * One member of the team directory: loop owners, their managers, the CX lead and the VP.
 * E-mails are lower-cased so they match the owner column of any survey export.
 */
export const PersonSchema = z
  .object({
    email: EmailSchema,
    name: z.string().trim().max(200).default(''),
    /** '' when the person reports to nobody in the directory */
    managerEmail: z.union([z.literal(''), EmailSchema]).default(''),
    role: RoleSchema.default('rep'),
    timeZone: TimeZoneSchema,
    /** working hours on the person's own clock: notifications wait for them (quiet hours) */
    workStart: ClockTimeSchema.default('09:00'),
    workEnd: ClockTimeSchema.default('17:00'),
    /** the person's user id in the CRM (HubSpot owner id, Salesforce User id), filled by team mode */
    crmUserId: z.string().max(40).optional(),
    /** ISO weekdays, 1 = Monday … 7 = Sunday */
    workdays: WorkdaysSchema,
  })
  .refine((p) => p.workStart < p.workEnd, { message: 'work start must be before work end', path: ['workEnd'] })
  // An empty form has no manager and no e-mail yet: that is not a person managing themself.
  .refine((p) => p.managerEmail === '' || p.managerEmail !== p.email, {
    message: 'a person cannot be their own manager',
    path: ['managerEmail'],
  });
export type Person = z.infer<typeof PersonSchema>;

/** A person's working calendar: their zone, days and hours, with the policy's holidays. */
export function personCalendar(person: Person, policy: Policy): BusinessCalendar {
  return { ...policy.calendar, timeZone: person.timeZone, workdays: person.workdays, start: person.workStart, end: person.workEnd };
}
