import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake CRM event log on 127.0.0.1 for sync tests: what the HTTP local adapter speaks (POST and GET
 * /events, PUT /loops/:id for a loop's task), plus the
 * knobs a test needs (latency, scripted faults) and the counters that prove "nothing lost, nothing
 * twice" (how often each event id arrived, how many copies were stored).
 */

/** What the next matching answers do instead of the normal reply. */
export type Fault =
  /** answer this status without storing (Retry-After as given: seconds or an HTTP date) */
  | { kind: 'status'; status: number; retryAfter?: string }
  /** store the event, then answer this status: the acknowledgement is lost, the copy is not */
  | { kind: 'store-then-status'; status: number }
  /** answer 200 with this body instead of the real one */
  | { kind: 'body'; body: string }
  /** cut the connection without an answer (a network error for the client) */
  | { kind: 'drop' };

export type FaultTarget = 'push' | 'pull' | 'loop' | 'any';

export interface RequestRecord {
  method: string;
  path: string;
  at: number;
  idempotencyKey: string | null;
  status: number;
}

export interface FakeCrm {
  /** base URL to put in the settings' syncUrl */
  url: string;
  /** the next `count` requests of that kind get `fault` */
  failNext(count: number, fault: Fault, on?: FaultTarget): void;
  /**
   * Held before every answer (after storing): a stop in this window loses the acknowledgement.
   * A function decides per request, and may return a promise to hold an answer until it settles.
   */
  setLatency(ms: number | Latency): void;
  /** held before a request is read: the push is on its way but not yet received */
  setIntakeDelay(ms: number): void;
  /** called as each push arrives, before it is answered */
  onPush(listener: (eventId: string, body: unknown) => void): () => void;
  /** stored events as another team member would have pushed them (any JSON, valid or not) */
  seed(...events: unknown[]): void;
  /** the loop projections (tasks) as last PUT, by loop id */
  loops(): Map<string, unknown>;
  /** how many PUTs reached this loop */
  loopWrites(loopId: string): number;
  /** how many POSTs carried this idempotency key */
  received(eventId: string): number;
  /** copies stored with this id (dedupe keeps it at most 1) */
  stored(eventId: string): number;
  events(): unknown[];
  requests(): RequestRecord[];
  reset(): void;
  close(): Promise<void>;
}

export type Latency = (request: { method: string; eventId: string | null }) => number | Promise<unknown>;

export interface FakeCrmOptions {
  /** page size of GET /events */
  pageSize?: number;
  maxEvents?: number;
  maxBodyBytes?: number;
}

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Idempotency-Key',
  'Access-Control-Expose-Headers': 'Retry-After',
  // Chromium's Private Network Access asks this of loopback servers reached from other origins.
  'Access-Control-Allow-Private-Network': 'true',
  'Access-Control-Max-Age': '600',
};
const MAX_REQUEST_LOG = 10_000;

