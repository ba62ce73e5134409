/**
 * A fake HubSpot portal, written from HubSpot's 2026-03 OpenAPI documents (CRM objects, search,
 * batch, associations v4, owners, properties, account info) and its documented limits — not from
 * what Loopside sends. It answers web-standard Requests (`portal.fetch`), so node tests inject it as
 * `fetch` and tests/fake-hubspot/server.ts serves the same handler over HTTPS at api.hubapi.com.
 *
 * What it models: paging with `after`; search with filterGroups (≤ 5, ≤ 10 filters each, ≤ 25 in all —
 * HubSpot's changelog "Expanded Filtering Capabilities … in HubSpot's Search API", August 2024; filters ANDed, groups ORed),
 * sorts, `limit` ≤ 200 and the 10,000-result cap; search results that lag writes by `searchLagMs`;
 * unique-value properties and `batch/upsert` by `idProperty`; v4 default associations; error bodies
 * `{status, message, category, correlationId}`; `X-HubSpot-RateLimit-*` headers, the ten-second
 * window per token and 5 searches a second per account, 429 when over; 401 for a revoked token;
 * 403 MISSING_SCOPES. Faults are injected per request by tests (`fault`).
 */

const V = '2026-03';
const DATE_PROPS = new Set(['hs_createdate', 'hs_lastmodifieddate', 'hs_timestamp', 'hs_submission_timestamp']);
const OBJECT_TYPES = ['contacts', 'companies', 'tasks', 'calls', 'notes', 'emails', 'meetings', 'feedback_submissions'] as const;
type ObjectType = (typeof OBJECT_TYPES)[number];
const READ_ONLY: ReadonlySet<string> = new Set(['feedback_submissions']);

export interface StoredObject {
  id: string;
  properties: Record<string, string>;
  createdAt: number;
  updatedAt: number;
  /** search sees the object (as of its last write) only from this moment */
  indexedAt: number;
  /** the properties search sees (the state when last indexed) */
  indexed: Record<string, string> | null;
  archived: boolean;
}

export type Fault = '429' | '503' | 'drop_ack' | 'network' | null;

export interface PortalOptions {
  now?: () => number;
  portalId?: number;
  searchLagMs?: number;
  /** requests per ten seconds per token (Professional private app: 190) */
  tenSecondMax?: number;
  searchPerSecond?: number;
  /** objects whose properties may be unique-valued (HubSpot allows it on some objects only) */
  uniqueAllowed?: readonly string[];
  /** the Retry-After (seconds) sent with a 429, if any */
  retryAfterSeconds?: number;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  at: number;
  search: boolean;
}

interface Token {
  scopes: Set<string>;
  revoked: boolean;
}

const READ = 'crm.objects.contacts.read';
const WRITE = 'crm.objects.contacts.write';

export class FakeHubSpotPortal {
  readonly now: () => number;
  readonly portalId: number;
  searchLagMs: number;
  tenSecondMax: number;
  searchPerSecond: number;
  retryAfterSeconds: number | undefined;
  readonly uniqueAllowed: Set<string>;
  readonly objects = new Map<ObjectType, Map<string, StoredObject>>(OBJECT_TYPES.map((t) => [t, new Map()]));
  /** `${from}/${fromId}` → set of `${to}/${toId}` */
  readonly associations = new Map<string, Set<string>>();
  readonly owners: {
    id: string;
    email: string;
    firstName: string;
    lastName: string;
    type: 'PERSON' | 'QUEUE';
    archived: boolean;
    userId: number;
  }[] = [];
  /** object → property name → definition */
  readonly properties = new Map<
    string,
    Map<string, { name: string; type: string; fieldType: string; hasUniqueValue: boolean; label: string; groupName: string }>
  >();
  readonly tokens = new Map<string, Token>();
  readonly log: RequestLogEntry[] = [];
  /** decides a fault for one request (after auth, before the work); tests set it */
  fault: (req: { method: string; path: string; search: boolean }) => Fault = () => null;
  private nextId = 1000;
  private windowHits = new Map<string, number[]>();
  private searchHits: number[] = [];

