/**
 * Component tests of the timeline (uPlot) in the real dashboard bundle, in
 * real headless Chromium, fed hand-made measurements through a stub `/live`
 * WebSocket server: growth, gaps, follow-live, zoom, pan, target bands,
 * shot markers and events.
 */
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUiBuilt } from '../ui/build.js';
import { launchBrowser, type TestBrowser } from './ui-support/browser.js';
import { measurement, preview, status, targets } from './ui-support/messages.js';
import { PROBE_TIMELINE } from './ui-support/page-probes.js';
import { startStubMonitor, type StubMonitor } from './ui-support/static-server.js';

interface TimelineProbe {
  points: number; xMin: number; xMax: number; yMin: number; yMax: number;
  follow: boolean; windowS: number; last: number; series: (number | 'NaN')[][];
}

let stub: StubMonitor;
let browser: TestBrowser;
const probe = async () => (await browser.page.evaluate(PROBE_TIMELINE)) as TimelineProbe;
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

/** Pixel of the timeline canvas at the y of `valueDeg`, in the middle of the plot: [r, g, b, a]. */
const pixelAt = (valueDeg: number) => browser.page.evaluate(`(() => {
  const t = document.querySelector('sagitta-app').shadowRoot.querySelector('sagitta-timeline');
  const u = t.plot, y = Math.round(u.valToPos(${valueDeg}, 'y', true)), x = Math.round(u.bbox.left + u.bbox.width * 0.37);
  return Array.from(u.ctx.getImageData(x, y, 1, 1).data);
})()`) as Promise<number[]>;

const T0 = Date.now() - 60_000;
/** Measurements 100 ms apart, a new shot every 70, L1L5 unmeasurable at index 197. */
function series(from: number, n: number) {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const l1l5 = i === 197 ? { value: null, reason: 'L5 not in view' } : { value: 40 + Math.sin(i / 10) * 3, sd: 0.3 };
    return measurement(i, { L1L5: l1l5, L1S1: { value: 55 + i * 0.01, sd: 0.4 }, SS: { value: 35, sd: 0.5 } },
      { timeMs: T0 + i * 100, shot: 1 + Math.floor(i / 70) });
  });
}

beforeAll(async () => {
  const dist = await ensureUiBuilt();
  stub = await startStubMonitor(dist);
  stub.onConnection = (ws) => {
    ws.send(JSON.stringify(status()));
    ws.send(JSON.stringify(targets([{ angle: 'L1L5', valueDeg: 20, toleranceDeg: 4 }])));
    ws.send(JSON.stringify(preview(1)));
  };
  browser = await launchBrowser(1920, 1080);
  await mkdir('test-output', { recursive: true });
  const client = stub.nextClient();
  await browser.page.goto(`${stub.origin}/`, { timeout: 120_000 });
  await client;
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stub?.close();
});

