/**
 * Whose loops the viewer sees, from "Who am I": a rep their own, a manager their team (everyone
 * reporting to them, further down too) and themselves, a CX lead and a VP everyone. One-person local
 * mode (no e-mail set) sees every loop, as the queue does.
 */
import { normalizeEmail } from '@/lib/crm/email';
import { overseenEmails, type Me } from '@/lib/people/team';
import type { Person } from '@/lib/people/schema';
import { ROLE_LABEL } from '@/lib/people/schema';

export interface Scope {
  /** whether a loop with this (lower-cased) owner is the viewer's to see */
  sees(owner: string): boolean;
  /** in words, for the page's heading */
  label: string;
  /** the role may narrow by team */
  teams: boolean;
}

export function scopeFor(me: Me, people: readonly Person[]): Scope {
  const email = me.email ? normalizeEmail(me.email) : '';
  if (email === '') return { sees: () => true, label: 'Every loop (one-person mode)', teams: false };
  if (me.role === 'cx_lead' || me.role === 'vp_cs') return { sees: () => true, label: `Everyone (${ROLE_LABEL[me.role]})`, teams: true };
  if (me.role === 'manager') {
    const team = overseenEmails({ email, role: 'manager' }, people);
    return { sees: (owner) => owner === email || team.has(owner), label: 'My team and me (Manager)', teams: true };
  }
  return { sees: (owner) => owner === email, label: 'My loops (Rep)', teams: false };
}

/** A manager's team: the manager and everyone who reports to them, directly or further down. */
export function teamMembers(managerEmail: string, people: readonly Person[]): Set<string> {
  const team = overseenEmails({ email: managerEmail, role: 'manager' }, people);
  team.add(managerEmail);
  return team;
}

/** People with someone reporting to them: the team filter's choices. */
export function teamLeads(people: readonly Person[]): Person[] {
  const managers = new Set(people.map((p) => p.managerEmail).filter((e) => e !== ''));
  return people.filter((p) => managers.has(p.email)).sort((a, b) => (a.name || a.email).localeCompare(b.name || b.email));
}