  constructor(opts: PortalOptions = {}) {
    this.now = opts.now ?? (() => Date.now());
    this.portalId = opts.portalId ?? 24681357;
    this.searchLagMs = opts.searchLagMs ?? 0;
    this.tenSecondMax = opts.tenSecondMax ?? 190;
    this.searchPerSecond = opts.searchPerSecond ?? 5;
    this.retryAfterSeconds = opts.retryAfterSeconds;
    this.uniqueAllowed = new Set(opts.uniqueAllowed ?? []);
    for (const t of OBJECT_TYPES) this.properties.set(t, new Map());
  }

  // ─── Seeding (what a portal already holds) ──────────────────────────────────────────────────────

  addToken(token: string, scopes: readonly string[]): void {
    this.tokens.set(token, { scopes: new Set(scopes), revoked: false });
  }
  revoke(token: string): void {
    const t = this.tokens.get(token);
    if (t) t.revoked = true;
  }
  addOwner(email: string, firstName: string, lastName: string): string {
    const id = String(this.nextId++);
    this.owners.push({ id, email, firstName, lastName, type: 'PERSON', archived: false, userId: Number(id) + 5_000_000 });
    return id;
  }
  /** Creates an object as HubSpot would (also for read-only types, which only HubSpot itself writes). */
  seed(type: ObjectType, properties: Record<string, string>, at = this.now(), id = String(this.nextId++)): StoredObject {
    const obj: StoredObject = { id, properties: {}, createdAt: at, updatedAt: at, indexedAt: at, indexed: null, archived: false };
    this.write(obj, { ...properties, hs_object_id: id, hs_createdate: new Date(at).toISOString() });
    this.objects.get(type)!.set(id, obj);
    return obj;
  }
  associate(from: ObjectType, fromId: string, to: ObjectType, toId: string): void {
    const add = (a: string, b: string) => {
      if (!this.associations.has(a)) this.associations.set(a, new Set());
      this.associations.get(a)!.add(b);
    };
    add(`${from}/${fromId}`, `${to}/${toId}`);
    add(`${to}/${toId}`, `${from}/${fromId}`);
  }
  associated(from: ObjectType, fromId: string, to: ObjectType): string[] {
    return [...(this.associations.get(`${from}/${fromId}`) ?? [])].filter((k) => k.startsWith(`${to}/`)).map((k) => k.slice(to.length + 1));
  }
  all(type: ObjectType): StoredObject[] {
    return [...this.objects.get(type)!.values()].filter((o) => !o.archived);
  }

