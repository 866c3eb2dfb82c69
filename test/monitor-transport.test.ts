/**
 * The monitor's HTTP/WebSocket transport with real sockets: token access,
 * the current state on (re)connection, control-message validation, per-client
 * backpressure, heartbeats, and HTTPS/WSS with a self-signed certificate.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import WebSocket from 'ws';
import { LiveHub } from '../server/transport/live-hub.js';
import { startHttpServer, type MonitorServer } from '../server/transport/http-server.js';
import { PROTOCOL_VERSION, type ClientMessage, type ServerMessage } from '../server/protocol/messages.js';

const open: { hub: LiveHub; srv: MonitorServer }[] = [];
afterEach(async () => { for (const o of open.splice(0)) { await o.hub.close(); await o.srv.close(); } });

const status = (n: number): ServerMessage => ({ type: 'status', v: PROTOCOL_VERSION, source: 'test', sourceState: `live-${n}`, fps: 15, latencyMs: 40, executionProvider: 'cpu', model: { name: 't', version: '1', syntheticOnly: true }, recording: { active: false } });

async function start(opts: { token?: string; heartbeatMs?: number; tls?: { cert: Buffer; key: Buffer } } = {}) {
  const controls: ClientMessage[] = [];
  let state = 1;
  const hub = new LiveHub({
    onControl: (m) => { if (m.type === 'clear-target') throw new Error(`no target set for "${m.angle}"`); controls.push(m); state++; },
    initialState: () => [status(state)],
    ...(opts.heartbeatMs ? { heartbeatMs: opts.heartbeatMs } : {}),
  });
  const srv = await startHttpServer({ host: '127.0.0.1', port: 0, token: opts.token, tls: opts.tls, uiDir: null, routes: [], hub });
  open.push({ hub, srv });
  return { hub, srv, controls, wsUrl: srv.url.replace(/^http/, 'ws') + 'live' };
}

/** Connects and collects messages; resolves once open. */
async function connect(url: string, options: WebSocket.ClientOptions = {}) {
  const ws = new WebSocket(url, options);
  const got: ServerMessage[] = [];
  ws.on('message', (d) => got.push(JSON.parse(d.toString()) as ServerMessage));
  await new Promise<void>((res, rej) => { ws.once('open', () => res()); ws.once('error', rej); });
  return { ws, got };
}
const until = async (cond: () => boolean, ms = 5000) => { const t = Date.now(); while (!cond()) { if (Date.now() - t > ms) throw new Error('timed out'); await new Promise((r) => setTimeout(r, 10)); } };

