/**
 * Browser benchmark of the timeline (run by bench/ui-timeline.bench.ts):
 * an hour of case already loaded (108 000 points per series, 30 per second),
 * then 30 messages per second; times each chart update (append, setData,
 * scale and the synchronous redraw) and publishes percentiles on
 * `window.__bench`.
 */
import '../components/timeline-chart.js';
import type { TimelineChart } from '../components/timeline-chart.js';
import { MAIN_ANGLES } from '../state/names.js';
import { TimelineStore } from '../state/timeline-store.js';

const RATE_HZ = 30;
const HOUR_POINTS = 3600 * RATE_HZ;
const params = new URLSearchParams(location.search);
const UPDATES = Number(params.get('updates') ?? 300);

export interface BenchFigures { scenario: string; points: number; updates: number; p50Ms: number; p95Ms: number; maxMs: number }

function angle(i: number, c: number): number {
  if (i % 9000 > 8700) return NaN; // a stretch not measurable every 5 min
  return [42, 55, 36][c]! + 6 * Math.sin(i / (2000 + 300 * c)) + 0.3 * Math.sin(i * 1.7 + c);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

async function run(el: TimelineChart, store: TimelineStore, scenario: string): Promise<BenchFigures> {
  const times: number[] = [];
  let i = store.length;
  const t0S = Date.now() / 1000 - HOUR_POINTS / RATE_HZ;
  for (let k = 0; k < UPDATES; k++) {
    const start = performance.now();
    store.push(t0S + i / RATE_HZ, (_n, c) => angle(i, c));
    i++;
    el.version = store.version;
    await el.updateComplete;
    times.push(performance.now() - start);
    await new Promise((r) => setTimeout(r, Math.max(0, 1000 / RATE_HZ - (performance.now() - start))));
  }
  times.sort((a, b) => a - b);
  return { scenario, points: store.length, updates: UPDATES, p50Ms: percentile(times, 0.5), p95Ms: percentile(times, 0.95), maxMs: times[times.length - 1]! };
}

async function main(): Promise<void> {
  const store = new TimelineStore(MAIN_ANGLES, 1 << 17);
  const t0S = Date.now() / 1000 - HOUR_POINTS / RATE_HZ;
  for (let i = 0; i < HOUR_POINTS; i++) store.push(t0S + i / RATE_HZ, (_n, c) => angle(i, c));
  const el = document.createElement('sagitta-timeline');
  el.style.cssText = 'position: fixed; left: 10px; top: 10px; width: 1880px; height: 260px;';
  el.store = store;
  el.targets = [{ angle: 'L1L5', valueDeg: 45, toleranceDeg: 5 }, { angle: 'SS', valueDeg: 38, toleranceDeg: 3 }];
  el.events = Array.from({ length: 40 }, (_, k) => ({ timeMs: (t0S + k * 90) * 1000, kind: 'mark', note: `event ${k}` }));
  document.body.append(el);
  el.version = store.version;
  await el.updateComplete;
  await new Promise((r) => requestAnimationFrame(r));
  const follow = await run(el, store, 'follow-live (last 5 min in view)');
  // the whole hour in view (its 2 % margin keeps the new points in view): every update redraws 108 000 points per series
  el.showWholeCase();
  await el.updateComplete;
  const whole = await run(el, store, 'whole hour in view');
  (window as unknown as { __bench: BenchFigures[] }).__bench = [follow, whole];
}

main().catch((err: unknown) => { (window as unknown as { __benchError: string }).__benchError = String(err); });
