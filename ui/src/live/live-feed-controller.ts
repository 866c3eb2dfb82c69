/**
 * The dashboard's connection to the monitor: opens WebSocket `/live` while
 * its host element is connected, reduces every message into `state`,
 * appends measurements to `timeline`, reconnects by itself after a drop
 * (after `Math.min(tries, 5) * 1000` ms) and resyncs, since the server sends
 * its current state to every new connection.
 *
 * Usage (in a LitElement):
 *   private feed = new LiveFeedController(this, { url: liveSocketUrl(location) });
 *   render() { … this.feed.state … }
 *   this.feed.send({ type: 'mark-event', note: 'cage L4-L5' });
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ClientMessage, ServerMessage } from '../../../server/protocol/messages.js';
import { Connection, initialLiveState, type LiveState } from '../state/live-state.js';
import { MAIN_ANGLES } from '../state/names.js';
import { parseServerMessage, reduceConnection, reduceMessage } from '../state/reduce.js';
import { TimelineStore } from '../state/timeline-store.js';
import { reconnectDelayMs } from './ws-url.js';

export interface LiveFeedOptions {
  /** Full `ws://…/live` address (with `?token=` when needed). */
  readonly url: string;
  /** Token sent in the `hello` message too, when the page has one. */
  readonly token?: string | undefined;
  /** A reply to a request that does not come within this time (ms) rejects it. Default 5000. */
  readonly requestTimeoutMs?: number;
  /** No message at all for this long (ms) while connected: the socket is presumed dead and reopened. Default 15000. */
  readonly silenceTimeoutMs?: number;
}

interface Pending { resolve(): void; reject(err: Error): void; timer: ReturnType<typeof setTimeout> }

/** Distributes `Omit` over the union so that each message keeps its own fields. */
type Request = ClientMessage extends infer M ? (M extends ClientMessage ? Omit<M, 'requestId'> : never) : never;

export class LiveFeedController implements ReactiveController {
  state: LiveState = initialLiveState;
  /** The case timeline of the three main angles (columnar, for the chart). */
  readonly timeline = new TimelineStore(MAIN_ANGLES);
  private readonly host: ReactiveControllerHost;
  private readonly options: Required<Omit<LiveFeedOptions, 'token'>> & { token?: string | undefined };
  private ws: WebSocket | null = null;
  private tries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private silenceTimer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private seq = 0;
  private readonly pending = new Map<string, Pending>();

  constructor(host: ReactiveControllerHost, options: LiveFeedOptions) {
    this.host = host;
    this.options = { requestTimeoutMs: 5000, silenceTimeoutMs: 15000, ...options };
    host.addController(this);
  }

  hostConnected(): void {
    this.running = true;
    this.open();
  }

  hostDisconnected(): void {
    this.running = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.retryTimer = this.silenceTimer = null;
    const ws = this.ws;
    this.ws = null;
    ws?.close(1000, 'dashboard closed');
    this.failPending('dashboard closed');
  }

  /**
   * Sends a control message; resolves on the server's `ack`, rejects on its
   * `error` reply, on a timeout, or when not connected.
   */
  send(request: Request): Promise<void> {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      return Promise.reject(new Error(`not connected to the monitor: ${request.type} not sent`));
    }
    const requestId = `r${++this.seq}`;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new Error(`no reply from the monitor to ${request.type} within ${this.options.requestTimeoutMs} ms`));
      }, this.options.requestTimeoutMs);
      this.pending.set(requestId, { resolve, reject, timer });
      ws.send(JSON.stringify({ ...request, requestId }));
    });
  }

  private setState(next: LiveState): void {
    this.state = next;
    this.host.requestUpdate();
  }

  private open(): void {
    if (!this.running) return;
    this.retryTimer = null;
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.options.url);
    } catch (err) {
      this.closed(`cannot open ${this.options.url}: ${(err as Error).message}`);
      return;
    }
    this.ws = ws;
    // A retry keeps showing "disconnected" until it succeeds; only the first attempt reads "connecting".
    if (this.state.connection === Connection.DISCONNECTED) {
      this.setState(reduceConnection(this.state, Connection.DISCONNECTED, 'reconnecting…'));
    } else {
      this.setState(reduceConnection(this.state, Connection.CONNECTING));
    }
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.tries = 0;
      this.setState(reduceConnection(this.state, Connection.CONNECTED));
      const hello = this.options.token ? { type: 'hello', token: this.options.token } : { type: 'hello' };
      ws.send(JSON.stringify(hello));
      this.armSilence();
    };
    ws.onmessage = (ev: MessageEvent) => {
      if (this.ws !== ws || typeof ev.data !== 'string') return;
      this.armSilence();
      const msg = parseServerMessage(ev.data);
      if (msg instanceof Error) { console.warn(`sagitta: ${msg.message}`); return; }
      this.receive(msg);
    };
    ws.onclose = (ev: CloseEvent) => {
      if (this.ws !== ws) return;
      this.closed(ev.reason ? `closed (${ev.code}: ${ev.reason})` : `closed (${ev.code})`);
    };
  }

  private receive(msg: ServerMessage): void {
    if (msg.type === 'measurement') this.timeline.append(msg);
    if ((msg.type === 'ack' || msg.type === 'error') && msg.requestId) {
      const p = this.pending.get(msg.requestId);
      if (p) {
        this.pending.delete(msg.requestId);
        clearTimeout(p.timer);
        if (msg.type === 'ack') p.resolve();
        else p.reject(new Error(`${msg.code}: ${msg.message}`));
      }
    }
    if (msg.type === 'ack') return;
    this.setState(reduceMessage(this.state, msg, Date.now()));
  }

  private armSilence(): void {
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    const ws = this.ws;
    this.silenceTimer = setTimeout(() => {
      if (this.ws === ws && ws) ws.close(4000, 'no message from the monitor');
      if (this.ws === ws) this.closed(`no message for ${this.options.silenceTimeoutMs / 1000} s`);
    }, this.options.silenceTimeoutMs);
  }

  private closed(detail: string): void {
    this.ws = null;
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.silenceTimer = null;
    this.failPending(detail);
    this.timeline.appendGap(Date.now());
    if (!this.running) return;
    this.tries++;
    const delay = reconnectDelayMs(this.tries);
    this.setState(reduceConnection(this.state, Connection.DISCONNECTED, detail, Date.now() + delay));
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  private failPending(reason: string): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error(`request ${id} dropped: ${reason}`));
    }
    this.pending.clear();
  }
}
