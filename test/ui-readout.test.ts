/**
 * Component tests of the readouts in the real dashboard bundle, in real
 * headless Chromium, fed hand-made protocol messages through a stub `/live`
 * WebSocket server (ws). Screenshots go to test-output/.
 */
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUiBuilt } from '../ui/build.js';
import { launchBrowser, type TestBrowser } from './ui-support/browser.js';
import { measurement, preview, status, targets } from './ui-support/messages.js';
import {
  PROBE_BANNER, PROBE_CONNECTION, PROBE_HELD, PROBE_LAYOUT, PROBE_LEGIBILITY, PROBE_READOUTS,
  type LayoutProblem, type ReadoutProbe,
} from './ui-support/page-probes.js';
import { startStubMonitor, type StubMonitor } from './ui-support/static-server.js';

let stub: StubMonitor;
let browser: TestBrowser;

const readouts = async () => (await browser.page.evaluate(PROBE_READOUTS)) as ReadoutProbe[];
const readout = async (angle: string) => (await readouts()).find((r) => r.angle === angle)!;
/** Polls `fn` until `check` passes (the page renders asynchronously). */
async function until<T>(fn: () => Promise<T>, check: (v: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let v = await fn();
  while (!check(v)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
    v = await fn();
  }
  return v;
}

const ANGLES = {
  L1L5: { value: 42.34, sd: 0.4, status: 'within' as const, delta: 2.34 },
  L1S1: { value: null, reason: 'S1 not in view' },
  SS: { value: 31.96, sd: 0.6 },
  'disc:L4L5': { value: 11.2, sd: 0.5 },
  'disc:L5S1': { value: null, reason: 'S1 not in view' },
};

beforeAll(async () => {
  const dist = await ensureUiBuilt();
  stub = await startStubMonitor(dist);
  stub.onConnection = (ws) => {
    ws.send(JSON.stringify(status()));
    ws.send(JSON.stringify(targets([{ angle: 'L1L5', valueDeg: 40, toleranceDeg: 5 }, { angle: 'SS', valueDeg: 38, toleranceDeg: 3 }])));
  };
  browser = await launchBrowser(1920, 1080);
  await mkdir('test-output', { recursive: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stub?.close();
});

// generous limits: these check behaviour, not speed, and CI machines may be loaded
describe('readouts', { timeout: 180_000 }, () => {
  it('show the value, target, delta and status of each angle, or a dash and the reason', async () => {
    const connected = stub.nextClient();
    await browser.page.goto(`${stub.origin}/`, { timeout: 120_000 });
    const ws = await connected;
    await until(() => browser.page.evaluate(PROBE_CONNECTION) as Promise<string>, (c) => c.startsWith('connected'), 'connected');
    expect(stub.received[0]).toEqual({ type: 'hello' });
    ws.send(JSON.stringify(preview(1)));
    ws.send(JSON.stringify(measurement(1, ANGLES)));
    const l1l5 = await until(() => readout('L1L5'), (r) => r.measurable === 'true', 'L1L5 value');
    expect(l1l5).toMatchObject({ value: '42.3°', status: 'within', state: 'WITHIN', target: 'target 40.0 ± 5.0°', delta: 'Δ +2.3°' });
    expect(l1l5.sd).toBe('± 0.4° SD'); // every number carries its confidence
    // SS has no status from the server: computed here, 31.96 < 38 − 3.
    expect(await readout('SS')).toMatchObject({ value: '32.0°', status: 'below', state: 'BELOW', delta: 'Δ −6.0°' });
    expect(await readout('L1S1')).toMatchObject({ value: '—', measurable: 'false', reason: 'S1 not in view' });
    expect(await readout('disc:L4L5')).toMatchObject({ value: '11.2°', compact: true });
    expect(await readout('disc:L5S1')).toMatchObject({ value: '—', reason: 'S1 not in view' });
    expect(await readout('disc:L1L2')).toMatchObject({ value: '—', reason: 'not reported' });
    expect(await browser.page.evaluate(PROBE_BANNER)).toMatch(/^NOT FOR CLINICAL USE/);
  });

  it('follow a target change: the status colour turns to above, then back within', async () => {
    stub.broadcast(measurement(2, ANGLES));
    stub.broadcast(targets([{ angle: 'L1L5', valueDeg: 35, toleranceDeg: 2 }, { angle: 'SS', valueDeg: 32, toleranceDeg: 3 }]));
    const above = await until(() => readout('L1L5'), (r) => r.status === 'above', 'L1L5 above');
    expect(above).toMatchObject({ state: 'ABOVE', delta: 'Δ +7.3°', target: 'target 35.0 ± 2.0°' });
    // status and delta are against the target shown, whatever the message said before the change
    stub.broadcast(measurement(2, { ...ANGLES, L1L5: { value: 36.1, sd: 0.4, status: 'above', delta: 7 } }));
    expect(await until(() => readout('L1L5'), (r) => r.value === '36.1°', 'new value')).toMatchObject({ status: 'within', delta: 'Δ +1.1°' });
    expect(await readout('SS')).toMatchObject({ status: 'within' });
  });

  it('are legible from 3 m at 1920×1080: digits ≥ 80 px, contrast ≥ 7:1', async () => {
    const rows = (await browser.page.evaluate(PROBE_LEGIBILITY)) as { angle: string; compact: boolean; part: string; text: string; contrast: number; digitPx: number | null }[];
    const mains = rows.filter((r) => !r.compact && r.part.includes('value'));
    expect(mains).toHaveLength(3);
    for (const r of mains) expect(r.digitPx, r.angle).toBeGreaterThanOrEqual(80);
    for (const r of rows) expect(r.contrast, `${r.angle} ${r.part} "${r.text}"`).toBeGreaterThanOrEqual(7);
  });

  it('never overlap or overflow, at 1920×1080 and 1280×800 (screenshots in test-output/)', async () => {
    for (const [w, h] of [[1920, 1080], [1280, 800]] as const) {
      await browser.page.setViewportSize({ width: w, height: h });
      stub.broadcast(preview(3));
      stub.broadcast(measurement(3, ANGLES));
      await until(() => readout('L1L5'), (r) => r.value === '42.3°', 'value after resize');
      await new Promise((r) => setTimeout(r, 300));
      await browser.page.screenshot({ path: `test-output/ui-readouts-${w}x${h}.png` });
      expect((await browser.page.evaluate(PROBE_LAYOUT)) as LayoutProblem[], `${w}×${h}`).toEqual([]);
    }
    await browser.page.setViewportSize({ width: 1920, height: 1080 });
  });

  it('draw the overlay on the frame, coloured by confidence, and hide it with O', async () => {
    const overlay = () => browser.page.evaluate(`(() => {
      const f = document.querySelector('sagitta-app').shadowRoot.querySelector('sagitta-frame').shadowRoot;
      return { groups: [...f.querySelectorAll('g[data-label]')].map((g) => g.dataset.label + ':' + g.querySelector('line').getAttribute('stroke')),
        off: !!f.querySelector('.overlay-off'), img: !!f.querySelector('img') };
    })()`) as Promise<{ groups: string[]; off: boolean; img: boolean }>;
    const on = await until(overlay, (o) => o.groups.length === 6, 'overlay drawn');
    // L5 has a presence score of 0.7 (doubtful: amber), the others 0.97 (cyan)
    expect(on.groups).toEqual(['L1:#22d3ee', 'L2:#22d3ee', 'L3:#22d3ee', 'L4:#22d3ee', 'L5:#fbbf24', 'S1:#22d3ee']);
    expect(on.img).toBe(true);
    await browser.page.keyboard.press('o');
    expect(await until(overlay, (o) => o.off, 'overlay off')).toMatchObject({ groups: [], img: true });
    await browser.page.keyboard.press('o');
    await until(overlay, (o) => o.groups.length === 6, 'overlay back');
  });

  it('ask for a level check while S1 is not in view, until the labels are confirmed', async () => {
    const note = () => browser.page.evaluate(`(() => {
      const n = document.querySelector('sagitta-app').shadowRoot.querySelector('sagitta-frame').shadowRoot.querySelector('[data-levels-note]');
      return n ? n.textContent : '';
    })()`) as Promise<string>;
    expect(await note()).toBe(''); // the frame so far shows L1…S1
    const noS1 = measurement(6, ANGLES).vertebrae.filter((v) => v.label !== 'S1');
    stub.broadcast(measurement(6, ANGLES, { vertebrae: noS1 }));
    expect(await until(note, (t) => t !== '', 'level note')).toBe('LEVELS NOT VERIFIED · no S1 in view · C confirms, PgUp/PgDn shifts');
    // the angles shown depend on the labels: the note stays with the overlay off
    await browser.page.keyboard.press('o');
    await new Promise((r) => setTimeout(r, 300));
    expect(await note()).not.toBe('');
    await browser.page.keyboard.press('o');
    stub.broadcast(status({ levelsConfirmed: true }));
    await until(note, (t) => t === '', 'level note gone after confirming');
    stub.broadcast(status());
    await until(note, (t) => t !== '', 'level note back (the confirmation ended at a C-arm move)');
    stub.broadcast(measurement(7, ANGLES));
    await until(note, (t) => t === '', 'level note gone with S1 in view');
    // with S1 in view, when the server found the spacing at odds with the labels and no confident S1 to count from
    stub.broadcast(measurement(8, ANGLES, { levelCheck: 'inconsistent' }));
    expect(await until(note, (t) => t !== '', 'level note for an inconsistent chain')).toBe('LEVELS NOT VERIFIED · spacing does not match the labels · C confirms, PgUp/PgDn shifts');
    const fits = await browser.page.evaluate(`(() => {
      const f = document.querySelector('sagitta-app').shadowRoot.querySelector('sagitta-frame');
      const n = f.shadowRoot.querySelector('[data-levels-note]').getBoundingClientRect(), r = f.getBoundingClientRect();
      return n.left >= r.left && n.right <= r.right && n.top >= r.top && n.bottom <= r.bottom && n.width > 0;
    })()`);
    expect(fits, 'the longer note stays inside the frame').toBe(true);
    await browser.page.screenshot({ path: 'test-output/levels-inconsistent.png' });
    stub.broadcast(measurement(9, ANGLES));
    await until(note, (t) => t === '', 'level note gone with a consistent chain');
  });

  it('label a held image with its age and keep its measurement', async () => {
    stub.broadcast(status({ sourceState: 'held', heldForMs: 5000 }));
    stub.broadcast(preview(4, true));
    const held = await until(() => browser.page.evaluate(PROBE_HELD) as Promise<string>, (t) => t !== '', 'held badge');
    // 5 s held when the status was sent, plus the time since
    const age = Number(/^HELD IMAGE · (\d+) s$/.exec(held)?.[1]);
    expect(age).toBeGreaterThanOrEqual(5);
    expect(await readout('L1L5')).toMatchObject({ value: '42.3°' });
  });

  it('never show a stale number: no measurement for 3 s while live gives a dash', async () => {
    stub.broadcast(status({ sourceState: 'live' }));
    stub.broadcast(measurement(5, ANGLES));
    await until(() => readout('L1L5'), (r) => r.value === '42.3°', 'fresh value');
    const stale = await until(() => readout('L1L5'), (r) => r.value === '—', 'stale dash');
    expect(Number(/^no measurement for (\d+) s$/.exec(stale.reason)?.[1])).toBeGreaterThanOrEqual(3);
    stub.broadcast(status({ sourceState: 'no-signal' }));
    expect((await until(() => readout('SS'), (r) => r.reason === 'no signal from the C-arm', 'no signal')).value).toBe('—');
    stub.broadcast(status({ sourceState: 'failed', sourceError: 'ffmpeg: /dev/video0: No such file or directory' }));
    const frameText = () => browser.page.evaluate(`document.querySelector('sagitta-app').shadowRoot.querySelector('sagitta-frame').shadowRoot.querySelector('.empty')?.textContent ?? ''`) as Promise<string>;
    expect(await until(frameText, (t) => t !== '', 'frame shows the failure')).toBe('video source failed: ffmpeg: /dev/video0: No such file or directory');
    expect(await readout('L1L5')).toMatchObject({ value: '—', reason: 'video source failed' });
  });

  it('show "disconnected" when the socket drops, then reconnect, say hello and resync', async () => {
    stub.broadcast(status());
    stub.broadcast(measurement(6, ANGLES));
    await until(() => readout('L1L5'), (r) => r.value === '42.3°', 'value before drop');
    const before = stub.received.length;
    const next = stub.nextClient();
    for (const c of stub.clients()) c.terminate();
    const down = await until(() => browser.page.evaluate(PROBE_CONNECTION) as Promise<string>, (c) => c.startsWith('disconnected'), 'disconnected');
    expect(down).toMatch(/^disconnected/);
    expect(await readout('L1L5')).toMatchObject({ value: '—', reason: 'disconnected from the monitor' });
    const ws = await next; // reconnects after 1 s (first retry)
    await until(() => browser.page.evaluate(PROBE_CONNECTION) as Promise<string>, (c) => c.startsWith('connected'), 'reconnected');
    expect(stub.received.slice(before)).toContainEqual({ type: 'hello' });
    // nothing from before the drop is shown until the server resyncs
    expect(await readout('L1L5')).toMatchObject({ value: '—' });
    ws.send(JSON.stringify(measurement(7, ANGLES)));
    expect(await until(() => readout('L1L5'), (r) => r.value === '42.3°', 'value after resync')).toMatchObject({ status: 'within', target: 'target 40.0 ± 5.0°' });
    expect(browser.errors.filter((e) => !e.includes('WebSocket')), browser.errors.join('\n')).toEqual([]);
  });

  it('pass the page token to the socket, in the address and in hello', async () => {
    const next = stub.nextClient();
    const before = stub.received.length;
    await browser.page.goto(`${stub.origin}/?token=s3cret-T0k`, { timeout: 120_000 });
    await next;
    await until(async () => stub.received.slice(before), (r) => r.some((m) => m.type === 'hello'), 'hello');
    expect(stub.upgrades[stub.upgrades.length - 1]).toBe('/live?token=s3cret-T0k');
    expect(stub.received.slice(before)).toContainEqual({ type: 'hello', token: 's3cret-T0k' });
  });
});