describe('monitor transport', () => {
  it('needs the token for pages and the WebSocket when one is set', async () => {
    const { srv, wsUrl } = await start({ token: 'secret-token' });
    expect((await fetch(srv.url)).status).toBe(401);
    const ok = await fetch(`${srv.url}?token=secret-token`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('set-cookie')).toMatch(/^sagitta_token=secret-token; HttpOnly; SameSite=Strict/);
    expect((await fetch(srv.url, { headers: { cookie: 'sagitta_token=secret-token' } })).status).toBe(200);
    await expect(connect(wsUrl)).rejects.toThrow(/401/);
    await expect(connect(`${wsUrl}?token=wrong-token!`)).rejects.toThrow(/401/);
    const { ws, got } = await connect(`${wsUrl}?token=secret-token`);
    await until(() => got.length > 0);
    ws.close();
  });

  it('gives a (re)connecting client the current state at once', async () => {
    const { wsUrl } = await start();
    const a = await connect(wsUrl);
    await until(() => a.got.length === 1);
    expect(a.got[0]).toMatchObject({ type: 'status', sourceState: 'live-1' });
    a.ws.send(JSON.stringify({ type: 'shift-levels', shift: -1 }));
    await until(() => a.got.length === 2);
    a.ws.close();
    const b = await connect(wsUrl);
    await until(() => b.got.length === 1);
    expect(b.got[0]).toMatchObject({ type: 'status', sourceState: 'live-2' });
    b.ws.close();
  });

  it('answers malformed, oversized and invalid control messages with an error and changes nothing', async () => {
    const { wsUrl, controls } = await start();
    const { ws, got } = await connect(wsUrl);
    const send = async (raw: string) => { const n = got.length; ws.send(raw); await until(() => got.length > n); return got.at(-1)!; };
    await until(() => got.length === 1);
    expect(await send('{not json')).toMatchObject({ type: 'error', code: 'bad-json', message: 'control message is not valid JSON' });
    expect(await send(JSON.stringify({ type: 'mark-event', note: 'x'.repeat(5000) }))).toMatchObject({ type: 'error', code: 'too-large', message: expect.stringMatching(/^control message of 50\d\d bytes exceeds 4096$/) });
    expect(await send(JSON.stringify({ type: 'reboot' }))).toMatchObject({ type: 'error', code: 'unknown-type' });
    expect(await send(JSON.stringify({ type: 'set-target', requestId: 'r1', target: { angle: 'L9L9', valueDeg: 40, toleranceDeg: 5 } }))).toMatchObject({ type: 'error', requestId: 'r1', code: 'bad-field', message: 'unknown angle "L9L9" in target (use L1L5, L1S1, SS or disc:L4L5 …)' });
    expect(await send(JSON.stringify({ type: 'set-target', target: { angle: 'L1S1', valueDeg: '40', toleranceDeg: 5 } }))).toMatchObject({ type: 'error', code: 'bad-field' });
    expect(await send(JSON.stringify({ type: 'shift-levels', shift: 7 }))).toMatchObject({ type: 'error', code: 'bad-field' });
    expect(await send(JSON.stringify({ type: 'snapshot', extra: 1 }))).toMatchObject({ type: 'error', message: 'unexpected field "extra" in snapshot' });
    expect(await send(JSON.stringify({ type: 'clear-target', requestId: 'r2', angle: 'SS' }))).toMatchObject({ type: 'error', code: 'rejected', requestId: 'r2', message: 'no target set for "SS"' });
    expect(controls).toEqual([]);
    expect(await send(JSON.stringify({ type: 'set-target', requestId: 'r3', target: { angle: 'L1S1', valueDeg: 45, toleranceDeg: 5 } }))).toEqual({ type: 'ack', v: PROTOCOL_VERSION, requestId: 'r3' });
    expect(controls).toEqual([{ type: 'set-target', requestId: 'r3', target: { angle: 'L1S1', valueDeg: 45, toleranceDeg: 5, source: 'dashboard' } }]);
    ws.close();
  });

  it('drops previews for a client that does not read, and cuts it off before its buffer grows without bound', async () => {
    const { hub, wsUrl } = await start();
    const slow = await connect(wsUrl), fast = await connect(wsUrl);
    await until(() => slow.got.length === 1 && fast.got.length === 1);
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause(); // stops reading: the server's send buffer fills
    const preview = { type: 'preview', v: PROTOCOL_VERSION, frame: 0, image: `data:image/jpeg;base64,${'A'.repeat(100_000)}`, scale: 0.5, held: false } as const;
    const heapBefore = process.memoryUsage().heapUsed;
    let maxBuffered = 0;
    for (let i = 0; i < 400; i++) {
      hub.broadcast({ ...preview, frame: i }, true);
      hub.broadcast(status(i));
      maxBuffered = Math.max(maxBuffered, hub.maxBuffered);
      if (i % 20 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    expect(hub.droppedPreviews).toBeGreaterThan(100);
    expect(maxBuffered).toBeLessThan(9 * 1024 * 1024); // bounded by the cut-off (8 MiB) plus one message
    await until(() => fast.got.filter((m) => m.type === 'status').length >= 300, 20_000);
    expect(fast.got.filter((m) => m.type === 'preview').length).toBeGreaterThan(300); // the fast client is not held back
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
    slow.ws.terminate(); fast.ws.close();
  });

  it('terminates a client that stops answering pings', async () => {
    const { hub, wsUrl } = await start({ heartbeatMs: 100 });
    const { ws } = await connect(wsUrl, { autoPong: false });
    const closed = new Promise<void>((res) => ws.once('close', () => res()));
    await closed;
    expect(hub.clientCount).toBe(0);
  });

  it('serves HTTPS and WSS with --tls-cert/--tls-key', async () => {
    const dir = '/tmp/monitor-tests/tls';
    mkdirSync(dir, { recursive: true });
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${dir}/key.pem`, '-out', `${dir}/cert.pem`, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const tls = { cert: readFileSync(`${dir}/cert.pem`), key: readFileSync(`${dir}/key.pem`) };
    const { srv, wsUrl } = await start({ tls, token: 'tok' });
    expect(srv.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    const code = await new Promise<number>((res, rej) => httpsRequest(`${srv.url}healthz?token=tok`, { ca: tls.cert }, (r) => { r.resume(); res(r.statusCode ?? 0); }).on('error', rej).end());
    expect(code).toBe(200);
    const { ws, got } = await connect(`${wsUrl}?token=tok`, { ca: tls.cert });
    expect(wsUrl).toMatch(/^wss:/);
    await until(() => got.length === 1);
    ws.close();
  });
});
