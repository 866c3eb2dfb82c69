/**
 * A synthetic measurement stream (a lumbar spine L1–S1 whose lordosis drifts
 * slowly, as when the surgeon corrects it), for tests, benchmarks and demos.
 * Angles come from the corners through computeAngles, so they agree.
 */
import { computeAngles } from '../measure/angles.js';
import type { AngleValue, MeasurementMessage, VertebraWire } from '../protocol/messages.js';

const LEVELS = ['L1', 'L2', 'L3', 'L4', 'L5', 'S1'] as const;

/** Corners of an upright right-facing vertebra centred at (cx, cy), tilted by `tiltDeg` (anterior up), w × h px. */
function vertebra(label: string, cx: number, cy: number, tiltDeg: number, w = 70, h = 50): VertebraWire {
  const t = (tiltDeg * Math.PI) / 180, ux = Math.cos(t), uy = -Math.sin(t), vx = -uy, vy = ux;
  const p = (a: number, b: number): [number, number] => [cx + a * ux + b * vx, cy + a * uy + b * vy];
  const s1 = label === 'S1';
  return { label, score: 0.97, corners: [p(w / 2, -h / 2), p(-w / 2, -h / 2), s1 ? null : p(-w / 2, h / 2), s1 ? null : p(w / 2, h / 2)], spread: [1.2, 1.1, s1 ? null : 1.3, s1 ? null : 1.2] };
}

/**
 * The phantom measurement of frame `i` at `timeMs`: lordosis grows by
 * `driftDegPerMin` per minute with a little jitter; a new shot every `shotEvery` frames.
 */
export function phantomMeasurement(i: number, timeMs: number, opts: { width?: number; height?: number; driftDegPerMin?: number; shotEvery?: number; jitterDeg?: number } = {}): MeasurementMessage {
  const width = opts.width ?? 1024, height = opts.height ?? 1024;
  const minutes = i / 30 / 60;
  const extra = Math.min(15, minutes * (opts.driftDegPerMin ?? 1));
  const jitter = (opts.jitterDeg ?? 0.3) * Math.sin(i * 1.7);
  const vertebrae = LEVELS.map((l, k) => vertebra(l, width / 2 + (k - 2.5) * 6, height * 0.2 + k * 110, 12 + extra / 2 - k * (6 + extra / 10) + jitter + (l === 'S1' ? -8 : 0)));
  const r = computeAngles(vertebrae.map((v) => ({ label: v.label, corners: v.corners, spread: v.spread })));
  const angles: Record<string, AngleValue> = {};
  for (const [k, v] of Object.entries(r.angles)) angles[k] = { value: v, sd: r.sd[k] ?? 0 };
  for (const [k, why] of Object.entries(r.missing)) angles[k] = { value: null, reason: why };
  return { type: 'measurement', v: 1, frame: i, timeMs, shot: Math.floor(i / (opts.shotEvery ?? 300)), width, height, vertebrae, angles, timings: { total: 30 } };
}

/** A phantom fluoroscopy frame (bright disc on black, a burned-in "name" block top-left) for video and mask tests. */
export function phantomFrame(width: number, height: number, i: number): Uint8Array {
  const d = new Uint8Array(width * height);
  const cx = width / 2, cy = height / 2, r = Math.min(width, height) / 2;
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const inside = (x - cx) ** 2 + (y - cy) ** 2 < r * r;
    d[y * width + x] = inside ? 90 + ((x + y + i * 3) & 63) : 0;
  }
  for (let y = 2; y < Math.min(height, 14); y++) for (let x = 2; x < Math.min(width, 60); x++) d[y * width + x] = 255;
  return d;
}
