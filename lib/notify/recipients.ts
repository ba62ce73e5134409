import { EscalationLevelSchema, type BusinessCalendar, type EscalationLevel } from '@/lib/loop';
import type { Person, Role } from '@/lib/people/schema';
import { isUnassigned } from '@/lib/people/team';
import type { AlertKind } from './alert';

export type Directory = ReadonlyMap<string, Person>;

/** The levels an escalation climbs, lowest first: a level nobody fills passes it to the next. */
const LADDER: readonly EscalationLevel[] = EscalationLevelSchema.options;

const withRole = (role: Role, directory: Directory): string[] => [...directory.values()].filter((p) => p.role === role).map((p) => p.email);

/** Who stands at `level` for a loop of `owner`: the owner's manager, or everyone in the role. */
function atLevel(level: EscalationLevel, owner: string, directory: Directory): string[] {
  if (level !== 'manager') return withRole(level, directory);
  // Nobody in particular manages an unassigned loop: every manager sees that queue.
  if (isUnassigned(owner, directory)) return withRole('manager', directory);
  // A manager the directory no longer lists has left the team: the next level hears instead.
  const manager = directory.get(owner)?.managerEmail ?? '';
  return manager && directory.has(manager) ? [manager] : [];
}

/** The first level from `level` up that someone fills; nobody when the directory has no one above. */
function climb(level: EscalationLevel, owner: string, directory: Directory): string[] {
  for (const step of LADDER.slice(LADDER.indexOf(level))) {
    const people = atLevel(step, owner, directory);
    if (people.length > 0) return people;
  }
  return [];
}

/**
 * Who receives an alert of `kind` about a loop owned by `owner` (lower-cased, '' when none):
 * near-breach warnings go to the owner; a breach to the owner and the owner's manager; an
 * escalation to its level (owner's manager, every CX lead, every VP of customer success). A level
 * nobody fills climbs to the next. An unassigned loop's owner is every manager. Sorted, no repeats.
 */
export function recipientsFor(kind: AlertKind, owner: string, directory: Directory): string[] {
  const unassigned = isUnassigned(owner, directory);
  const owners = unassigned ? climb('manager', owner, directory) : [owner];
  let out: string[];
  if (kind === 'near_breach_1' || kind === 'near_breach_2') out = owners;
  else if (kind === 'breached') out = unassigned ? owners : [...owners, ...climb('manager', owner, directory)];
  else out = climb(kind.slice('escalation:'.length) as EscalationLevel, owner, directory);
  return [...new Set(out)].sort();
}

export interface MeInDirectory {
  email: string;
  /** what I said I am in options: it decides which team alerts reach me */
  role: Role;
  /** my time zone and the policy's hours, for when the directory does not list me */
  calendar: BusinessCalendar;
}

/**
 * The directory as this user's alerts see it: I am in it with the role I chose in options, even
 * before anyone imported a directory, so my own loops are mine and not unassigned.
 */
export function directoryWithMe(directory: Directory, me: MeInDirectory): Map<string, Person> {
  const out = new Map(directory);
  const listed = directory.get(me.email);
  out.set(
    me.email,
    listed
      ? { ...listed, role: me.role }
      : {
          email: me.email,
          name: '',
          managerEmail: '',
          role: me.role,
          timeZone: me.calendar.timeZone,
          workStart: me.calendar.start,
          workEnd: me.calendar.end,
          workdays: [...me.calendar.workdays],
        },
  );
  return out;
}
