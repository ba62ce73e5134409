/**
 * A fake Salesforce org: the REST shapes of the REST API Developer Guide (query with nextRecordsUrl
 * paging, sObject create / update / upsert by external ID, composite, describe, error arrays with
 * `errorCode`), `Sforce-Limit-Info` on every answer, a daily allocation that runs out, and sessions
 * (`sid`) that expire. Its My Domain host also does what a browser session needs: frontdoor.jsp
 * bridges a session into the `sid` cookie (Secure, HttpOnly, host-only), logout.jsp ends it, pages
 * without a live cookie show the login page, and OAuth 2.0 (authorize + token, PKCE S256) signs in
 * through the org's own External Client App. `handle` is a fetch: node tests call it in-process,
 * and tests/replicas/server.ts serves it over HTTPS at the org's host for the browser.
 */
import { toSalesforceId18 } from '../../lib/crm/salesforce/id.ts';
import { parseSoql, matches, SoqlError, type Query } from './soql.ts';

export const API_VERSION = 'v67.0';
const DATA = `/services/data/${API_VERSION}`;

type Rec = Record<string, unknown> & { Id: string };
interface FieldDef {
  name: string;
  type: string;
  label?: string;
  referenceTo?: string[];
  externalId?: boolean;
  unique?: boolean;
  createable?: boolean;
}
interface ObjectDef {
  name: string;
  prefix: string;
  custom?: boolean;
  fields: FieldDef[];
}

const f = (name: string, type: string, extra: Partial<FieldDef> = {}): FieldDef => ({ name, type, ...extra });
const ref = (name: string, to: string[]) => f(name, 'reference', { referenceTo: to });
const SYSTEM = [f('Id', 'id'), f('CreatedDate', 'datetime'), f('SystemModstamp', 'datetime'), f('IsDeleted', 'boolean')];

/** The objects the fake org has, with the fields their describe lists (a subset of the real ones). */
export const OBJECTS: ObjectDef[] = [
  {
    name: 'User',
    prefix: '005',
    fields: [f('Email', 'email'), f('Name', 'string'), ref('ManagerId', ['User']), f('IsActive', 'boolean'), f('UserType', 'picklist')],
  },
  { name: 'Account', prefix: '001', fields: [f('Name', 'string'), f('AnnualRevenue', 'currency'), ref('OwnerId', ['User'])] },
  {
    name: 'Contact',
    prefix: '003',
    fields: [f('Email', 'email'), f('Name', 'string'), ref('AccountId', ['Account']), ref('OwnerId', ['User'])],
  },
  { name: 'Lead', prefix: '00Q', fields: [f('Email', 'email'), f('Name', 'string'), f('Company', 'string'), ref('OwnerId', ['User'])] },
  {
    name: 'Task',
    prefix: '00T',
    fields: [
      ref('WhoId', ['Contact', 'Lead']),
      ref('WhatId', ['Account', 'Opportunity']),
      ref('OwnerId', ['User']),
      f('Subject', 'combobox'),
      f('Description', 'textarea'),
      f('Status', 'picklist'),
      f('Priority', 'picklist'),
      f('ActivityDate', 'date'),
      f('IsReminderSet', 'boolean'),
      f('ReminderDateTime', 'datetime'),
      f('TaskSubtype', 'picklist'),
      f('CallDisposition', 'string'),
      f('CallType', 'picklist'),
      f('IsClosed', 'boolean', { createable: false }),
      f('Loopside_Key__c', 'string', { externalId: true, unique: true }),
    ],
  },
  {
    name: 'TaskStatus',
    prefix: '01J',
    fields: [
      f('ApiName', 'string'),
      f('MasterLabel', 'string'),
      f('IsClosed', 'boolean'),
      f('IsDefault', 'boolean'),
      f('SortOrder', 'int'),
    ],
  },
  {
    name: 'TaskPriority',
    prefix: '01K',
    fields: [
      f('ApiName', 'string'),
      f('MasterLabel', 'string'),
      f('IsHighPriority', 'boolean'),
      f('IsDefault', 'boolean'),
      f('SortOrder', 'int'),
    ],
  },
  { name: 'SurveyInvitation', prefix: '0Ki', fields: [ref('ParticipantId', ['Contact', 'Lead', 'User']), f('Name', 'string')] },
  { name: 'SurveyResponse', prefix: '0Kc', fields: [ref('InvitationId', ['SurveyInvitation']), f('Status', 'picklist')] },
  { name: 'SurveyQuestion', prefix: '0Kz', fields: [f('QuestionType', 'picklist'), f('Name', 'string'), f('DeveloperName', 'string')] },
  {
    name: 'SurveyQuestionResponse',
    prefix: '0Kd',
    fields: [
      ref('ResponseId', ['SurveyResponse']),
      ref('InvitationId', ['SurveyInvitation']),
      ref('QuestionId', ['SurveyQuestion']),
      f('NumberValue', 'int'),
      f('ResponseValue', 'textarea'),
      f('Datatype', 'picklist'),
    ],
  },
  {
    name: 'NPS_Response__c',
    prefix: 'a0N',
    custom: true,
    fields: [
      ref('Contact__c', ['Contact', 'Lead']),
      f('Score__c', 'double'),
      f('Comment__c', 'textarea'),
      f('Submitted_At__c', 'datetime'),
      f('Name', 'string'),
    ],
  },
];
const SYSTEM_SET = new Set(SYSTEM.map((x) => x.name));