  // ─── HTTP ───────────────────────────────────────────────────────────────────────────────────────

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    const url = new URL(request.url);
    const body = request.method === 'GET' || request.method === 'DELETE' ? undefined : await request.text();
    const path = url.pathname;
    const search = request.method === 'POST' && /\/search$/.test(path);
    const respond = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      this.log.push({ method: request.method, path, status, at: this.now(), search });
      return new Response(status === 204 ? null : JSON.stringify(json), {
        status,
        headers: { 'Content-Type': 'application/json;charset=utf-8', ...headers },
      });
    };
    const auth = request.headers.get('Authorization') ?? '';
    const tokenText = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    const token = this.tokens.get(tokenText);
    if (!token || token.revoked) {
      return respond(
        401,
        this.error(
          'INVALID_AUTHENTICATION',
          token ? 'The OAuth token used to make this call has been revoked.' : 'Authentication credentials not found.',
        ),
      );
    }
    const limits = this.rateLimit(tokenText, search);
    if (limits.over) return respond(429, limits.body, limits.headers);
    const fault = this.fault({ method: request.method, path, search });
    if (fault === 'network') {
      this.log.push({ method: request.method, path, status: 0, at: this.now(), search });
      throw new TypeError('Failed to fetch');
    }
    if (fault === '429')
      return respond(
        429,
        this.error('RATE_LIMITS', 'You have reached your ten_secondly_rolling limit.', { policyName: 'TEN_SECONDLY_ROLLING' }),
        this.retryAfterHeader(),
      );
    if (fault === '503') return respond(503, this.error('SERVICE_UNAVAILABLE', 'Service unavailable'));
    let result: { status: number; json: unknown };
    try {
      result = this.route(request.method, path, url.searchParams, body === undefined || body === '' ? undefined : JSON.parse(body), token);
    } catch (e) {
      if (e instanceof HttpError) result = { status: e.status, json: this.error(e.category, e.message, e.extra) };
      else if (e instanceof SyntaxError) result = { status: 400, json: this.error('VALIDATION_ERROR', `Invalid input JSON: ${e.message}`) };
      else throw e;
    }
    // A lost acknowledgement: the write happened, the answer never arrives.
    if (fault === 'drop_ack') {
      this.log.push({ method: request.method, path, status: 0, at: this.now(), search });
      throw new TypeError('Failed to fetch (connection reset after the write)');
    }
    return respond(result.status, result.json, limits.headers);
  };

  private retryAfterHeader(): Record<string, string> {
    return this.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(this.retryAfterSeconds) };
  }

  private rateLimit(token: string, search: boolean): { over: boolean; headers: Record<string, string>; body?: unknown } {
    const now = this.now();
    if (search) {
      this.searchHits = this.searchHits.filter((t) => t > now - 1_000);
      if (this.searchHits.length >= this.searchPerSecond) {
        return {
          over: true,
          headers: this.retryAfterHeader(),
          body: this.error('RATE_LIMITS', 'You have reached your secondly limit.', { policyName: 'SECONDLY' }),
        };
      }
      this.searchHits.push(now);
      // HubSpot's search answers carry no rate-limit headers.
      return { over: false, headers: {} };
    }
    const hits = (this.windowHits.get(token) ?? []).filter((t) => t > now - 10_000);
    const over = hits.length >= this.tenSecondMax;
    if (!over) hits.push(now);
    this.windowHits.set(token, hits);
    const headers = {
      'X-HubSpot-RateLimit-Max': String(this.tenSecondMax),
      'X-HubSpot-RateLimit-Remaining': String(Math.max(0, this.tenSecondMax - hits.length)),
      'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
      'X-HubSpot-RateLimit-Daily': '1000000',
      'X-HubSpot-RateLimit-Daily-Remaining': '999000',
    };
    if (over)
      return {
        over,
        headers: { ...headers, ...this.retryAfterHeader() },
        body: this.error('RATE_LIMITS', 'You have reached your ten_secondly_rolling limit.', { policyName: 'TEN_SECONDLY_ROLLING' }),
      };
    return { over, headers };
  }

  private error(category: string, message: string, extra: Record<string, unknown> = {}) {
    return { status: 'error', message, correlationId: crypto.randomUUID(), category, ...extra };
  }

  private requireScope(token: Token, scope: string): void {
    if (!token.scopes.has(scope)) {
      throw new HttpError(403, 'MISSING_SCOPES', "This app hasn't been granted all required scopes to make this call.", {
        errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: [scope] } }],
      });
    }
  }

  private route(method: string, path: string, query: URLSearchParams, body: unknown, token: Token): { status: number; json: unknown } {
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === `/account-info/${V}/details`) {
      return {
        status: 200,
        json: {
          portalId: this.portalId,
          accountType: 'STANDARD',
          timeZone: 'Europe/Berlin',
          companyCurrency: 'EUR',
          additionalCurrencies: [],
          utcOffset: '+01:00',
          utcOffsetMilliseconds: 3_600_000,
          uiDomain: 'app-eu1.hubspot.com',
          dataHostingLocation: 'eu1',
        },
      };
    }
    if (method === 'GET' && path === `/crm/owners/${V}`) {
      this.requireScope(token, 'crm.objects.owners.read');
      const list = this.owners.filter((o) => !o.archived && (!query.get('email') || o.email === query.get('email')));
      return {
        status: 200,
        json: this.listPage(
          list.map((o) => ({ ...o, createdAt: '2024-01-01T00:00:00Z', updatedAt: '2024-01-01T00:00:00Z' })),
          query,
          100,
          500,
        ),
      };
    }
    if ((m = /^\/crm\/properties\/2026-03\/([a-z_]+)(?:\/([A-Za-z0-9_]+))?$/.exec(path))) {
      const [, object, name] = m;
      this.requireScope(token, method === 'GET' ? READ : 'crm.schemas.contacts.write');
      const defs = this.properties.get(object!);
      if (!defs) throw new HttpError(404, 'OBJECT_NOT_FOUND', `Unknown object type ${object}`);
      if (method === 'GET' && name) {
        const def = defs.get(name);
        if (!def) throw new HttpError(404, 'OBJECT_NOT_FOUND', `Unable to find property ${name} for object type ${object}`);
        return { status: 200, json: { ...def, description: '', options: [] } };
      }
      if (method === 'POST' && !name) {
        const input = body as {
          name?: string;
          type?: string;
          fieldType?: string;
          hasUniqueValue?: boolean;
          label?: string;
          groupName?: string;
        };
        if (!input?.name || !input.type || !input.fieldType || !input.label || !input.groupName)
          throw new HttpError(400, 'VALIDATION_ERROR', 'name, label, type, fieldType and groupName are required');
        if (defs.has(input.name)) throw new HttpError(409, 'OBJECT_ALREADY_EXISTS', `A property named ${input.name} already exists`);
        if (input.hasUniqueValue && !this.uniqueAllowed.has(object!))
          throw new HttpError(400, 'VALIDATION_ERROR', `Unique value properties are not supported for ${object}`);
        const def = {
          name: input.name,
          type: input.type,
          fieldType: input.fieldType,
          hasUniqueValue: input.hasUniqueValue === true,
          label: input.label,
          groupName: input.groupName,
        };
        defs.set(input.name, def);
        return { status: 201, json: { ...def, description: '', options: [] } };
      }
    }
    if ((m = /^\/crm\/associations\/2026-03\/([a-z_]+)\/([a-z_]+)\/batch\/(associate\/default|read)$/.exec(path)) && method === 'POST') {
      const [, from, to, op] = m as unknown as [string, ObjectType, ObjectType, string];
      const inputs = this.inputs(body);
      if (op === 'read') {
        this.requireScope(token, READ);
        const results = inputs.map((i: { id?: string }) => ({
          from: { id: String(i.id) },
          to: this.associated(from, String(i.id), to).map((toObjectId) => ({
            toObjectId: Number(toObjectId),
            associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 1, label: null }],
          })),
        }));
        return { status: 200, json: this.batch(results) };
      }
      this.requireScope(token, WRITE);
      for (const i of inputs as { from?: { id?: string }; to?: { id?: string } }[]) {
        const a = this.objects.get(from)?.get(String(i.from?.id));
        const b = this.objects.get(to)?.get(String(i.to?.id));
        if (!a || !b) throw new HttpError(400, 'VALIDATION_ERROR', `No ${from} ${i.from?.id} or ${to} ${i.to?.id}`);
        this.associate(from, a.id, to, b.id);
      }
      return {
        status: 200,
        json: this.batch(inputs.map((i: { from: { id: string }; to: { id: string } }) => ({ from: i.from, to: i.to }))),
      };
    }
    if (
      (m = /^\/crm\/objects\/2026-03\/([a-z_]+)(?:\/(search|batch\/create|batch\/read|batch\/update|batch\/upsert|[0-9]+))?$/.exec(path))
    ) {
      const type = m[1] as ObjectType;
      const op = m[2];
      const store = this.objects.get(type);
      if (!store) throw new HttpError(404, 'OBJECT_NOT_FOUND', `Unknown object type ${type}`);
      const readScope =
        type === 'feedback_submissions'
          ? 'crm.objects.feedback_submissions.read'
          : type === 'companies'
            ? 'crm.objects.companies.read'
            : READ;
      if (method === 'GET' && !op) {
        this.requireScope(token, readScope);
        return {
          status: 200,
          json: this.listPage(
            this.all(type).map((o) => this.view(o, this.wanted(query))),
            query,
            10,
            100,
          ),
        };
      }
      if (method === 'POST' && op === 'search') {
        this.requireScope(token, readScope);
        return { status: 200, json: this.search(type, body) };
      }
      if (method === 'POST' && op === 'batch/read') {
        this.requireScope(token, readScope);
        const b = body as { properties?: string[]; idProperty?: string };
        const props = new Set(b.properties ?? []);
        const found: StoredObject[] = [];
        const errors: unknown[] = [];
        for (const i of this.inputs(body) as { id?: string }[]) {
          const o = b.idProperty ? this.all(type).find((x) => x.properties[b.idProperty!] === String(i.id)) : store.get(String(i.id));
          if (o && !o.archived) found.push(o);
          else
            errors.push({
              status: 'error',
              category: 'OBJECT_NOT_FOUND',
              message: `Could not get some ${type} objects, they may be deleted or not exist.`,
              context: { ids: [String(i.id)] },
            });
        }
        return {
          status: errors.length ? 207 : 200,
          json: this.batch(
            found.map((o) => this.view(o, props)),
            errors,
          ),
        };
      }
      if (READ_ONLY.has(type) && method !== 'GET') throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${type} are read-only`);
      this.requireScope(token, WRITE);
      if (method === 'POST' && op === 'batch/create') {
        const created = (
          this.inputs(body) as { properties?: Record<string, string>; associations?: { to?: { id?: string }; types?: unknown[] }[] }[]
        ).map((i) => {
          this.checkProps(type, i.properties);
          this.checkUnique(type, i.properties ?? {}, undefined);
          for (const a of i.associations ?? [])
            if (!this.objects.get('contacts')!.has(String(a.to?.id)))
              throw new HttpError(400, 'VALIDATION_ERROR', `No contact ${a.to?.id} to associate with`);
          const o = this.seed(type, i.properties ?? {});
          for (const a of i.associations ?? []) this.associate(type, o.id, 'contacts', String(a.to!.id));
          return o;
        });
        return { status: 201, json: this.batch(created.map((o) => this.view(o))) };
      }
      if (method === 'POST' && op === 'batch/upsert') {
        const inputs = this.inputs(body) as { id?: string; idProperty?: string; properties?: Record<string, string> }[];
        const results = inputs.map((i) => {
          const idProperty = i.idProperty ?? 'hs_object_id';
          const def = this.properties.get(type)!.get(idProperty);
          if (!def?.hasUniqueValue)
            throw new HttpError(400, 'VALIDATION_ERROR', `Property ${idProperty} is not a unique identifier for ${type}`);
          this.checkProps(type, i.properties);
          const existing = this.all(type).find((o) => o.properties[idProperty] === String(i.id));
          if (existing) {
            this.write(existing, i.properties ?? {});
            return { ...this.view(existing), new: false };
          }
          const o = this.seed(type, { ...i.properties, [idProperty]: String(i.id) });
          return { ...this.view(o), new: true };
        });
        return { status: 200, json: this.batch(results) };
      }
      if (method === 'PATCH' && op && /^[0-9]+$/.test(op)) {
        const o = store.get(op);
        if (!o || o.archived) throw new HttpError(404, 'OBJECT_NOT_FOUND', `resource not found`);
        const props = (body as { properties?: Record<string, string> })?.properties;
        this.checkProps(type, props);
        this.checkUnique(type, props ?? {}, o.id);
        this.write(o, props ?? {});
        return { status: 200, json: this.view(o) };
      }
      if (method === 'GET' && op && /^[0-9]+$/.test(op)) {
        this.requireScope(token, readScope);
        const o = store.get(op);
        if (!o || o.archived) throw new HttpError(404, 'OBJECT_NOT_FOUND', 'resource not found');
        return { status: 200, json: this.view(o, this.wanted(query)) };
      }
    }
    throw new HttpError(404, 'OBJECT_NOT_FOUND', `No route for ${method} ${path}`);
  }

  private inputs(body: unknown): any[] {
    const inputs = (body as { inputs?: unknown })?.inputs;
    if (!Array.isArray(inputs)) throw new HttpError(400, 'VALIDATION_ERROR', 'inputs is required');
    if (inputs.length > 100) throw new HttpError(400, 'VALIDATION_ERROR', 'Batch input limit is 100');
    return inputs;
  }

  /** Custom properties must exist before they are written, as in HubSpot. */
  private checkProps(type: ObjectType, props: Record<string, string> | undefined): void {
    for (const name of Object.keys(props ?? {})) {
      if (name.startsWith('loopside_') && !this.properties.get(type)!.has(name)) {
        throw new HttpError(400, 'VALIDATION_ERROR', `Property "${name}" does not exist`, {
          errors: [{ message: `Property "${name}" does not exist`, code: 'PROPERTY_DOESNT_EXIST', context: { propertyName: [name] } }],
        });
      }
    }
  }
  private checkUnique(type: ObjectType, props: Record<string, string>, selfId: string | undefined): void {
    for (const [name, value] of Object.entries(props)) {
      if (!this.properties.get(type)!.get(name)?.hasUniqueValue) continue;
      if (this.all(type).some((o) => o.id !== selfId && o.properties[name] === value))
        throw new HttpError(409, 'CONFLICT', `A ${type} with ${name}=${value} already exists`);
    }
  }

  private write(o: StoredObject, props: Record<string, string>): void {
    const at = this.now();
    // The search index sees the previous state until the lag has passed.
    o.indexed = o.indexedAt <= at ? { ...o.properties } : o.indexed;
    o.properties = { ...o.properties, ...props, hs_lastmodifieddate: new Date(at).toISOString() };
    o.updatedAt = at;
    o.indexedAt = at + this.searchLagMs;
  }

  private searchable(o: StoredObject): Record<string, string> | null {
    return o.indexedAt <= this.now() ? o.properties : o.indexed && Object.keys(o.indexed).length ? o.indexed : null;
  }

  private wanted(query: URLSearchParams): Set<string> {
    return new Set((query.getAll('properties').join(',') || '').split(',').filter(Boolean));
  }

  private view(o: StoredObject, props?: Set<string>, source = o.properties) {
    const base = ['hs_object_id', 'hs_createdate', 'hs_lastmodifieddate'];
    const keys = props && props.size ? [...base, ...props] : Object.keys(source);
    return {
      id: o.id,
      properties: Object.fromEntries(keys.map((k) => [k, source[k] ?? null])),
      createdAt: new Date(o.createdAt).toISOString(),
      updatedAt: new Date(o.updatedAt).toISOString(),
      archived: o.archived,
    };
  }

  private batch(results: unknown[], errors: unknown[] = []) {
    const at = new Date(this.now()).toISOString();
    return {
      status: 'COMPLETE',
      results,
      ...(errors.length ? { errors, numErrors: errors.length } : {}),
      requestedAt: at,
      startedAt: at,
      completedAt: at,
    };
  }

  private listPage<T>(items: T[], query: URLSearchParams, defaultLimit: number, maxLimit: number) {
    const limit = Math.min(Number(query.get('limit') ?? defaultLimit) || defaultLimit, maxLimit);
    const offset = Number(query.get('after') ?? 0) || 0;
    const page = items.slice(offset, offset + limit);
    const next = offset + limit < items.length ? String(offset + limit) : undefined;
    return { results: page, ...(next ? { paging: { next: { after: next, link: `?after=${next}` } } } : {}) };
  }

  private search(type: ObjectType, body: unknown) {
    const req = body as {
      filterGroups?: { filters?: { propertyName: string; operator: string; value?: string; values?: string[]; highValue?: string }[] }[];
      sorts?: (string | { propertyName: string; direction?: string })[];
      properties?: string[];
      limit?: number;
      after?: string | number;
      query?: string;
    };
    const groups = req?.filterGroups ?? [];
    if (groups.length > 5) throw new HttpError(400, 'VALIDATION_ERROR', 'There can be at most 5 filterGroups');
    if (groups.some((g) => (g.filters?.length ?? 0) > 10))
      throw new HttpError(400, 'VALIDATION_ERROR', 'There can be at most 10 filters in a filterGroup');
    if (groups.reduce((n, g) => n + (g.filters?.length ?? 0), 0) > 25)
      throw new HttpError(400, 'VALIDATION_ERROR', 'There can be at most 25 filters in total');
    const limit = req?.limit ?? 10;
    if (!Number.isInteger(limit) || limit < 0 || limit > 200)
      throw new HttpError(400, 'VALIDATION_ERROR', 'limit must be between 0 and 200');
    const after = Number(req?.after ?? 0) || 0;
    if (after + limit > 10_000)
      throw new HttpError(400, 'VALIDATION_ERROR', 'The search results are limited to 10,000; narrow the filters to read on');
    const rows = this.all(type).flatMap((o) => {
      const props = this.searchable(o);
      return props ? [{ o, props }] : [];
    });
    const matches = rows.filter(
      ({ props }) => groups.length === 0 || groups.some((g) => (g.filters ?? []).every((f) => matchFilter(props, f))),
    );
    const sorts = (req?.sorts ?? []).map((s) =>
      typeof s === 'string' ? { propertyName: s.replace(/^-/, ''), direction: s.startsWith('-') ? 'DESCENDING' : 'ASCENDING' } : s,
    );
    const ordered = sorts.length
      ? matches.sort((a, b) =>
          sorts.reduce((r, s) => r || compare(a.props, b.props, s.propertyName) * (s.direction === 'DESCENDING' ? -1 : 1), 0),
        )
      : matches.sort((a, b) => Number(a.o.id) - Number(b.o.id));
    const page = ordered.slice(after, after + limit);
    const next = after + limit < Math.min(ordered.length, 10_000) ? String(after + limit) : undefined;
    return {
      total: ordered.length,
      results: page.map(({ o, props }) => this.view(o, new Set(req?.properties ?? []), props)),
      ...(next ? { paging: { next: { after: next } } } : {}),
    };
  }
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly category: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

function comparable(name: string, value: string | undefined): number | string | undefined {
  if (value === undefined || value === null) return undefined;
  if (DATE_PROPS.has(name)) return /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}

function compare(a: Record<string, string>, b: Record<string, string>, name: string): number {
  const x = comparable(name, a[name]);
  const y = comparable(name, b[name]);
  if (x === y) return 0;
  if (x === undefined) return 1;
  if (y === undefined) return -1;
  return x < y ? -1 : 1;
}

function matchFilter(
  props: Record<string, string>,
  f: { propertyName: string; operator: string; value?: string; values?: string[]; highValue?: string },
): boolean {
  const raw = props[f.propertyName];
  const has = raw !== undefined && raw !== null && raw !== '';
  const v = comparable(f.propertyName, raw);
  const c = (x: string | undefined) => comparable(f.propertyName, x);
  switch (f.operator) {
    case 'HAS_PROPERTY':
      return has;
    case 'NOT_HAS_PROPERTY':
      return !has;
    case 'EQ':
      return has && String(raw).toLowerCase() === String(f.value ?? '').toLowerCase();
    case 'NEQ':
      return String(raw ?? '').toLowerCase() !== String(f.value ?? '').toLowerCase();
    case 'IN':
      return has && (f.values ?? []).some((x) => x.toLowerCase() === String(raw).toLowerCase());
    case 'NOT_IN':
      return !(f.values ?? []).some((x) => x.toLowerCase() === String(raw ?? '').toLowerCase());
    case 'GT':
      return has && v! > c(f.value)!;
    case 'GTE':
      return has && v! >= c(f.value)!;
    case 'LT':
      return has && v! < c(f.value)!;
    case 'LTE':
      return has && v! <= c(f.value)!;
    case 'BETWEEN':
      return has && v! >= c(f.value)! && v! <= c(f.highValue)!;
    case 'CONTAINS_TOKEN':
      return (
        has &&
        String(raw)
          .toLowerCase()
          .split(/\W+/)
          .includes(
            String(f.value ?? '')
              .toLowerCase()
              .replace(/\*/g, ''),
          )
      );
    case 'NOT_CONTAINS_TOKEN':
      return !String(raw ?? '')
        .toLowerCase()
        .split(/\W+/)
        .includes(String(f.value ?? '').toLowerCase());
    default:
      throw new HttpError(400, 'VALIDATION_ERROR', `Unknown operator ${f.operator}`);
  }
}