// generous limits: these check behaviour, not speed, and CI machines may be loaded
describe('timeline', { timeout: 180_000 }, () => {
  it('grows with every measurement and draws a gap where an angle was not measurable', async () => {
    for (const m of series(0, 200)) stub.broadcast(m);
    // 200 measurements in shots 1–3, and a gap point before shots 2 and 3
    const p = await until(probe, (x) => x.points === 202, '202 points');
    expect(p.last).toBeCloseTo((T0 + 199 * 100) / 1000, 3);
    expect(p.series[0]![2]).toBe('NaN'); // index 197 of L1L5
    expect(p.series[1]![4]).toBeCloseTo(55 + 199 * 0.01, 6);
    const shots = await browser.page.evaluate(`document.querySelector('sagitta-app').shadowRoot.querySelector('sagitta-timeline').store.shotStartsS.length`);
    expect(shots).toBe(3);
  });

  it('follows live: the newest point stays in view, with the whole case while it is shorter than 5 minutes', async () => {
    const p = await probe();
    expect(p.follow).toBe(true);
    expect(p.xMax).toBeGreaterThanOrEqual(p.last);
    expect(p.xMin).toBeCloseTo(T0 / 1000, 3);
    expect(p.xMax - p.xMin).toBeCloseTo((p.last - T0 / 1000) * 1.02, 3);
    for (const m of series(200, 20)) stub.broadcast(m);
    const q = await until(probe, (x) => x.points === 223, '223 points (shot 4 from measurement 210)');
    expect(q.xMax).toBeGreaterThanOrEqual(q.last);
    expect(q.xMax - q.last).toBeLessThan(10);
  });

  it('draws the target band of L1–L5 (20 ± 4°) behind the lines, and the y range includes it', async () => {
    const p = await probe();
    expect(p.yMin).toBeLessThanOrEqual(16);
    expect(p.yMax).toBeGreaterThanOrEqual(43);
    const inBand = await pixelAt(22);
    // #60a5fa at 16 % alpha: blue dominates, partly transparent
    expect(inBand[3]!).toBeGreaterThan(20);
    expect(inBand[3]!).toBeLessThan(90);
    expect(inBand[2]!).toBeGreaterThan(inBand[0]!);
  });

  it('zooms, pans, shows the whole case and returns to follow-live from the keyboard', async () => {
    await browser.page.keyboard.press('w');
    const whole = await until(probe, (x) => !x.follow, 'whole case');
    expect(whole.xMin).toBeLessThanOrEqual(T0 / 1000);
    expect(whole.xMax).toBeGreaterThanOrEqual(whole.last);
    const span = whole.xMax - whole.xMin;
    await browser.page.keyboard.press('+');
    const zoomed = await until(probe, (x) => x.xMax - x.xMin < span * 0.9, 'zoom in');
    expect(zoomed.xMax - zoomed.xMin).toBeCloseTo(span / 1.5, 3);
    await browser.page.keyboard.press('ArrowLeft');
    const panned = await until(probe, (x) => x.xMax < zoomed.xMax, 'pan back');
    expect(panned.xMax - panned.xMin).toBeCloseTo(zoomed.xMax - zoomed.xMin, 3);
    // new points do not move a panned view
    for (const m of series(220, 5)) stub.broadcast(m);
    const still = await until(probe, (x) => x.points === 228, '228 points');
    expect(still.xMax).toBeCloseTo(panned.xMax, 6);
    await browser.page.keyboard.press('f');
    const live = await until(probe, (x) => x.follow, 'follow again');
    expect(live.xMax).toBeGreaterThanOrEqual(live.last);
  });

  it('zooms to a range dragged with the mouse and stops following', async () => {
    const box = (await browser.page.evaluate(`(() => { const t = document.querySelector('sagitta-app').shadowRoot.querySelector('sagitta-timeline');
      const r = t.plot.over.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; })()`)) as { x: number; y: number; w: number; h: number };
    const before = await probe();
    await browser.page.mouse.move(box.x + box.w * 0.6, box.y + box.h / 2);
    await browser.page.mouse.down();
    await browser.page.mouse.move(box.x + box.w * 0.8, box.y + box.h / 2, { steps: 5 });
    await browser.page.mouse.up();
    const z = await until(probe, (x) => !x.follow && x.xMax - x.xMin < (before.xMax - before.xMin) * 0.5, 'drag zoom');
    expect(z.xMax - z.xMin).toBeCloseTo((before.xMax - before.xMin) * 0.2, 0);
  });

  it('marks events and shots (screenshot in test-output/)', async () => {
    stub.broadcast({ type: 'event', v: 1, timeMs: T0 + 15_000, kind: 'mark', note: 'cage L4–L5' });
    await browser.page.keyboard.press('w');
    await until(probe, (x) => !x.follow, 'whole case');
    await new Promise((r) => setTimeout(r, 200));
    const events = await browser.page.evaluate(`document.querySelector('sagitta-app').live.state.events.length`);
    expect(events).toBe(1);
    // the event line is drawn in amber (#fbbf24) at its time
    const px = (await browser.page.evaluate(`(() => { const u = document.querySelector('sagitta-app').shadowRoot.querySelector('sagitta-timeline').plot;
      const x = Math.round(u.valToPos(${(T0 + 15_000) / 1000}, 'x', true)), y = Math.round(u.bbox.top + u.bbox.height * 0.6);
      return Array.from(u.ctx.getImageData(x, y, 1, 1).data); })()`)) as number[];
    expect(px.slice(0, 3)).toEqual([251, 191, 36]);
    await browser.page.screenshot({ path: 'test-output/ui-timeline-1920x1080.png' });
    expect(browser.errors).toEqual([]);
  });
});
