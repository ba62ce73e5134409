import { createServer } from 'node:https';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Local HTTPS replicas of HubSpot and Salesforce record pages, served at their real host names
 * (the browser maps those names to this server with --host-resolver-rules). Like the real apps
 * they send a strict Content-Security-Policy, change the URL first and render the record later,
 * and navigate between records without a page load. Test-only: the certificate is self-signed.
 */
const here = dirname(fileURLToPath(import.meta.url));
const publicDir = join(here, 'public');

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; connect-src 'self'";

export const REPLICA_HOSTS = [
  'app.hubspot.com',
  'app-eu1.hubspot.com',
  'app-na2.hubspot.com',
  '*.lightning.force.com',
  '*.my.salesforce.com',
  // The fake HubSpot API (tests/fake-hubspot), when a test passes one.
  'api.hubapi.com',
];

/** A web-standard handler for an API host (the fake HubSpot portal's `fetch`, the fake Salesforce org's `handle`). */
export type ApiHandler = (request: Request) => Promise<Response>;

export interface ReplicaServer {
  port: number;
  hostRules: string;
  close(): Promise<void>;
}

function shell(title: string, script: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>` +
    `<link rel="stylesheet" href="/_replica/replica.css"></head><body>` +
    `<script src="/_replica/records.js"></script><script src="/_replica/kit.js"></script><script src="/_replica/${script}"></script></body></html>`
  );
}

const STATIC: Record<string, string> = {
  '/_replica/replica.css': 'text/css',
  '/_replica/records.js': 'text/javascript',
  '/_replica/kit.js': 'text/javascript',
  '/_replica/hubspot.js': 'text/javascript',
  '/_replica/salesforce.js': 'text/javascript',
};

export function startReplicaServer(port = 0, apis: { hubspot?: ApiHandler; salesforce?: ApiHandler } = {}): Promise<ReplicaServer> {
  const server = createServer(
    { key: readFileSync(join(here, 'certs/key.pem')), cert: readFileSync(join(here, 'certs/cert.pem')) },
    (req, res) => {
      const host = (req.headers.host ?? '').split(':')[0]!.toLowerCase();
      const path = new URL(req.url ?? '/', 'https://replica').pathname;
      if (host === 'api.hubapi.com') {
        serveApi(apis.hubspot, host, req, res);
        return;
      }
      // The fake Salesforce org (tests/fake-salesforce) answers everything at its My Domain host: REST, sign-in, cookies.
      if (/\.my\.salesforce\.(com|mil)$/.test(host) && apis.salesforce) {
        serveApi(apis.salesforce, host, req, res);
        return;
      }
      const send = (status: number, type: string, body: string | Buffer) => {
        res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'content-security-policy': CSP, 'cache-control': 'no-store' });
        res.end(body);
      };
      const type = STATIC[path];
      if (type) return send(200, type, readFileSync(join(publicDir, path.slice('/_replica/'.length))));
      if (/^app(-[a-z]{2}\d+)?\.hubspot\.com$/.test(host) && path.startsWith('/contacts/'))
        return send(200, 'text/html', shell('HubSpot', 'hubspot.js'));
      if (host.endsWith('.lightning.force.com') && (path.startsWith('/lightning/') || path === '/one/one.app')) {
        return send(200, 'text/html', shell('Salesforce', 'salesforce.js'));
      }
      if (path === '/favicon.ico') return send(204, 'text/plain', '');
      send(404, 'text/plain', `No replica for ${host}${path}`);
    },
  );
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const actual = (server.address() as AddressInfo).port;
      const maps = REPLICA_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${actual}`);
      resolve({
        port: actual,
        // Every other name fails to resolve, so an accidental real network call fails loudly.
        hostRules: [...maps, 'MAP * ~NOTFOUND', 'EXCLUDE 127.0.0.1'].join(', '),
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Hands a request for an API host to its web-standard handler; 404 when the test gave none. */
function serveApi(handler: ApiHandler | undefined, host: string, req: IncomingMessage, res: ServerResponse): void {
  if (!handler) {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(
      '{"status":"error","message":"no fake API in this test","category":"OBJECT_NOT_FOUND","correlationId":"00000000-0000-0000-0000-000000000000"}',
    );
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    const body = chunks.length && req.method !== 'GET' && req.method !== 'HEAD' ? Buffer.concat(chunks) : undefined;
    handler(new Request(`https://${host}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, ...(body ? { body } : {}) }))
      .then(async (response) => {
        const out: Record<string, string | string[]> = Object.fromEntries(response.headers);
        // Each cookie its own header line (a browser does not read a comma-joined Set-Cookie).
        const cookies = response.headers.getSetCookie();
        if (cookies.length) out['set-cookie'] = cookies;
        res.writeHead(response.status, out);
        res.end(Buffer.from(await response.arrayBuffer()));
      })
      // A fault the fake injected as a dropped connection: the client sees a reset.
      .catch(() => res.destroy());
  });
}
