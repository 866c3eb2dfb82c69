/**
 * Whole-pipeline report of calibration (issue 8): phantom fluoroscopy stills
 * with a typical pincushion (k1 = 0.08, R the half-diagonal) and a random
 * in-plane tilt; for each, the C-arm's bead plate is rendered through the
 * same distortion and fitted (fitGrid), the pipeline runs on the still, and
 * the angles it reports are compared with the truth's `patient` angles
 * without calibration and with the fitted profile (corners corrected, SS
 * against the known tilt). Prints median and maximum absolute errors.
 *
 * Usage: nice -n 10 node --import tsx calibration/scripts/pipeline-report.ts [--models models/default] [--n 40] [--size 768]
 */
import { parseArgs } from 'node:util';
import { correctCorners, fitGrid, horizontalDeg, identityProfile, type CalibrationProfile } from '../index.js';
import { computeAngles } from '../../server/measure/angles.js';
import type { GrayImage } from '../../server/image/types.js';
import { createPipeline } from '../../server/pipeline/index.js';
import { renderStill } from '../../server/phantom/index.js';
import { DEFAULT_GRID, renderGrid } from '../../server/phantom/grid.js';

const { values } = parseArgs({ options: { models: { type: 'string', default: 'models/default' }, n: { type: 'string', default: '40' }, size: { type: 'string', default: '768' }, seed: { type: 'string', default: '9000' } } });
const n = Number(values.n), size = Number(values.size), seed0 = Number(values.seed);
const NAMES = ['L1L5', 'L1S1', 'SS'] as const;

function to8(img: GrayImage<Float32Array>): GrayImage<Uint8Array> {
  return { width: img.width, height: img.height, data: Uint8Array.from(img.data, (v) => (v === v ? Math.round(255 * Math.min(1, Math.max(0, v))) : 0)) };
}
const med = (v: number[]) => { const s = [...v].sort((a, b) => a - b); return s.length ? (s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN; };

const pipeline = await createPipeline({ modelsDir: values.models! });
const err: Record<string, { raw: number[]; tiltKnown: number[]; corrected: number[]; truthCorners: number[] }> = Object.fromEntries(NAMES.map((k) => [k, { raw: [], tiltKnown: [], corrected: [], truthCorners: [] }]));
let refused = 0;
for (let s = 0; s < n; s++) {
  const still = renderStill({ seed: seed0 + s, width: size, height: size, fluoro: true, k1: 0.08, hard: false });
  const c = still.view.circle!;
  let profile: CalibrationProfile;
  try {
    const grid = renderGrid({ ...DEFAULT_GRID, width: size, height: size, pitchPx: Math.round(40 * size / 1024), beadRadiusPx: 4 * size / 1024 + 1, distortion: still.view.distortion, fieldOfView: { cx: c.cx, cy: c.cy, radius: c.r }, missing: 0.03, seed: s });
    const fit = fitGrid(grid.image, { spacingMm: 10 });
    profile = { ...identityProfile(size, size, 'phantom C-arm'), distortion: fit.distortion, horizontal: { source: 'tilt', tiltDeg: still.view.rotationDeg } };
  } catch (e) { refused++; console.error(`still ${seed0 + s}: ${(e as Error).message}`); continue; }
  const [pred] = await pipeline.run([to8(still.image)]);
  const found = pred!.vertebrae.map((v) => ({ label: v.label, corners: v.corners, spread: v.spread }));
  const raw = computeAngles(found).angles;
  const tiltKnown = computeAngles(found, { horizontalDeg: still.view.rotationDeg }).angles;
  const corrected = computeAngles(correctCorners(profile, found), { horizontalDeg: horizontalDeg(profile) }).angles;
  const truthCorrected = computeAngles(correctCorners(profile, still.truth.vertebrae), { horizontalDeg: horizontalDeg(profile) }).angles;
  const patient = still.truth.patient!;
  process.stderr.write(`still ${seed0 + s}: ${Object.keys(raw).length} angles\n`);
  for (const k of NAMES) {
    if (patient[k] === undefined) continue;
    if (truthCorrected[k] !== undefined) err[k]!.truthCorners.push(Math.abs(truthCorrected[k]! - patient[k]!));
    if (raw[k] === undefined || corrected[k] === undefined) continue;
    err[k]!.raw.push(Math.abs(raw[k]! - patient[k]!));
    err[k]!.tiltKnown.push(Math.abs(tiltKnown[k]! - patient[k]!));
    err[k]!.corrected.push(Math.abs(corrected[k]! - patient[k]!));
  }
}
await pipeline.dispose();
console.log(`model ${pipeline.manifest.name ?? values.models} · ${n} phantom stills ${size}×${size}, k1 0.08, tilt −30..30° · ${refused} grids refused`);
console.log('angle  count  | raw: median max | tilt known, no distortion correction: median max | calibrated: median max | truth corners calibrated: max');
for (const k of NAMES) {
  const e = err[k]!, f = (v: number[]) => `${med(v).toFixed(2)} ${(v.length ? Math.max(...v) : NaN).toFixed(2)}`;
  console.log(`${k.padEnd(5)} ${String(e.corrected.length).padStart(5)}  | ${f(e.raw)} | ${f(e.tiltKnown)} | ${f(e.corrected)} | ${(e.truthCorners.length ? Math.max(...e.truthCorners) : NaN).toFixed(3)}`);
}
