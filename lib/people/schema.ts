import { z } from 'zod';
import { TimeZoneSchema, type BusinessCalendar, type Policy } from '@/lib/loop';
import { ESCALATION_LEVEL_LABEL } from '@/lib/labels';
import { EmailSchema } from '@/lib/crm/record-schema';

/** What a person does in the loop: who owns loops, who hears about breaches and escalations. */
export const RoleSchema = z.enum(['rep', 'manager', 'cx_lead', 'vp_cs']);
export type Role = z.infer<typeof RoleSchema>;

/** A role above rep is an escalation level, and reads the same. */
export const ROLE_LABEL: Record<Role, string> = { rep: 'Rep', ...ESCALATION_LEVEL_LABEL };

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');

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
    workStart: HHMM.default('09:00'),
    workEnd: HHMM.default('17:00'),
    /** ISO weekdays, 1 = Monday … 7 = Sunday */
    workdays: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5]),
  })
  .refine((p) => p.workStart < p.workEnd, { message: 'work start must be before work end', path: ['workEnd'] })
  .refine((p) => p.managerEmail !== p.email, { message: 'a person cannot be their own manager', path: ['managerEmail'] });
export type Person = z.infer<typeof PersonSchema>;

/** A person's working calendar: their zone, days and hours, with the policy's holidays. */
export function personCalendar(person: Person, policy: Policy): BusinessCalendar {
  return { ...policy.calendar, timeZone: person.timeZone, workdays: person.workdays, start: person.workStart, end: person.workEnd };
}
