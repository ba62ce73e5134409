import { NOTIFICATION_STAGES, type EscalationKind, type EscalationLevel, type NotificationStage } from '@/lib/loop';

/** What an alert is about: an SLA stage of the loop, or an escalation that reached a level. */
export type AlertKind = NotificationStage | `escalation:${EscalationLevel}`;

/** One person's alert about one loop. */
export interface Alert {
  loopId: string;
  kind: AlertKind;
  /** an e-mail, lower-cased; '' for "me" in one-person local mode */
  recipient: string;
  /** the moment it fell due */
  dueAt: number;
  /** the loop's first-touch due time: among equally urgent alerts the earliest deadline goes first */
  deadline: number;
  /** a critical recovery loop: goes first among its kind, may break quiet hours */
  critical: boolean;
  /** escalations only: what triggered the first escalation at this level */
  cause?: { kind: EscalationKind; afterMs: number };
}

/**
 * What the store remembers of an alert: the `notified` table's row (lib/db uses this type), declared
 * here so this folder stays free of Dexie.
 */
export interface AlertRecord {
  key: string;
  loopId: string;
  kind: string;
  recipient: string;
  at: number;
  /** a snoozed alert comes back once at this time (0: not snoozed) */
  snoozedUntil: number;
}

/** Stable across versions: v1 stored one-person keys as `loop|stage|`, and those must still match. */
export const alertKey = (a: Pick<Alert, 'loopId' | 'kind' | 'recipient'>) => `${a.loopId}|${a.kind}|${a.recipient}`;

export const escalationKind = (level: EscalationLevel): AlertKind => `escalation:${level}`;

export const isStage = (kind: string): kind is NotificationStage => (NOTIFICATION_STAGES as readonly string[]).includes(kind);

/**
 * The stages' old names, stored in `notified` rows before database version 3: they spelled out
 * the default policy (75 % of the window, 1 h before due), which an admin may change. The
 * `notified` table is migrated to the new names (lib/db/schema.ts, version 3).
 */
export const RENAMED_STAGES: Readonly<Record<string, NotificationStage>> = { warn_75: 'near_breach_1', warn_1h: 'near_breach_2' };

const RANK: Record<AlertKind, number> = {
  breached: 0,
  'escalation:vp_cs': 1,
  'escalation:cx_lead': 2,
  'escalation:manager': 3,
  near_breach_2: 4,
  near_breach_1: 5,
};

/** Lower is more urgent. */
export const urgencyRank = (kind: AlertKind): number => RANK[kind];

/** Most urgent first: by kind, then critical loops, then the earliest deadline; loop id keeps it total. */
export function compareAlerts(a: Alert, b: Alert): number {
  return (
    RANK[a.kind] - RANK[b.kind] ||
    Number(b.critical) - Number(a.critical) ||
    a.deadline - b.deadline ||
    a.dueAt - b.dueAt ||
    (a.loopId < b.loopId ? -1 : a.loopId > b.loopId ? 1 : 0)
  );
}

/** Chrome's notification priority (-2…2) and whether the notification stays until dismissed. */
export function alertPresentation(kind: AlertKind): { priority: 0 | 1 | 2; requireInteraction: boolean } {
  if (kind === 'breached' || kind.startsWith('escalation:')) return { priority: 2, requireInteraction: true };
  return { priority: kind === 'near_breach_2' ? 1 : 0, requireInteraction: false };
}
