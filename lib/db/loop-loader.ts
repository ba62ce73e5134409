import { foldLoop, type LoopEvent, type LoopState, type Policy } from '@/lib/loop';
import { matchesRecord, sameContact } from '@/lib/crm/match';
import { normalizeSalesforceId } from '@/lib/crm/salesforce/id';
import type { RecordRef } from '@/lib/crm/types';
import type { Person } from '@/lib/people/schema';
import type { Settings } from '@/lib/settings/schema';
import { contactContextFor, readRevenueThreshold } from './contact-context';
import { calendarFor, ownerCalendars } from './engine-context';
import type { LoopRow, LoopsideDb } from './schema';
import { readPolicy, readSettings } from './settings';

/** Which loops to load: each reader names its own, and all of them fold a loop the same way. */
export type LoopSelection =
  /** open loops no one has touched yet: the SLA scan's full pass */
  | { kind: 'waiting' }
  /** loop rows the caller already read (the SLA scan: the due loops whose events changed) */
  | { kind: 'rows'; rows: readonly LoopRow[] }
  /** every open loop: the queue */
  | { kind: 'open' }
  /** the loops of the record on the page: the sidebar */
  | { kind: 'record'; record: RecordRef; email: string | null }
  /** loops whose response came in [from, to) (epoch ms): the dashboard's period and the one before it */
  | { kind: 'period'; from: number; to: number }
  /** every loop in the store */
  | { kind: 'all' }
  /** these loops (those still in the store): the dashboard's refresh of loops whose events changed */
  | { kind: 'loops'; loopIds: readonly string[] }
  /** the loops of an account's contacts: the sidebar on a company, deal, account or opportunity */
  | { kind: 'account'; account: AccountKeys };

/**
 * What identifies an account on its CRM page: its CRM ids (the record itself, or the companies a
 * deal or opportunity links to), and the company name and web domain the page shows.
 */
export interface AccountKeys {
  ids: string[];
  name: string | null;
  domain: string | null;
}

/** Which rule found an account's loops, strongest first; the sidebar says it on screen. */
export type AccountRule = 'crm_id' | 'company_name' | 'email_domain';

export interface LoadedLoop {
  loopId: string;
  events: LoopEvent[];
  /** the other loops of the same contact (closed ones too): repeat-low-score escalation and the advocacy cap need them */
  contact: { loopId: string; events: LoopEvent[] }[];
}

/** Everything the engine needs to fold the selected loops, read in one go. */
export interface LoadedLoops {
  policy: Policy;
  settings: Settings;
  people: Person[];
  revenueThreshold: number | null;
  /** the selected loops that have their `received` event, in the order selected */
  loops: LoadedLoop[];
  /** account selections only: the rule that found the loops (null: none found) */
  accountRule?: AccountRule | null;
}

async function recordRows(db: LoopsideDb, record: RecordRef, email: string | null): Promise<LoopRow[]> {
  const byId =
    record.crm === 'salesforce'
      ? db.loops.where('salesforceId').equals(record.id).toArray()
      : record.kind === 'contact'
        ? db.loops.where('hubspotId').equals(record.id).toArray()
        : Promise.resolve([]);
  const byEmail = email ? db.loops.where('email').equalsIgnoreCase(email).toArray() : Promise.resolve([]);
  const rows = uniqueRows([...(await byId), ...(await byEmail)]);
  return rows.filter((row) =>
    matchesRecord(
      { email: row.email || undefined, hubspotId: row.hubspotId || undefined, salesforceId: row.salesforceId || undefined },
      record,
      email,
    ),
  );
}

/**
 * Loops responded to in [from, to). Rows have no `respondedAt` index, but the first-touch due time
 * is never before the response (the SLA clock starts at it), so the `firstTouchDueAt` index skips
 * every loop due before the period began: a recent period reads only the recent end of the store.
 */
async function periodRows(db: LoopsideDb, from: number, to: number): Promise<LoopRow[]> {
  if (!(from < to)) return [];
  // One bulk read of the range, filtered here: a cursor filter costs a round trip per row.
  const rows = await db.loops.where('firstTouchDueAt').aboveOrEqual(from).toArray();
  return rows.filter((r) => r.respondedAt >= from && r.respondedAt < to);
}

