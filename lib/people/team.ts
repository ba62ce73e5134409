import type { Person, Role } from './schema';
import { normalizeEmail } from '@/lib/crm/email';

export interface Me {
  /** '' in one-person local mode: every loop is mine */
  email: string;
  role: Role;
}

/**
 * Whose loops I oversee, beside my own: a manager, everyone who reports to them directly or
 * further down; the CX lead and the VP, the whole directory; a rep, nobody else.
 * The walk is cycle-safe: a directory edited by hand may say A reports to B and B to A.
 */
export function overseenEmails(me: Me, people: readonly Person[]): Set<string> {
  if (me.email === '') return new Set();
  if (me.role === 'cx_lead' || me.role === 'vp_cs') return new Set(people.map((p) => p.email).filter((e) => e !== me.email));
  if (me.role !== 'manager') return new Set();
  const reports = new Map<string, string[]>();
  for (const p of people) {
    if (!p.managerEmail) continue;
    reports.set(p.managerEmail, [...(reports.get(p.managerEmail) ?? []), p.email]);
  }
  const team = new Set<string>();
  const queue = [...(reports.get(me.email) ?? [])];
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (next === me.email || team.has(next)) continue;
    team.add(next);
    queue.push(...(reports.get(next) ?? []));
  }
  return team;
}

/** A loop nobody in the directory owns: it waits in the unassigned queue that managers see. */
export function isUnassigned(ownerEmail: string, directory: ReadonlyMap<string, Person>): boolean {
  return ownerEmail === '' || !directory.has(normalizeEmail(ownerEmail));
}

/** Whether a role sees team loops and the unassigned queue. */
export const overseesOthers = (role: Role) => role !== 'rep';