export async function startFakeCrm(opts: FakeCrmOptions = {}): Promise<FakeCrm> {
  const pageSize = opts.pageSize ?? 100;
  const maxEvents = opts.maxEvents ?? 100_000;
  const maxBodyBytes = opts.maxBodyBytes ?? 64 * 1024;

  let log: { seq: number; id: string; body: unknown }[] = [];
  let byId = new Map<string, unknown>();
  let receipts = new Map<string, number>();
  let loops = new Map<string, unknown>();
  let loopWrites = new Map<string, number>();
  let faults: { fault: Fault; on: FaultTarget; left: number }[] = [];
  let latency: Latency = () => 0;
  let intakeDelay = 0;
  let requestLog: RequestRecord[] = [];
  const pushListeners = new Set<(eventId: string, body: unknown) => void>();
  let seq = 0;

  const store = (id: string, body: unknown) => {
    log.push({ seq: ++seq, id, body });
    byId.set(id, body);
  };

  function takeFault(kind: 'push' | 'pull' | 'loop'): Fault | undefined {
    const next = faults.find((f) => f.on === kind || f.on === 'any');
    if (!next) return undefined;
    if (--next.left <= 0) faults = faults.filter((f) => f !== next);
    return next.fault;
  }

  async function readBody(req: IncomingMessage): Promise<string | null> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBodyBytes) return null;
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
    const answer = async (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const wait = latency({ method: req.method ?? '', eventId: key });
      if (typeof wait !== 'number') await wait;
      else if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      record(status);
      // The client may be gone by now (a stopped worker): its answer is simply lost.
      if (res.destroyed || res.socket?.destroyed) return;
      res.writeHead(status, { ...CORS_HEADERS, 'Content-Type': 'application/json', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const record = (status: number) => {
      requestLog.push({ method: req.method ?? '', path: url.pathname + url.search, at: Date.now(), idempotencyKey: key, status });
      if (requestLog.length > MAX_REQUEST_LOG) requestLog = requestLog.slice(-MAX_REQUEST_LOG / 2);
    };
    const applyFault = async (fault: Fault | undefined, store: () => void): Promise<boolean> => {
      if (!fault) return false;
      if (fault.kind === 'drop') {
        record(0);
        req.socket.destroy();
        return true;
      }
      if (fault.kind === 'body') {
        store();
        await answer(200, fault.body);
        return true;
      }
      if (fault.kind === 'store-then-status') store();
      await answer(
        fault.status,
        { error: `scripted ${fault.status}` },
        fault.kind === 'status' && fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {},
      );
      return true;
    };

    if (req.method === 'OPTIONS') {
      record(204);
      res.writeHead(204, CORS_HEADERS);
      res.end();
      return;
    }
    const loopPath = /^\/loops\/([^/]+)$/.exec(url.pathname);
    if (loopPath) {
      if (req.method !== 'PUT') return answer(405, { error: 'method not allowed' });
      const loopId = decodeURIComponent(loopPath[1]!);
      const text = await readBody(req);
      if (text === null) return answer(413, { error: 'body too large' });
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return answer(400, { error: 'body is not JSON' });
      }
      if (typeof body !== 'object' || body === null || (body as { loopId?: unknown }).loopId !== loopId) {
        return answer(422, { error: 'loopId in the body must match the path' });
      }
      loopWrites.set(loopId, (loopWrites.get(loopId) ?? 0) + 1);
      const put = () => void loops.set(loopId, body);
      if (await applyFault(takeFault('loop'), put)) return;
      // An upsert: the first PUT creates the task, later ones replace it.
      const created = !loops.has(loopId);
      put();
      return answer(created ? 201 : 200, { loopId });
    }
    if (url.pathname !== '/events') return answer(404, { error: 'not found' });

    if (req.method === 'POST') {
      if (intakeDelay > 0) await new Promise((r) => setTimeout(r, intakeDelay));
      const text = await readBody(req);
      if (text === null) return answer(413, { error: 'body too large' });
      if (!key) return answer(400, { error: 'Idempotency-Key header required' });
      receipts.set(key, (receipts.get(key) ?? 0) + 1);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return answer(400, { error: 'body is not JSON' });
      }
      for (const listener of pushListeners) listener(key, body);
      const id = typeof body === 'object' && body !== null ? (body as { id?: unknown }).id : undefined;
      if (id !== key) return answer(422, { error: 'Idempotency-Key must be the event id' });
      const storeOnce = () => {
        if (!byId.has(key) && log.length < maxEvents) store(key, body);
      };
      if (await applyFault(takeFault('push'), storeOnce)) return;
      // A repeated key gets the first copy back, as a real idempotent API does, and stores nothing.
      if (byId.has(key)) return answer(200, byId.get(key));
      if (log.length >= maxEvents) return answer(507, { error: 'event log full' });
      store(key, body);
      return answer(201, body);
    }

    if (req.method === 'GET') {
      const since = url.searchParams.get('since') ?? '';
      if (!/^\d*$/.test(since)) return answer(400, { error: 'bad cursor' });
      if (await applyFault(takeFault('pull'), () => {})) return;
      const from = since === '' ? 0 : Number(since);
      const page = log.filter((e) => e.seq > from).slice(0, pageSize);
      const cursor = page.length > 0 ? String(page.at(-1)!.seq) : String(from);
      return answer(200, { events: page.map((e) => e.body), cursor });
    }
    return answer(405, { error: 'method not allowed' });
  }

  const server = createServer((req, res) => {
    // A client that hung up mid-answer must not take the server down with an unhandled error.
    res.on('error', () => {});
    req.on('error', () => {});
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, CORS_HEADERS);
        res.end(String(e));
      }
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    failNext(count, fault, on = 'push') {
      if (count > 0) faults.push({ fault, on, left: count });
    },
    setIntakeDelay(ms) {
      intakeDelay = ms;
    },
    setLatency(ms) {
      latency = typeof ms === 'number' ? () => ms : ms;
    },
    onPush(listener) {
      pushListeners.add(listener);
      return () => pushListeners.delete(listener);
    },
    seed(...events) {
      for (const e of events) {
        const id =
          typeof e === 'object' && e !== null && typeof (e as { id?: unknown }).id === 'string'
            ? (e as { id: string }).id
            : `seed-${seq + 1}`;
        store(id, e);
      }
    },
    loops: () => new Map(loops),
    loopWrites: (loopId) => loopWrites.get(loopId) ?? 0,
    received: (eventId) => receipts.get(eventId) ?? 0,
    stored: (eventId) => log.filter((e) => e.id === eventId).length,
    events: () => log.map((e) => e.body),
    requests: () => [...requestLog],
    reset() {
      log = [];
      byId = new Map();
      receipts = new Map();
      loops = new Map();
      loopWrites = new Map();
      faults = [];
      requestLog = [];
      latency = () => 0;
      intakeDelay = 0;
      seq = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        pushListeners.clear();
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
