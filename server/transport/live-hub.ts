/**
 * The WebSocket `/live` endpoint: broadcasts versioned messages to every
 * dashboard, with per-client backpressure (previews are dropped while a
 * client's send buffer is above `previewDropBytes`; a client whose buffer
 * passes `maxBufferedBytes` is cut off, so a slow client never grows the
 * server's memory), heartbeats (ping; no pong by the next beat → terminate),
 * the current state sent at once on (re)connection, and validated control
 * messages (a bad one gets an `error` reply and changes nothing).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket } from 'ws';
import { PROTOCOL_VERSION, type ClientMessage, type ServerMessage } from '../protocol/messages.js';
import { validateControl } from './validate-control.js';

export interface HubOptions {
  /** Applies a valid control message; throws an Error to reject it (the client gets its message). */
  readonly onControl: (msg: ClientMessage) => void;
  /** Messages a newly connected client gets at once (status, targets, last measurement, last preview). */
  readonly initialState: () => ServerMessage[];
  /** ms between pings. Default 15 000. */
  readonly heartbeatMs?: number;
  /** Send buffer above which previews are dropped for that client, bytes. Default 256 KiB. */
  readonly previewDropBytes?: number;
  /** Send buffer above which the client is disconnected, bytes. Default 8 MiB. */
  readonly maxBufferedBytes?: number;
}

interface Client { ws: WebSocket; alive: boolean; droppedPreviews: number }

export class LiveHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly clients = new Set<Client>();
  private readonly heartbeat: NodeJS.Timeout;
  /** Previews dropped for slow clients, all clients together. */
  droppedPreviews = 0;
  /** Clients cut off because their send buffer passed the limit. */
  slowDisconnects = 0;

  constructor(private readonly o: HubOptions) {
    this.heartbeat = setInterval(() => this.beat(), o.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
  }

  get clientCount(): number { return this.clients.size; }

  /** Largest send buffer among the clients, bytes. */
  get maxBuffered(): number { let m = 0; for (const c of this.clients) m = Math.max(m, c.ws.bufferedAmount); return m; }

  /** Completes a WebSocket upgrade already authorised by the HTTP server. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(ws));
  }

  /** Sends `msg` to every open client; `droppable` messages (previews) skip clients that are behind. */
  broadcast(msg: ServerMessage, droppable = false): void {
    if (this.clients.size === 0) return;
    const data = JSON.stringify(msg);
    for (const c of this.clients) this.sendTo(c, data, droppable);
  }

  /** Closes every connection and the server. */
  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const c of this.clients) c.ws.terminate();
    this.clients.clear();
    await new Promise<void>((res) => this.wss.close(() => res()));
  }

  private sendTo(c: Client, data: string, droppable: boolean): void {
    if (c.ws.readyState !== WebSocket.OPEN) return;
    const buffered = c.ws.bufferedAmount;
    if (buffered > (this.o.maxBufferedBytes ?? 8 * 1024 * 1024)) {
      this.slowDisconnects++;
      c.ws.terminate();
      this.clients.delete(c);
      return;
    }
    if (droppable && buffered > (this.o.previewDropBytes ?? 256 * 1024)) { c.droppedPreviews++; this.droppedPreviews++; return; }
    c.ws.send(data);
  }

  private attach(ws: WebSocket): void {
    const c: Client = { ws, alive: true, droppedPreviews: 0 };
    this.clients.add(c);
    ws.on('pong', () => { c.alive = true; });
    ws.on('close', () => this.clients.delete(c));
    ws.on('error', () => { this.clients.delete(c); ws.terminate(); });
    ws.on('message', (raw, isBinary) => this.onMessage(c, isBinary ? Buffer.from('binary') : Buffer.isBuffer(raw) ? raw : Buffer.from(raw as ArrayBuffer)));
    for (const m of this.o.initialState()) this.sendTo(c, JSON.stringify(m), false);
  }

  private onMessage(c: Client, raw: Buffer): void {
    const v = validateControl(raw);
    const reply = (m: ServerMessage) => this.sendTo(c, JSON.stringify(m), false);
    if (!v.ok) { reply({ type: 'error', v: PROTOCOL_VERSION, code: v.code, message: v.message, ...(v.requestId ? { requestId: v.requestId } : {}) }); return; }
    const requestId = v.message.requestId;
    try {
      this.o.onControl(v.message);
      reply({ type: 'ack', v: PROTOCOL_VERSION, ...(requestId ? { requestId } : {}) });
    } catch (err) {
      reply({ type: 'error', v: PROTOCOL_VERSION, code: 'rejected', message: (err as Error).message, ...(requestId ? { requestId } : {}) });
    }
  }

  private beat(): void {
    for (const c of this.clients) {
      if (!c.alive) { c.ws.terminate(); this.clients.delete(c); continue; }
      c.alive = false;
      c.ws.ping();
    }
  }
}
