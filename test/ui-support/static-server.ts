/**
 * A test stand-in for the monitor's HTTP side: serves `ui/dist` and accepts
 * WebSocket `/live` connections, so that component tests can push hand-made
 * protocol messages to the real dashboard bundle in a real browser.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket } from 'ws';
import type { ClientMessage, ServerMessage } from '../../server/protocol/messages.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml',
};

export interface StubMonitor {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** Messages received from dashboards, oldest first. */
  readonly received: ClientMessage[];
  /** Request URLs of the WebSocket upgrades (path and query). */
  readonly upgrades: string[];
  /** Open dashboard sockets. */
  clients(): WebSocket[];
  /** Sends to every open dashboard. */
  broadcast(msg: ServerMessage): void;
  /** Resolves with the next connection (or the current one when `existing`). */
  nextClient(existing?: boolean): Promise<WebSocket>;
  /** Called for each new socket (send the resync there). */
  onConnection: ((ws: WebSocket) => void) | null;
  /** Replies to each client message before it is recorded; default: an `ack` with its requestId. */
  reply: (msg: ClientMessage) => ServerMessage | null;
  close(): Promise<void>;
}

/** Starts the stub on 127.0.0.1 (a free port, or `port`) serving `distDir`. */
export async function startStubMonitor(distDir: string, port = 0): Promise<StubMonitor> {
  const http: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = normalize(join(distDir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(distDir)) { res.writeHead(403).end(); return; }
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end('not found'),
    );
  });
  const wss = new WebSocketServer({ noServer: true });
  const waiters: ((ws: WebSocket) => void)[] = [];
  // The dashboard presumes a socket silent for 15 s dead (the monitor sends a status every second):
  // a bare ack every 2 s keeps the stub's quiet stretches from looking like that.
  const keepalive = setInterval(() => { for (const c of stub.clients()) c.send(JSON.stringify({ type: 'ack', v: 1 })); }, 2000);
  const stub: StubMonitor = {
    origin: '',
    received: [],
    upgrades: [],
    clients: () => [...wss.clients].filter((c) => c.readyState === WebSocket.OPEN),
    broadcast: (msg) => { for (const c of stub.clients()) c.send(JSON.stringify(msg)); },
    nextClient: (existing = false) => {
      const open = stub.clients();
      if (existing && open.length) return Promise.resolve(open[open.length - 1]!);
      return new Promise((resolve) => waiters.push(resolve));
    },
    onConnection: null,
    reply: (msg) => ({ type: 'ack', v: 1, ...(msg.requestId ? { requestId: msg.requestId } : {}) }),
    close: async () => {
      clearInterval(keepalive);
      for (const c of wss.clients) c.terminate();
      wss.close();
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
  http.on('upgrade', (req, socket, head) => {
    if (!req.url?.startsWith('/live')) { socket.destroy(); return; }
    stub.upgrades.push(req.url);
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as ClientMessage;
        const r = stub.reply(msg);
        if (r) ws.send(JSON.stringify(r));
        stub.received.push(msg);
      });
      stub.onConnection?.(ws);
      for (const w of waiters.splice(0)) w(ws);
    });
  });
  await new Promise<void>((r) => http.listen(port, '127.0.0.1', () => r()));
  (stub as { origin: string }).origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return stub;
}