export const sfDateTime = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');
interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}
const errors = (status: number, errorCode: string, message: string, fields: string[] = []): Answer => ({
  status,
  body: [{ message, errorCode, fields }],
});

export interface FaultPlan {
  /** the next N API calls answer 503 SERVER_UNAVAILABLE before doing anything */
  unavailable?: number;
  /** the next N API calls do their work, then the answer is lost (the client sees a network error) */
  lostAnswers?: number;
  /** the next N API calls hang until the client gives up */
  hang?: number;
}

export interface FakeOrgOptions {
  /** `acme.my.salesforce.com` */
  host: string;
  now?: () => number;
  /** daily API allocation (Sforce-Limit-Info's M) */
  dailyLimit?: number;
  /** sessions end this long after they were issued */
  sessionTtlMs?: number;
}

export function createFakeOrg(opts: FakeOrgOptions) {
  const now = opts.now ?? (() => Date.now());
  const tables = new Map<string, Map<string, Rec>>(OBJECTS.map((o) => [o.name, new Map()]));
  const defs = new Map(OBJECTS.map((o) => [o.name.toLowerCase(), o]));
  const byPrefix = new Map(OBJECTS.map((o) => [o.prefix, o.name]));
  const counters = new Map<string, number>();
  /** live sessions by id: browser sessions (the `sid` cookie) and OAuth access tokens alike */
  const sessions = new Map<string, { userId: string; expiresAt: number; via: 'browser' | 'oauth'; app?: string }>();
  /** External Client Apps by consumer key; `blocked` is an admin's "Block" (or API Access Control leaving it out) */
  const apps = new Map<string, { callbackUrl: string; blocked: boolean }>();
  /** authorization codes waiting for their token request, bound to the PKCE challenge they came with */
  const codes = new Map<string, { userId: string; app: string; redirectUri: string; challenge: string; expiresAt: number }>();
  const refreshTokens = new Map<string, { userId: string; app: string }>();
  const locators = new Map<string, { records: unknown[]; batch: number }>();
  let apiUsed = 0;
  let dailyLimit = opts.dailyLimit ?? 15_000;
  let faults: Required<FaultPlan> = { unavailable: 0, lostAnswers: 0, hang: 0 };
  let sessionApiBlocked = false;
  const log: { method: string; path: string; status: number }[] = [];

  function newId(object: string): string {
    const def = defs.get(object.toLowerCase())!;
    const n = (counters.get(def.prefix) ?? 0) + 1;
    counters.set(def.prefix, n);
    return toSalesforceId18(`${def.prefix}${'0'.repeat(6)}${n.toString(36).toUpperCase().padStart(6, '0')}`);
  }

  function insert(object: string, fields: Record<string, unknown>): Rec {
    const id = (fields.Id as string | undefined) ?? newId(object);
    const stamp = sfDateTime(now());
    const rec: Rec = { ...fields, Id: id, CreatedDate: fields.CreatedDate ?? stamp, SystemModstamp: stamp, IsDeleted: false };
    if (object === 'Task') rec.IsClosed = isClosedStatus(rec.Status);
    tables.get(object)!.set(id, rec);
    return rec;
  }

  function findById(id: string): { object: string; rec: Rec } | undefined {
    if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id)) return undefined;
    const object = byPrefix.get(id.slice(0, 3));
    if (!object) return undefined;
    const full = id.length === 15 ? toSalesforceId18(id) : id;
    const rec = tables.get(object)!.get(full) ?? [...tables.get(object)!.values()].find((r) => r.Id.slice(0, 15) === id.slice(0, 15));
    return rec ? { object, rec } : undefined;
  }

  const isClosedStatus = (status: unknown) =>
    [...tables.get('TaskStatus')!.values()].some((s) => (s.ApiName ?? s.MasterLabel) === status && s.IsClosed === true);

  /** `Owner.Email` → the Email of the record OwnerId points to; `Foo__r.Bar` → via Foo__c. */
  function get(rec: Rec, path: string): unknown {
    const parts = path.split('.');
    let current: Rec | undefined = rec;
    for (let i = 0; i < parts.length - 1; i++) {
      const rel = parts[i]!;
      const key = rel.endsWith('__r') ? `${rel.slice(0, -3)}__c` : `${rel}Id`;
      const id: unknown = current?.[key];
      current = typeof id === 'string' ? findById(id)?.rec : undefined;
      if (!current) return null;
    }
    return current?.[parts.at(-1)!] ?? null;
  }

  function shape(object: string, rec: Rec, fields: string[]): Record<string, unknown> {
    const out: Record<string, unknown> = { attributes: { type: object, url: `${DATA}/sobjects/${object}/${rec.Id}` } };
    for (const field of fields) {
      const parts = field.split('.');
      if (parts.length === 1) {
        out[field] = rec[field] ?? null;
        continue;
      }
      // Parent fields come back nested: { Owner: { attributes, Email } }, or null when there is no parent.
      const relKey = parts[0]!.endsWith('__r') ? `${parts[0]!.slice(0, -3)}__c` : `${parts[0]}Id`;
      const parentId = rec[relKey];
      const parent = typeof parentId === 'string' ? findById(parentId) : undefined;
      if (!parent) {
        out[parts[0]!] = null;
        continue;
      }
      const nested = (out[parts[0]!] as Record<string, unknown> | null) ?? {
        attributes: { type: parent.object, url: `${DATA}/sobjects/${parent.object}/${parent.rec.Id}` },
      };
      nested[parts.slice(1).join('.')] = get(parent.rec, parts.slice(1).join('.'));
      out[parts[0]!] = nested;
    }
    return out;
  }

  function runQuery(q: Query): { records: unknown[] } | { status: number; body: unknown } {
    const def = defs.get(q.from.toLowerCase());
    if (!def) return errors(400, 'INVALID_TYPE', `sObject type '${q.from}' is not supported.`);
    const known = new Set([...SYSTEM_SET, ...def.fields.map((x) => x.name)]);
    for (const field of q.fields) {
      if (!field.includes('.') && !known.has(field))
        return errors(400, 'INVALID_FIELD', `No such column '${field}' on entity '${def.name}'.`);
    }
    let rows = [...tables.get(def.name)!.values()].filter((r) => matches(q.where, (path) => get(r, path)));
    if (q.orderBy.length) {
      rows.sort((a, b) => {
        for (const o of q.orderBy) {
          const va = get(a, o.field);
          const vb = get(b, o.field);
          if (va === vb) continue;
          const c = va === null ? -1 : vb === null ? 1 : (va as number | string) < (vb as number | string) ? -1 : 1;
          return o.desc ? -c : c;
        }
        return 0;
      });
    }
    if (q.limit !== null) rows = rows.slice(0, q.limit);
    return { records: rows.map((r) => shape(def.name, r, q.fields)) };
  }

  function queryAnswer(records: unknown[], batch: number, offset: number) {
    const page = records.slice(offset, offset + batch);
    const done = offset + batch >= records.length;
    let nextRecordsUrl: string | undefined;
    if (!done) {
      const locator = `01g${String(locators.size + 1).padStart(12, '0')}`;
      locators.set(locator, { records, batch });
      nextRecordsUrl = `${DATA}/query/${locator}-${offset + batch}`;
    }
    return { status: 200, body: { totalSize: records.length, done, ...(nextRecordsUrl ? { nextRecordsUrl } : {}), records: page } };
  }

  function validateWrite(def: ObjectDef, body: Record<string, unknown>, creating: boolean) {
    for (const [k, v] of Object.entries(body)) {
      const field = def.fields.find((x) => x.name === k);
      if (!field) return errors(400, 'INVALID_FIELD', `No such column '${k}' on sobject of type ${def.name}`, [k]);
      if (field.createable === false) return errors(400, 'INVALID_FIELD_FOR_INSERT_UPDATE', `Unable to create/update fields: ${k}.`, [k]);
      if (field.type === 'reference' && v !== null) {
        const target = typeof v === 'string' ? findById(v) : undefined;
        if (!target || !field.referenceTo?.includes(target.object))
          return errors(400, 'FIELD_INTEGRITY_EXCEPTION', `${k}: id value of incorrect type: ${String(v)}`, [k]);
      }
    }
    if (def.name === 'Task') {
      const statuses = [...tables.get('TaskStatus')!.values()].map((s) => s.ApiName ?? s.MasterLabel);
      if (body.Status !== undefined && !statuses.includes(body.Status))
        return errors(
          400,
          'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
          `Status: bad value for restricted picklist field: ${String(body.Status)}`,
          ['Status'],
        );
      if (!creating && 'TaskSubtype' in body)
        return errors(400, 'INVALID_FIELD_FOR_INSERT_UPDATE', 'Unable to create/update fields: TaskSubtype.', ['TaskSubtype']);
      const whoId = body.WhoId;
      if (typeof whoId === 'string' && whoId.startsWith('00Q') && body.WhatId)
        return errors(400, 'FIELD_INTEGRITY_EXCEPTION', 'Lead can not have a related To', ['WhatId']);
    }
    for (const field of def.fields.filter((x) => x.unique)) {
      const value = body[field.name];
      if (value === undefined || value === null) continue;
      const clash = [...tables.get(def.name)!.values()].find((r) => r[field.name] === value);
      if (clash && creating)
        return errors(400, 'DUPLICATE_VALUE', `duplicate value found: ${field.name} duplicates value on record with id: ${clash.Id}`, [
          field.name,
        ]);
    }
    return null;
  }

  /** One REST request under the data path (also each composite subrequest). */
  function dispatch(
    method: string,
    path: string,
    body: unknown,
    batch: number,
  ): { status: number; body: unknown; headers?: Record<string, string> } {
    const url = new URL(path, 'https://x');
    const rest = url.pathname.slice(DATA.length);
    if (!url.pathname.startsWith(`${DATA}/`) && url.pathname !== DATA)
      return errors(404, 'NOT_FOUND', 'The requested resource does not exist');
    if (method === 'GET' && rest === '/query') {
      try {
        const result = runQuery(parseSoql(url.searchParams.get('q') ?? ''));
        if ('status' in result) return result;
        return queryAnswer(result.records, batch, 0);
      } catch (e) {
        if (e instanceof SoqlError) return errors(400, 'MALFORMED_QUERY', e.message);
        throw e;
      }
    }
    const more = /^\/query\/(01g\d+)-(\d+)$/.exec(rest);
    if (method === 'GET' && more) {
      const loc = locators.get(more[1]!);
      if (!loc) return errors(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
      return queryAnswer(loc.records, loc.batch, Number(more[2]));
    }
    if (method === 'GET' && rest === '/sobjects')
      return {
        status: 200,
        body: {
          encoding: 'UTF-8',
          maxBatchSize: 200,
          sobjects: OBJECTS.map((o) => ({
            name: o.name,
            label: o.name.replace(/__c$/, '').replace(/_/g, ' '),
            custom: o.custom ?? false,
            queryable: true,
            keyPrefix: o.prefix,
            createable: true,
          })),
        },
      };
    const describe = /^\/sobjects\/(\w+)\/describe$/.exec(rest);
    if (method === 'GET' && describe) {
      const def = defs.get(describe[1]!.toLowerCase());
      if (!def) return errors(404, 'NOT_FOUND', 'The requested resource does not exist');
      const statuses = [...tables.get('TaskStatus')!.values()];
      return {
        status: 200,
        body: {
          name: def.name,
          label: def.name,
          queryable: true,
          custom: def.custom ?? false,
          fields: [...SYSTEM, ...def.fields].map((x) => ({
            name: x.name,
            label: x.label ?? x.name.replace(/__c$/, '').replace(/_/g, ' '),
            type: x.type,
            referenceTo: x.referenceTo ?? [],
            filterable: true,
            externalId: x.externalId ?? false,
            unique: x.unique ?? false,
            picklistValues:
              def.name === 'Task' && x.name === 'Status'
                ? statuses.map((s) => ({ value: s.ApiName, label: s.MasterLabel, active: true }))
                : [],
          })),
        },
      };
    }
    const create = /^\/sobjects\/(\w+)$/.exec(rest);
    if (method === 'POST' && create) {
      const def = defs.get(create[1]!.toLowerCase());
      if (!def) return errors(404, 'NOT_FOUND', 'The requested resource does not exist');
      const fields = (body ?? {}) as Record<string, unknown>;
      const bad = validateWrite(def, fields, true);
      if (bad) return bad;
      const rec = insert(def.name, fields);
      return {
        status: 201,
        body: { id: rec.Id, success: true, errors: [] },
        headers: { Location: `${DATA}/sobjects/${def.name}/${rec.Id}` },
      };
    }
    const update = /^\/sobjects\/(\w+)\/([a-zA-Z0-9]{15,18})$/.exec(rest);
    if (method === 'PATCH' && update) {
      const def = defs.get(update[1]!.toLowerCase());
      const found = findById(update[2]!);
      if (!def || !found) return errors(404, 'NOT_FOUND', 'The requested resource does not exist');
      const fields = (body ?? {}) as Record<string, unknown>;
      const bad = validateWrite(def, fields, false);
      if (bad) return bad;
      Object.assign(found.rec, fields, { SystemModstamp: sfDateTime(now()) });
      if (def.name === 'Task') found.rec.IsClosed = isClosedStatus(found.rec.Status);
      return { status: 204, body: null };
    }
    const upsert = /^\/sobjects\/(\w+)\/(\w+)\/([^/]+)$/.exec(rest);
    if (method === 'PATCH' && upsert) {
      const def = defs.get(upsert[1]!.toLowerCase());
      const field = def?.fields.find((x) => x.name === upsert[2]);
      if (!def || !field?.externalId) return errors(404, 'NOT_FOUND', 'The requested resource does not exist');
      const value = decodeURIComponent(upsert[3]!);
      const fields = (body ?? {}) as Record<string, unknown>;
      if (field.name in fields)
        return errors(400, 'INVALID_FIELD', `${field.name} is specified in both the URL and the body`, [field.name]);
      const existing = [...tables.get(def.name)!.values()].filter((r) => r[field.name] === value);
      if (existing.length > 1) return { status: 300, body: existing.map((r) => `${DATA}/sobjects/${def.name}/${r.Id}`) };
      const bad = validateWrite(def, fields, existing.length === 0);
      if (bad) return bad;
      if (existing[0]) {
        Object.assign(existing[0], fields, { SystemModstamp: sfDateTime(now()) });
        if (def.name === 'Task') existing[0].IsClosed = isClosedStatus(existing[0].Status);
        return { status: 200, body: { id: existing[0].Id, success: true, errors: [], created: false } };
      }
      const rec = insert(def.name, { ...fields, [field.name]: value });
      return { status: 201, body: { id: rec.Id, success: true, errors: [], created: true } };
    }
    if (method === 'POST' && rest === '/composite') {
      const req = body as {
        allOrNone?: boolean;
        compositeRequest?: { method: string; url: string; referenceId: string; body?: unknown }[];
      };
      const subs = req?.compositeRequest;
      if (!Array.isArray(subs) || subs.length === 0) return errors(400, 'JSON_PARSER_ERROR', 'compositeRequest is required');
      if (subs.length > 25) return errors(400, 'LIMIT_EXCEEDED', 'Composite requests cannot have more than 25 subrequests');
      // Of those, at most 5 may be query operations (Query, QueryAll, the next batch of a query).
      if (subs.filter((x) => /\/query(All)?(\/|\?|$)/.test(x.url)).length > 5)
        return errors(400, 'LIMIT_EXCEEDED', 'Composite requests cannot have more than 5 query operations');
      const compositeResponse = subs.map((s) => {
        const r: Answer = s.url.startsWith(`${DATA}/`)
          ? dispatch(s.method, s.url, s.body, 2000)
          : errors(400, 'INVALID_API_VERSION', 'Subrequests must use the version of the composite request');
        return { body: r.body, httpHeaders: r.headers ?? {}, httpStatusCode: r.status, referenceId: s.referenceId };
      });
      return { status: 200, body: { compositeResponse } };
    }
    return errors(404, 'NOT_FOUND', 'The requested resource does not exist');
  }

  /**
   * The REST API takes a session only from the `Authorization` header (`Bearer` or the older
   * `OAuth`); a `sid` cookie sent along is ignored, as on a real org: a request carrying only the
   * cookie is refused like one carrying nothing.
   */
  function sessionFor(request: Request) {
    const auth = request.headers.get('Authorization') ?? '';
    const sid = /^(?:Bearer|OAuth)\s+(.+)$/.exec(auth)?.[1];
    return sid ? liveSession(sid) : null;
  }
  function liveSession(sid: string) {
    const s = sessions.get(sid);
    if (!s) return null;
    if (s.expiresAt <= now()) return 'expired' as const;
    return s;
  }
  const cookieSid = (request: Request) => /(?:^|;\s*)sid=([^;]+)/.exec(request.headers.get('Cookie') ?? '')?.[1] ?? null;
  const lightningOrigin = `https://${opts.host.replace(/\.my\.salesforce\.(com|mil)$/, '.lightning.force.$1')}`;

  const page = (status: number, title: string, text: string, headers: Record<string, string> = {}) =>
    new Response(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`,
      {
        status,
        headers: { 'Content-Type': 'text/html;charset=UTF-8', 'Cache-Control': 'no-store', ...headers },
      },
    );
  const redirect = (location: string, cookie?: string) =>
    new Response(null, {
      status: 302,
      headers: { Location: location, 'Cache-Control': 'no-store', ...(cookie ? { 'Set-Cookie': cookie } : {}) },
    });
  /** where a `retURL`/`startURL` leads: Lightning paths open on the org's Lightning host, the rest here */
  const afterLogin = (ret: string | null) => {
    const path = ret && ret.startsWith('/') && !ret.startsWith('//') ? ret : '/lightning/page/home';
    return path.startsWith('/lightning/') || path.startsWith('/one/') ? `${lightningOrigin}${path}` : `https://${opts.host}${path}`;
  };
  /**
   * The browser session cookie as an org sets it on its My Domain host: host-only (no Domain),
   * Secure, HttpOnly (the "Require HttpOnly attribute" session setting) and SameSite=None, which
   * Lightning's cross-host requests need. Page scripts cannot read it; an extension holding the
   * `cookies` permission and the host can.
   */
  const sidCookie = (sid: string) => `sid=${sid}; Path=/; Secure; HttpOnly; SameSite=None`;

  /** The org's web pages on its My Domain host: session bridging, logout, the login page. */
  async function web(request: Request, url: URL): Promise<Response> {
    const form = request.method === 'POST' ? new URLSearchParams(await request.text()) : url.searchParams;
    if (url.pathname === '/secur/frontdoor.jsp') {
      // Bridges an existing session (a session id or access token) into a browser session.
      const sid = form.get('sid') ?? '';
      const s = liveSession(sid);
      if (!s || s === 'expired') return redirect(`https://${opts.host}/?ec=302&startURL=${encodeURIComponent(form.get('retURL') ?? '')}`);
      return redirect(afterLogin(form.get('retURL')), sidCookie(sid));
    }
    if (url.pathname === '/secur/logout.jsp') {
      const sid = cookieSid(request);
      if (sid) sessions.delete(sid);
      return redirect(`https://${opts.host}/`, 'sid=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=None');
    }
    if (url.pathname === '/services/oauth2/authorize') return authorize(request, url);
    if (url.pathname === '/services/oauth2/token' && request.method === 'POST') return token(form);
    const sid = cookieSid(request);
    const s = sid ? liveSession(sid) : null;
    if (!s || s === 'expired') return page(200, 'Login | Salesforce', 'Sign in to continue.');
    if (url.pathname === '/' || url.pathname.startsWith('/lightning/'))
      return redirect(afterLogin(url.pathname === '/' ? null : url.pathname));
    return page(200, 'Salesforce', `Signed in as ${s.userId}.`);
  }

  /**
   * GET /services/oauth2/authorize (authorization code with PKCE): a user signed in to the org (its
   * `sid` cookie) approves at once; the answer goes to the app's callback URL with `code` and
   * `state`, or with `error` and `error_description`.
   */
  function authorize(request: Request, url: URL): Response {
    const q = url.searchParams;
    const app = apps.get(q.get('client_id') ?? '');
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!app || app.callbackUrl !== redirectUri) return page(400, 'Error', 'error=redirect_uri_mismatch');
    const back = (params: Record<string, string>) => {
      const to = new URL(redirectUri);
      for (const [k, v] of Object.entries({ ...params, ...(q.get('state') ? { state: q.get('state')! } : {}) })) to.searchParams.set(k, v);
      return redirect(to.toString());
    };
    if (app.blocked) return back({ error: 'OAUTH_APP_BLOCKED', error_description: 'this app is blocked by admin' });
    if (q.get('response_type') !== 'code')
      return back({ error: 'unsupported_response_type', error_description: 'response type not supported' });
    const challenge = q.get('code_challenge') ?? '';
    if (q.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(challenge))
      return back({ error: 'invalid_request', error_description: 'invalid code_challenge' });
    const sid = cookieSid(request);
    const s = sid ? liveSession(sid) : null;
    if (!s || s === 'expired') return page(200, 'Login | Salesforce', 'Sign in to continue.');
    const code = `aPrx${crypto.randomUUID().replace(/-/g, '')}`;
    codes.set(code, { userId: s.userId, app: q.get('client_id')!, redirectUri, challenge, expiresAt: now() + 15 * 60_000 });
    return back({ code });
  }

  const base64url = (bytes: ArrayBuffer) => Buffer.from(bytes).toString('base64url');

  /** POST /services/oauth2/token: authorization_code (with code_verifier) and refresh_token grants. */
  async function token(form: URLSearchParams): Promise<Response> {
    const fail = (error: string, error_description: string) =>
      new Response(JSON.stringify({ error, error_description }), {
        status: 400,
        headers: { 'Content-Type': 'application/json;charset=UTF-8' },
      });
    const appKey = form.get('client_id') ?? '';
    const app = apps.get(appKey);
    if (!app) return fail('invalid_client_id', 'client identifier invalid');
    if (app.blocked) return fail('OAUTH_APP_BLOCKED', 'this app is blocked by admin');
    let userId: string;
    if (form.get('grant_type') === 'authorization_code') {
      const code = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      if (!code || code.expiresAt <= now() || code.app !== appKey) return fail('invalid_grant', 'invalid authorization code');
      if (code.redirectUri !== form.get('redirect_uri')) return fail('redirect_uri_mismatch', 'redirect_uri must match configuration');
      const verifier = form.get('code_verifier') ?? '';
      const digest = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
      if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || digest !== code.challenge) return fail('invalid_grant', 'invalid code verifier');
      userId = code.userId;
    } else if (form.get('grant_type') === 'refresh_token') {
      const r = refreshTokens.get(form.get('refresh_token') ?? '');
      if (!r || r.app !== appKey) return fail('invalid_grant', 'expired access/refresh token');
      userId = r.userId;
    } else return fail('unsupported_grant_type', 'grant type not supported');
    const access = `00D000000000001!${crypto.randomUUID().replace(/-/g, '')}`;
    sessions.set(access, { userId, expiresAt: now() + (opts.sessionTtlMs ?? 2 * 3_600_000), via: 'oauth', app: appKey });
    const body: Record<string, string> = {
      access_token: access,
      instance_url: `https://${opts.host}`,
      id: `https://login.salesforce.com/id/00D000000000001AAA/${userId}`,
      token_type: 'Bearer',
      issued_at: String(now()),
      scope: 'refresh_token api',
    };
    if (form.get('grant_type') === 'authorization_code') {
      const refresh = `5Aep${crypto.randomUUID().replace(/-/g, '')}`;
      refreshTokens.set(refresh, { userId, app: appKey });
      body.refresh_token = refresh;
    }
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json;charset=UTF-8' } });
  }

  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(status === 204 || body === null ? null : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json;charset=UTF-8', 'Sforce-Limit-Info': `api-usage=${apiUsed}/${dailyLimit}`, ...headers },
    });

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.hostname !== opts.host) return new Response('not this org', { status: 421 });
    const path = url.pathname + url.search;
    if (url.pathname === '/services/data' || url.pathname === '/services/data/')
      return json(200, [{ label: "Winter '27", url: DATA, version: API_VERSION.slice(1) }]);
    if (!url.pathname.startsWith('/services/data/')) return web(request, url);
    const record = (status: number) => log.push({ method: request.method, path: url.pathname, status });
    const session = sessionFor(request);
    const blocked = session !== null && session !== 'expired' && session.via === 'browser' && sessionApiBlocked;
    if (session === null || session === 'expired' || blocked) {
      record(401);
      const message = blocked ? 'This session is not valid for use with the REST API' : 'Session expired or invalid';
      return json(401, [{ message, errorCode: 'INVALID_SESSION_ID' }]);
    }
    if (session.app && apps.get(session.app)?.blocked) {
      record(403);
      return json(403, [{ message: 'this app is blocked by admin', errorCode: 'OAUTH_APP_BLOCKED' }]);
    }
    if (apiUsed >= dailyLimit) {
      record(403);
      return json(403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    }
    apiUsed++;
    if (faults.hang > 0) {
      faults.hang--;
      record(0);
      // Never answers; the client's own timeout ends it.
      return new Promise<Response>((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason)));
    }
    if (faults.unavailable > 0) {
      faults.unavailable--;
      record(503);
      return json(503, [{ message: 'Server unavailable', errorCode: 'SERVER_UNAVAILABLE' }]);
    }
    if (!url.pathname.startsWith(`${DATA}/`) && url.pathname !== DATA) {
      record(404);
      return json(404, [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
    }
    let body: unknown;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const text = await request.text();
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        record(400);
        return json(400, [{ message: 'Unexpected character', errorCode: 'JSON_PARSER_ERROR' }]);
      }
    }
    const batch = Math.max(
      200,
      Math.min(2000, Number(/batchSize=(\d+)/.exec(request.headers.get('Sforce-Query-Options') ?? '')?.[1] ?? 2000)),
    );
    const result = dispatch(request.method, path, body, batch);
    record(result.status);
    if (faults.lostAnswers > 0) {
      faults.lostAnswers--;
      throw new TypeError('fetch failed: connection reset (the org did the work, the answer was lost)');
    }
    return json(result.status, result.body, result.headers);
  }

  return {
    host: opts.host,
    origin: `https://${opts.host}`,
    /** a fetch for node tests: only this org's host answers */
    fetch: ((input: RequestInfo | URL, init?: RequestInit) => handle(new Request(input, init))) as typeof fetch,
    handle,
    /** a signed-in user: the `sid` a browser would hold as a cookie */
    login(userId: string, ttlMs = opts.sessionTtlMs ?? 2 * 3_600_000): string {
      const sid = `00D000000000001!${crypto.randomUUID().replace(/-/g, '')}`;
      sessions.set(sid, { userId, expiresAt: now() + ttlMs, via: 'browser' });
      return sid;
    },
    /** the org's own External Client App (OAuth, PKCE, no secret): its consumer key and callback URL */
    addOAuthApp(consumerKey: string, callbackUrl: string) {
      apps.set(consumerKey, { callbackUrl, blocked: false });
    },
    /** an admin blocks the app (Connected Apps OAuth Usage → Block, or API Access Control without it) */
    blockOAuthApp(consumerKey: string, blocked = true) {
      const app = apps.get(consumerKey);
      if (app) app.blocked = blocked;
    },
    /** whether a session id or access token is live now */
    isLive: (sid: string) => {
      const s = liveSession(sid);
      return s !== null && s !== 'expired';
    },
    expire(sid: string) {
      sessions.delete(sid);
    },
    /** API Access Control: browser sessions are refused by the REST API */
    blockSessionApi(on: boolean) {
      sessionApiBlocked = on;
    },
    insert,
    records: (object: string) => [...tables.get(object)!.values()],
    get: (id: string) => findById(id)?.rec,
    usage: () => ({ used: apiUsed, max: dailyLimit }),
    setUsage(used: number, max = dailyLimit) {
      apiUsed = used;
      dailyLimit = max;
    },
    /** injected faults not yet spent */
    faultsLeft: () => faults.unavailable + faults.lostAnswers + faults.hang,
    inject(plan: FaultPlan) {
      faults = { unavailable: plan.unavailable ?? 0, lostAnswers: plan.lostAnswers ?? 0, hang: plan.hang ?? 0 };
    },
    log,
  };
}
export type FakeOrg = ReturnType<typeof createFakeOrg>;

