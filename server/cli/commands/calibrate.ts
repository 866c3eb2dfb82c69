/**
 * `sagitta calibrate`: fits the image intensifier's distortion from an image
 * of a calibration grid (bead plate or wire grid at a known pitch), prints the
 * fit and its residuals, writes a calibration profile (calibration/README.md)
 * and optionally an overlay of the detected nodes and corrected lines.
 *
 * Example: sagitta calibrate --grid grid.png --spacing-mm 10 --out calibration/profiles/or3.json --overlay /tmp/or3.png
 * Demo grid: sagitta calibrate --phantom /tmp/grid.png --k1 0.08
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { fitGrid, CalibrationRefused } from '../../../calibration/src/fit.js';
import { renderOverlay } from '../../../calibration/src/overlay.js';
import { PROFILE_FORMAT, QUARTER_TURNS, type CalibrationProfile, type HorizontalReference, type QuarterTurn } from '../../../calibration/src/profile.js';
import { parseProfile } from '../../../calibration/src/validate.js';
import { encodePng, encodeRgbPng } from '../../image/png.js';
import { loadImage } from '../../image/load.js';
import { DEFAULT_GRID, renderGrid } from '../../phantom/grid.js';
import { numberOption, parseCommandArgs } from '../args.js';
import { CliError } from '../errors.js';

export const summary = 'fit the C-arm distortion from a calibration grid image and write a calibration profile';

const HELP = `Usage: sagitta calibrate --grid IMAGE --spacing-mm MM --out PROFILE.json [options]
  --grid IMAGE         image of the calibration grid (PNG, JPEG or DICOM) as the video shows it
  --spacing-mm MM      pitch of the grid on the plate, millimetres
  --out FILE           profile to write (JSON, format ${PROFILE_FORMAT})
  --overlay FILE       PNG of detected nodes and fitted lines (left) and the corrected grid (right)
  --kind beads|wires   bead plate (default) or wire grid
  --name TEXT          name of the C-arm / video chain (default: the output file name)
  --rotate 0|90|180|270, --fine-deg DEG, --mirror   orientation that makes the spine upright
  --tilt-deg DEG       true horizontal at DEG (clockwise on the upright image), e.g. the C-arm orbital angle
  --horizontal-line X1,Y1,X2,Y2   true horizontal drawn on the upright (oriented) frame, e.g. the table edge
  --max-rms PX         largest accepted RMS residual (default 0.75)
Demo: sagitta calibrate --phantom OUT.png [--kind beads|wires] [--k1 0.08] [--k2 0.01] renders a phantom grid (10 mm = 40 px).`;

const OPTIONS = {
  grid: { type: 'string' }, 'spacing-mm': { type: 'string' }, out: { type: 'string' }, overlay: { type: 'string' },
  kind: { type: 'string' }, name: { type: 'string' }, rotate: { type: 'string' }, 'fine-deg': { type: 'string' },
  mirror: { type: 'boolean' }, 'tilt-deg': { type: 'string' }, 'horizontal-line': { type: 'string' }, 'max-rms': { type: 'string' },
  phantom: { type: 'string' }, k1: { type: 'string' }, k2: { type: 'string' }, help: { type: 'boolean', short: 'h' },
} as const;

function kindOption(v: unknown): 'beads' | 'wires' {
  if (v === undefined || v === 'beads' || v === 'wires') return v ?? 'beads';
  throw new CliError(`--kind must be beads or wires, got "${String(v)}"`);
}

function horizontalOption(tilt: unknown, line: unknown): HorizontalReference {
  if (tilt !== undefined && line !== undefined) throw new CliError('give --tilt-deg or --horizontal-line, not both');
  if (tilt !== undefined) return { source: 'tilt', tiltDeg: numberOption(tilt, 'tilt-deg', 0, -90, 90) };
  if (line === undefined) return { source: 'image' };
  const n = String(line).split(',').map(Number);
  if (n.length !== 4 || n.some((v) => !Number.isFinite(v))) throw new CliError(`--horizontal-line must be X1,Y1,X2,Y2, got "${String(line)}"`);
  return { source: 'line', space: 'oriented', points: [[n[0]!, n[1]!], [n[2]!, n[3]!]] };
}

async function renderPhantom(file: string, v: Record<string, unknown>): Promise<number> {
  const kind = kindOption(v.kind);
  const distortion = { cx: 520, cy: 500, radius: Math.hypot(1024, 1024) / 2, k1: numberOption(v.k1, 'k1', 0.08, -0.3, 0.3), k2: numberOption(v.k2, 'k2', 0.01, -0.3, 0.3) };
  const g = renderGrid({ ...DEFAULT_GRID, kind, beadRadiusPx: kind === 'beads' ? 4 : 1, distortion, missing: 0.03, noiseSd: 0.03 });
  await writeFile(file, encodePng(g.image));
  process.stdout.write(`wrote ${file}: ${kind} grid, pitch 40 px (use --spacing-mm 10), k1 ${distortion.k1}, k2 ${distortion.k2}, centre (520, 500), radius ${distortion.radius.toFixed(2)}\n`);
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  const { values: v } = parseCommandArgs(argv, OPTIONS);
  if (v.help) { process.stdout.write(HELP + '\n'); return 0; }
  if (typeof v.phantom === 'string') return renderPhantom(v.phantom, v);
  if (typeof v.grid !== 'string') throw new CliError('--grid IMAGE is required (see --help)');
  if (typeof v.out !== 'string') throw new CliError('--out PROFILE.json is required');
  if (v['spacing-mm'] === undefined) throw new CliError('--spacing-mm MM is required (the pitch of the grid)');
  const spacingMm = numberOption(v['spacing-mm'], 'spacing-mm', 0, 0.01, 1000);
  const rotate = numberOption(v.rotate, 'rotate', 0);
  if (!QUARTER_TURNS.includes(rotate as QuarterTurn)) throw new CliError(`--rotate must be 0, 90, 180 or 270, got "${String(v.rotate)}"`);
  const kind = kindOption(v.kind);
  const horizontal = horizontalOption(v['tilt-deg'], v['horizontal-line']);
  let img;
  try { img = await loadImage(v.grid); } catch (err) { throw new CliError((err as Error).message, 1); }

  let fit;
  try {
    fit = fitGrid(img, { spacingMm, kind, maxRmsPx: numberOption(v['max-rms'], 'max-rms', 0.75, 0.01, 10) });
  } catch (err) {
    if (err instanceof CalibrationRefused) throw new CliError(`${basename(v.grid)}: ${err.message}`, 1);
    throw err;
  }
  const { distortion: d, report: r } = fit;
  const profile: CalibrationProfile = parseProfile({
    format: PROFILE_FORMAT, name: typeof v.name === 'string' ? v.name : basename(v.out, '.json'), createdAt: new Date().toISOString(),
    image: { width: img.width, height: img.height },
    orientation: { rotateDeg: rotate, fineDeg: numberOption(v['fine-deg'], 'fine-deg', 0, -45, 45), mirror: v.mirror === true },
    distortion: d, fieldOfView: fit.fieldOfView, horizontal, pixelSpacingMm: fit.pixelSpacingMm,
    fit: { ...r, grid: basename(v.grid) },
  }, v.out);
  const f = (x: number, n = 2) => x.toFixed(n);
  process.stdout.write([
    `grid ${basename(v.grid)} (${img.width}×${img.height}, ${kind}): ${fit.detections.length} detected, ${r.points} nodes fitted, ${r.rejected} rejected`,
    `field of view: ${fit.fieldOfView ? `centre (${f(fit.fieldOfView.cx, 1)}, ${f(fit.fieldOfView.cy, 1)}), radius ${f(fit.fieldOfView.radius, 1)} px` : 'no intensifier circle found'}`,
    `distortion: centre (${f(d.cx)}, ${f(d.cy)}) px, k1 ${f(d.k1, 5)}, k2 ${f(d.k2, 5)} (radius ${f(d.radius)} px), up to ${f(r.maxDisplacementPx)} px of displacement`,
    `lattice: pitch ${f(r.pitchPx[0], 3)} × ${f(r.pitchPx[1], 3)} px at ${f(r.latticeDeg)}°; pixel spacing ${f(fit.pixelSpacingMm, 4)} mm/px`,
    `residuals: RMS ${f(r.rmsPx, 3)} px, max ${f(r.maxPx, 3)} px`,
  ].join('\n') + '\n');
  await mkdir(dirname(v.out), { recursive: true });
  await writeFile(v.out, JSON.stringify(profile, null, 2) + '\n');
  process.stdout.write(`wrote ${v.out}\n`);
  if (typeof v.overlay === 'string') {
    const o = renderOverlay(img, fit);
    await writeFile(v.overlay, encodeRgbPng(o.rgb, o.width, o.height));
    process.stdout.write(`wrote ${v.overlay}\n`);
  }
  return 0;
}
