/**
 * The monitor's HTTP(S) server: the dashboard's files, extra routes (case
 * recorder), and the WebSocket upgrade at `/live`. Listens on 127.0.0.1
 * unless told otherwise; with a token every request and upgrade must carry it.
 */
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { HttpRoute } from '../monitor/sink.js';
import { authorised, tokenCookie } from './auth.js';
import { FALLBACK_PAGE } from './fallback-page.js';
import type { LiveHub } from './live-hub.js';
import { serveStatic } from './static-files.js';

export interface HttpOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly token?: string | undefined;
  /** PEM certificate and key: HTTPS and WSS. */
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer } | undefined;
  /** Built dashboard folder; null serves the fallback page. */
  readonly uiDir: string | null;
  readonly routes: readonly HttpRoute[];
  readonly hub: LiveHub;
}

export interface MonitorServer {
  readonly server: Server;
  /** Base URL, e.g. http://127.0.0.1:8080/ (without the token). */
  readonly url: string;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, text: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startHttpServer(o: HttpOptions): Promise<MonitorServer> {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!authorised(req, url, o.token)) { send(res, 401, 'Sagitta: this monitor needs its access token. Open the URL printed when it started (…/?token=…).\n'); return; }
    if (o.token && url.searchParams.get('token')) res.setHeader('set-cookie', tokenCookie(o.token));
    for (const route of o.routes) if (await route(req, res, url)) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') { send(res, 405, 'method not allowed\n'); return; }
    if (url.pathname === '/healthz') { send(res, 200, 'ok\n'); return; }
    if (o.uiDir && (await serveStatic(o.uiDir, url.pathname, res))) return;
    if (url.pathname === '/' || url.pathname === '/index.html') { send(res, 200, FALLBACK_PAGE, 'text/html; charset=utf-8'); return; }
    send(res, 404, 'not found\n');
  };
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err: unknown) => { if (!res.headersSent) send(res, 500, `internal error: ${(err as Error).message}\n`); else res.destroy(); });
  };
  const server: Server = o.tls ? (createHttps({ cert: o.tls.cert, key: o.tls.key }, listener) as unknown as Server) : createHttp(listener);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/live') { socket.end('HTTP/1.1 404 Not Found\r\n\r\n'); return; }
    if (!authorised(req, url, o.token)) { socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n'); return; }
    o.hub.handleUpgrade(req, socket, head);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(new Error(err.code === 'EADDRINUSE' ? `port ${o.port} on ${o.host} is already in use (choose another with --port)` : `cannot listen on ${o.host}:${o.port}: ${err.message}`)));
    server.listen(o.port, o.host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    server,
    url: `${o.tls ? 'https' : 'http'}://${host}:${addr.port}/`,
    close: () => new Promise<void>((res) => { server.closeAllConnections?.(); server.close(() => res()); }),
  };
}