/** A small org: statuses and priorities of its own words, two reps and a manager, contacts with accounts. */
export function seedOrg(org: FakeOrg) {
  for (const [i, s] of [
    ['Not Started', false, true],
    ['In Progress', false, false],
    ['Erledigt', true, false],
  ].entries())
    org.insert('TaskStatus', { ApiName: s[0], MasterLabel: s[0], IsClosed: s[1], IsDefault: s[2], SortOrder: i + 1 });
  for (const [i, p] of [
    ['Hoch', true, false],
    ['Normal', false, true],
    ['Low', false, false],
  ].entries())
    org.insert('TaskPriority', { ApiName: p[0], MasterLabel: p[0], IsHighPriority: p[1], IsDefault: p[2], SortOrder: i + 1 });
  const manager = org.insert('User', { Email: 'mia.manager@loopside.example', Name: 'Mia Manager', IsActive: true, UserType: 'Standard' });
  const rep = org.insert('User', {
    Email: 'alex.rep@loopside.example',
    Name: 'Alex Rep',
    IsActive: true,
    UserType: 'Standard',
    ManagerId: manager.Id,
  });
  org.insert('User', { Email: 'gone@loopside.example', Name: 'Gone', IsActive: false, UserType: 'Standard' });
  const account = org.insert('Account', { Name: 'Globex', AnnualRevenue: 2_500_000, OwnerId: rep.Id });
  const contact = org.insert('Contact', { Email: 'Dana@Globex.example', Name: 'Dana Buyer', AccountId: account.Id, OwnerId: rep.Id });
  const lead = org.insert('Lead', { Email: 'lee@initech.example', Name: 'Lee Lead', Company: 'Initech', OwnerId: rep.Id });
  const nps = org.insert('SurveyQuestion', { QuestionType: 'NPS', Name: 'How likely…', DeveloperName: 'nps' });
  const text = org.insert('SurveyQuestion', { QuestionType: 'FreeText', Name: 'Why?', DeveloperName: 'why' });
  return { manager, rep, account, contact, lead, questions: { nps, text } };
}

/** A Feedback Management response: invitation, response, the NPS answer and the free-text answer. */
export function addSurveyResponse(org: FakeOrg, seed: ReturnType<typeof seedOrg>, participantId: string, score: number, comment: string) {
  const invitation = org.insert('SurveyInvitation', { ParticipantId: participantId, Name: 'NPS' });
  const response = org.insert('SurveyResponse', { InvitationId: invitation.Id, Status: 'Completed' });
  org.insert('SurveyQuestionResponse', {
    ResponseId: response.Id,
    InvitationId: invitation.Id,
    QuestionId: seed.questions.nps.Id,
    NumberValue: score,
    Datatype: 'Int',
  });
  if (comment)
    org.insert('SurveyQuestionResponse', {
      ResponseId: response.Id,
      InvitationId: invitation.Id,
      QuestionId: seed.questions.text.Id,
      ResponseValue: comment,
      Datatype: 'String',
    });
  return response;
}
