import * as z from 'zod/mini';
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
    name: z._default(z.string().check(z.trim(), z.maxLength(200)), ''),
    /** '' when the person reports to nobody in the directory */
    managerEmail: z._default(z.union([z.literal(''), EmailSchema]), ''),
    role: z._default(RoleSchema, 'rep'),
    timeZone: TimeZoneSchema,
    /** working hours on the person's own clock: notifications wait for them (quiet hours) */
    workStart: z._default(ClockTimeSchema, '09:00'),
    workEnd: z._default(ClockTimeSchema, '17:00'),
    /** the person's user id in the CRM (HubSpot owner id, Salesforce User id), filled by team mode */
    crmUserId: z.optional(z.string().check(z.maxLength(40))),
    /** ISO weekdays, 1 = Monday … 7 = Sunday */
    workdays: WorkdaysSchema,
  })
  .check(
    z.refine((p) => p.workStart < p.workEnd, { message: 'work start must be before work end', path: ['workEnd'] }),
    // An empty form has no manager and no e-mail yet: that is not a person managing themself.
    z.refine((p) => p.managerEmail === '' || p.managerEmail !== p.email, {
      message: 'a person cannot be their own manager',
      path: ['managerEmail'],
    }),
  );
export type Person = z.infer<typeof PersonSchema>;

/** A person's working calendar: their zone, days and hours, with the policy's holidays. */
export function personCalendar(person: Person, policy: Policy): BusinessCalendar {
  return { ...policy.calendar, timeZone: person.timeZone, workdays: person.workdays, start: person.workStart, end: person.workEnd };
}