/** Shared mailbox providers say nothing about which company a contact works for. */
const PUBLIC_MAIL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'yahoo.com',
  'icloud.com',
  'me.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'proton.me',
  'protonmail.com',
  'aol.com',
]);

/** A web address or bare host → the domain e-mail addresses use: "https://www.Kumo.example/" → "kumo.example". */
export function accountDomain(raw: string | null): string | null {
  const host =
    raw
      ?.trim()
      .toLowerCase()
      .replace(/^[a-z]+:\/\//, '')
      .split(/[/?#:]/)[0]
      ?.replace(/^www\./, '') ?? '';
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) && !PUBLIC_MAIL_DOMAINS.has(host) ? host : null;
}

/**
 * An account's loops by the strongest rule that finds any: the CRM account id the data carries,
 * else the company name, else the contacts' e-mail domain. Rules are not mixed: a name that
 * happens to match another company must not add its contacts to an account found by id.
 */
async function accountRows(db: LoopsideDb, account: AccountKeys): Promise<{ rows: LoopRow[]; rule: AccountRule | null }> {
  const ids = [...new Set(account.ids.map((id) => id.trim()).filter((id) => id !== ''))];
  if (ids.length > 0) {
    const rows = await db.loops.where('accountId').anyOfIgnoreCase(ids).toArray();
    if (rows.length > 0) return { rows, rule: 'crm_id' };
  }
  const name = account.name?.trim().toLowerCase();
  if (name) {
    const rows = await db.loops.where('companyKey').equals(name).toArray();
    if (rows.length > 0) return { rows, rule: 'company_name' };
  }
  const domain = accountDomain(account.domain);
  if (domain) {
    const rows = await db.loops.where('emailDomain').equals(domain).toArray();
    if (rows.length > 0) return { rows, rule: 'email_domain' };
  }
  return { rows: [], rule: null };
}

function selectRows(db: LoopsideDb, selection: LoopSelection): Promise<LoopRow[]> {
  switch (selection.kind) {
    case 'waiting':
      return db.loops.where('[status+firstTouchAt]').equals(['open', 0]).toArray();
    case 'open':
      return db.loops.where('status').equals('open').toArray();
    case 'record':
      return recordRows(db, selection.record, selection.email);
    case 'period':
      return periodRows(db, selection.from, selection.to);
    case 'all':
      return db.loops.toArray();
    case 'loops':
      return db.loops.bulkGet([...new Set(selection.loopIds)]).then((rows) => rows.filter((r): r is LoopRow => r !== undefined));
    case 'account':
      return accountRows(db, selection.account).then(({ rows }) => rows);
    case 'rows':
      return Promise.resolve([...selection.rows]);
  }
}

function uniqueRows(rows: readonly LoopRow[]): LoopRow[] {
  return [...new Map(rows.map((r) => [r.loopId, r])).values()];
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const emailKey = (row: LoopRow) => (row.email ? `email:${row.email.trim().toLowerCase()}` : null);
const hubspotKey = (row: LoopRow) => (row.hubspotId ? `hubspot:${row.hubspotId.trim()}` : null);
const salesforceKey = (row: LoopRow) => {
  const id = row.salesforceId ? normalizeSalesforceId(row.salesforceId) : null;
  return id ? `salesforce:${id}` : null;
};
const keysOf = (row: LoopRow) => [emailKey(row), hubspotKey(row), salesforceKey(row)].filter((k): k is string => k !== null);

/**
 * Every loop that may be the same contact as one of `rows`, found by the e-mail, HubSpot id and
 * Salesforce id indexes; `sameContact` then decides.
 */
/**
 * Past this many loops, reading every loop row in one bulk read and matching the keys here is
 * faster than the index look-ups below (IndexedDB answers `anyOf` with a cursor step per key).
 */
const BULK_CONTACT_LOOKUP = 1000;

/**
 * Runs one indexed read per key, all issued at once, and joins their answers. `anyOf` over many keys
 * walks one cursor that jumps from key to key: a round trip to the browser's storage process per
 * jump and per row, one after the other (a tick's 1,000 due loops and their events: thousands).
 * Separate reads are answered back to back without waiting on each other.
 */
async function eachKey<K, T>(keys: readonly K[], read: (key: K) => Promise<T[]>): Promise<T[]> {
  return (await Promise.all(keys.map(read))).flat();
}

/**
 * The SLA tick's threshold: its due loops are a small part of a large store (1,000 of 100,000), so
 * reading every row would cost far more than a look-up per key; only a full pass goes past it.
 */
const DUE_BULK_CONTACT_LOOKUP = 10_000;

async function contactRows(db: LoopsideDb, rows: readonly LoopRow[], bulkAbove = BULK_CONTACT_LOOKUP): Promise<LoopRow[]> {
  if (rows.length > bulkAbove) {
    const wanted = new Set(rows.flatMap(keysOf));
    return (await db.loops.toArray()).filter((r) => keysOf(r).some((k) => wanted.has(k)));
  }
  const emails = [...new Set(rows.map((r) => r.email).filter((e) => e !== ''))];
  const hubspotIds = [...new Set(rows.map((r) => r.hubspotId).filter((id) => id !== ''))];
  const salesforceIds = [
    ...new Set(rows.map((r) => (r.salesforceId ? normalizeSalesforceId(r.salesforceId) : null)).filter((id) => id !== null)),
  ];
  // One look-up per key, all in flight at once (see eachKey).
  const [byEmail, byHubspot, bySalesforce] = await Promise.all([
    eachKey(emails, (email) => db.loops.where('email').equalsIgnoreCase(email).toArray()),
    eachKey(hubspotIds, (id) => db.loops.where('hubspotId').equals(id).toArray()),
    // The 18-character suffix is case-insensitive: a stored id may spell it in lower case.
    eachKey(salesforceIds, (id) => db.loops.where('salesforceId').equalsIgnoreCase(id).toArray()),
  ]);
  return uniqueRows([...byEmail, ...byHubspot, ...bySalesforce]);
}

/**
 * The same contact's loops for a large period, when only events recorded since `since` are read: a
 * loop with none of them adds no response and no ask to a contact's history, so only loops with
 * such events can matter. Those are the loops due since `since` (one range read on the
 * `firstTouchDueAt` index, which is never before the response) and the few older loops that had
 * an event since (read by key) — instead of every loop row in the store.
 */
async function recentContactRows(
  db: LoopsideDb,
  rows: readonly LoopRow[],
  since: number,
  events: Promise<LoopEvent[]>,
): Promise<LoopRow[]> {
  const wanted = new Set(rows.flatMap(keysOf));
  const recentRows = await db.loops.where('firstTouchDueAt').aboveOrEqual(since).toArray();
  const have = new Set(recentRows.map((r) => r.loopId));
  const older = [...new Set((await events).map((e) => e.loopId))].filter((id) => !have.has(id));
  const olderRows = older.length > 0 ? (await db.loops.bulkGet(older)).filter((r): r is LoopRow => r !== undefined) : [];
  return [...recentRows, ...olderRows].filter((r) => keysOf(r).some((k) => wanted.has(k)));
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How far before a period a contact's other loops can still change how a loop in it folds: the
 * repeat-low-score window, or the advocacy cap (asks in the quarter the ask window opens in, at most
 * ~92 days back), plus a week for clocks that disagree. Older events change no fold.
 */
const contactLookbackMs = (policy: Policy) => (Math.max(policy.escalation.repeatWindowDays, 100) + 7) * DAY_MS;

/** The events of `loopIds` recorded since `since`: one bulk range read on the `at` index instead of a cursor step per loop. */
async function eventsSince(db: LoopsideDb, since: number, loopIds: ReadonlySet<string>): Promise<LoopEvent[]> {
  return (await db.events.where('at').aboveOrEqual(since).toArray()).filter((e) => loopIds.has(e.loopId));
}

/** Past this many loops (a full pass over every waiting loop), one read of every event beats a read per loop. */
const BULK_EVENTS_READ = 20_000;

async function allEventsOf(db: LoopsideDb, loopIds: ReadonlySet<string>): Promise<LoopEvent[]> {
  return (await db.events.toArray()).filter((e) => loopIds.has(e.loopId));
}

/**
 * Loads the selected loops, each with its events and the events of every other loop of the same
 * contact (by `sameContact`), plus the policy, settings, team directory and revenue threshold the
 * engine folds them with. Reads only: call it inside a transaction or a live query as needed.
 */
export async function loadLoops(db: LoopsideDb, selection: LoopSelection): Promise<LoadedLoops> {
  const account = selection.kind === 'account' ? accountRows(db, selection.account) : null;
  const [policy, settings, people, revenueThreshold, rows] = await Promise.all([
    readPolicy(db),
    readSettings(db),
    db.people.toArray(),
    readRevenueThreshold(db),
    account ? account.then((found) => found.rows) : selectRows(db, selection),
  ]);
  // Every loop selected: every contact's other loops are already in hand, and so is every event.
  const everything = selection.kind === 'all';
  // A large period (the dashboard) reads its events in one range read, begun beside the contact look-up.
  const since = selection.kind === 'period' && rows.length > BULK_CONTACT_LOOKUP ? selection.from - contactLookbackMs(policy) : null;
  const recent = since === null ? null : db.events.where('at').aboveOrEqual(since).toArray();
  const bulkAbove = selection.kind === 'rows' ? DUE_BULK_CONTACT_LOOKUP : BULK_CONTACT_LOOKUP;
  const candidates = everything
    ? rows
    : uniqueRows([
        ...rows,
        ...(await (recent && since !== null ? recentContactRows(db, rows, since, recent) : contactRows(db, rows, bulkAbove))),
      ]);
  const loopIds = candidates.map((r) => r.loopId);
  const eventsByLoop = new Map<string, LoopEvent[]>();
  if (loopIds.length > 0) {
    const events = everything
      ? await db.events.toArray()
      : recent
        ? await recent.then((all) => {
            const ids = new Set(loopIds);
            return all.filter((e) => ids.has(e.loopId));
          })
        : selection.kind === 'period' && loopIds.length > BULK_CONTACT_LOOKUP
          ? await eventsSince(db, selection.from - contactLookbackMs(policy), new Set(loopIds))
          : loopIds.length > BULK_EVENTS_READ
            ? await allEventsOf(db, new Set(loopIds))
            : await eachKey(loopIds, (loopId) => db.events.where('loopId').equals(loopId).toArray());
    for (const e of events) pushTo(eventsByLoop, e.loopId, e);
  }

  const byKey = new Map<string, LoopRow[]>();
  for (const c of candidates) for (const key of keysOf(c)) pushTo(byKey, key, c);
  const withEvents = (loopId: string) => ({ loopId, events: eventsByLoop.get(loopId) ?? [] });

  const loops = rows
    .filter((r) => eventsByLoop.get(r.loopId)?.some((e) => e.type === 'received'))
    .map((r): LoadedLoop => {
      const others = uniqueRows(keysOf(r).flatMap((key) => byKey.get(key) ?? [])).filter((c) => c.loopId !== r.loopId && sameContact(r, c));
      return { loopId: r.loopId, events: eventsByLoop.get(r.loopId)!, contact: others.map((c) => withEvents(c.loopId)) };
    });
  return { policy, settings, people, revenueThreshold, loops, ...(account ? { accountRule: (await account).rule } : {}) };
}

/** The engine's state of each loaded loop at `now`, in the order loaded. Pure: views re-ask it as the clock ticks. */
export function foldLoaded(data: LoadedLoops, now: number): LoopState[] {
  const calendar = calendarFor(data.policy, data.settings);
  // Each loop on its owner's clock (the directory's zone, hours and workdays), else the business zone.
  const calendarOf = ownerCalendars(data.policy, data.settings, data.people);
  return data.loops.map(({ loopId, events, contact }) =>
    foldLoop(events, {
      policy: data.policy,
      calendar,
      calendarOf,
      now,
      contact: contactContextFor(loopId, contact, data.revenueThreshold),
    }),
  );
}
