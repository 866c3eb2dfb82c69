/**
 * Pre-op import: decode an uploaded standing radiograph (PNG, JPEG, DICOM),
 * measure it with the landmark pipeline, keep it as the plan's baseline; and
 * corner edits, which recompute the angles with the spec's computeAngles.
 */
import { decodeImage } from '../image/load.js';
import { encodePng } from '../image/png.js';
import type { GrayImage } from '../image/types.js';
import { computeAngles } from '../measure/angles.js';
import type { Pipeline } from '../pipeline/index.js';
import { isLabel } from '../spec/labels.js';
import type { PlanVertebra, PreopBaseline } from './plan.js';

/** What the routes need of the pipeline: one `run` on still images. */
export type StillMeasurer = Pick<Pipeline, 'run'>;

/** Scales a 16-bit image to 8 bits (min–max) for display and storage as the pre-op picture. */
export function to8bit(img: GrayImage<Uint8Array | Uint16Array>): GrayImage<Uint8Array> {
  if (img.data instanceof Uint8Array) return img as GrayImage<Uint8Array>;
  let lo = 65535, hi = 0;
  for (const v of img.data) { if (v < lo) lo = v; if (v > hi) hi = v; }
  const k = hi > lo ? 255 / (hi - lo) : 0;
  const out = new Uint8Array(img.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.round((img.data[i]! - lo) * k);
  return { data: out, width: img.width, height: img.height };
}

/** Baseline from corners: angles by computeAngles (image x axis as horizontal: a standing film is upright). */
export function baselineFrom(vertebrae: PlanVertebra[], width: number, height: number, source?: string, edited = false): PreopBaseline {
  const { angles } = computeAngles(vertebrae);
  const b: PreopBaseline = { width, height, vertebrae, angles, edited };
  if (source) b.source = source;
  return b;
}

/** Decodes and measures an upload. Returns the baseline and the 8-bit PNG to keep. Throws an Error naming the problem. */
export async function importPreop(bytes: Uint8Array, name: string, measurer: StillMeasurer): Promise<{ baseline: PreopBaseline; png: Buffer }> {
  const img = decodeImage(bytes, name);
  const [pred] = await measurer.run([img]);
  if (!pred) throw new Error(`${name}: the pipeline returned no result`);
  const vertebrae: PlanVertebra[] = pred.vertebrae.map((v) => ({ label: v.label, corners: v.corners.map((c) => (c ? [c[0], c[1]] as [number, number] : null)) }));
  return { baseline: baselineFrom(vertebrae, img.width, img.height, name.replace(/^.*[\\/]/, '')), png: encodePng(to8bit(img), 8) };
}

/** Validates corner edits sent by the dashboard: `[{label, corners: [[x,y]|null ×4]}]`. Throws naming the bad entry. */
export function parseCornerEdit(v: unknown, width: number, height: number): PlanVertebra[] {
  if (!Array.isArray(v)) throw new Error('vertebrae must be an array of {label, corners}');
  return v.map((x: unknown, i: number) => {
    const r = x as { label?: unknown; corners?: unknown };
    if (!r || typeof r.label !== 'string' || !isLabel(r.label)) throw new Error(`vertebrae[${i}].label must be one of C2…S1`);
    if (!Array.isArray(r.corners) || r.corners.length !== 4) throw new Error(`vertebrae[${i}].corners must hold 4 points (SA, SP, IP, IA)`);
    const corners = r.corners.map((c: unknown, j: number) => {
      if (c === null) return null;
      const p = c as unknown[];
      if (!Array.isArray(p) || p.length !== 2 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) throw new Error(`vertebrae[${i}].corners[${j}] must be [x, y] or null`);
      const [x, y] = p as [number, number];
      if (x < -0.5 || y < -0.5 || x > width - 0.5 || y > height - 0.5) throw new Error(`vertebrae[${i}].corners[${j}] (${x}, ${y}) lies outside the ${width}×${height} image`);
      return [x, y] as [number, number];
    });
    return { label: r.label, corners };
  });
}
