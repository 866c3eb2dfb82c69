/**
 * Calibration-grid phantom: a bead plate or a wire grid at a known pitch,
 * imaged through the image intensifier (the shared radial distortion model,
 * rendered exactly: each displayed pixel is mapped back to the plate and
 * supersampled near beads and wires), with the dark mask around the
 * intensifier circle, vignetting, noise, missing beads, a plate smaller than
 * the field and an optional collimator shutter. Attenuation adds on a log
 * scale, so wire crossings are darker than wires, as on a real grid.
 */
import { distortPoint, undistortPoint, type RadialDistortion } from '../geometry/distortion.js';
import type { GrayImage } from '../image/types.js';
import type { Point } from '../spec/labels.js';
import { createRng, hashSeed } from './rng.js';

export interface GridPhantomOptions {
  readonly width: number;
  readonly height: number;
  /** `beads`: dots at the nodes; `wires`: two families of lines through them. */
  readonly kind: 'beads' | 'wires';
  /** Lattice pitch on the plate, in undistorted pixels. */
  readonly pitchPx: number;
  /** Lattice rotation, degrees (clockwise on screen). */
  readonly angleDeg: number;
  /** Position of node (0, 0), undistorted pixels. Default: a little off the frame centre. */
  readonly origin?: Point;
  /** Bead radius or wire half-width, undistorted pixels. */
  readonly beadRadiusPx: number;
  readonly distortion: RadialDistortion;
  /** Intensifier circle (displayed pixels); outside it the frame is dark. Null: no mask. */
  readonly fieldOfView: { readonly cx: number; readonly cy: number; readonly radius: number } | null;
  /** Gaussian noise SD, in units of full scale (0..1). */
  readonly noiseSd: number;
  /** Share of beads missing (0..1), chosen by the seed. */
  readonly missing: number;
  /** Half extent of the plate in nodes along i and j (Infinity: covers the field). */
  readonly plateHalfNodes: number;
  /** Collimator shutter: pixels with nx·x + ny·y > c (displayed) are heavily attenuated. */
  readonly shutter?: { readonly nx: number; readonly ny: number; readonly c: number };
  /** Beads darker than the background (X-ray convention on fluoroscopy) or brighter. */
  readonly polarity: 'dark' | 'bright';
  /**
   * S-distortion (the Earth's field bending the intensifier's electrons), which
   * the radial model does not describe: displayed points turn about the
   * distortion centre by sDistortionDeg·(r/R)². Default 0.
   */
  readonly sDistortionDeg?: number;
  readonly seed: number;
}

export const DEFAULT_GRID: Omit<GridPhantomOptions, 'distortion'> = {
  width: 1024, height: 1024, kind: 'beads', pitchPx: 40, angleDeg: 4, beadRadiusPx: 4,
  fieldOfView: { cx: 516, cy: 508, radius: 500 }, noiseSd: 0.02, missing: 0, plateHalfNodes: Infinity,
  polarity: 'dark', seed: 1,
};

/** One node of the plate as rendered: lattice index, plate (undistorted) and displayed position. */
export interface GridNode { readonly i: number; readonly j: number; readonly plate: Point; readonly displayed: Point }

export interface GridPhantom {
  readonly image: GrayImage<Uint8Array>;
  /** Nodes with a visible bead (beads) or crossing (wires), inside the field and not shuttered. */
  readonly nodes: GridNode[];
}

/** Renders a calibration-grid image and its truth nodes. */
export function renderGrid(o: GridPhantomOptions): GridPhantom {
  const { width: w, height: h, distortion: radial } = o;
  const swirl = (p: Point, sign: number): Point => {
    if (!o.sDistortionDeg) return p;
    const x = p[0] - radial.cx, y = p[1] - radial.cy, rr = (x * x + y * y) / (radial.radius * radial.radius);
    const t = (sign * o.sDistortionDeg * rr * Math.PI) / 180, c = Math.cos(t), s = Math.sin(t);
    return [radial.cx + x * c - y * s, radial.cy + x * s + y * c];
  };
  // Displayed = swirl(radial(plate)); the swirl keeps r, so its inverse turns back by the same angle.
  const d = {
    distort: (p: Point): Point => swirl(distortPoint(radial, p), 1),
    undistort: (q: Point): Point => undistortPoint(radial, swirl(q, -1)),
  };
  const t = (o.angleDeg * Math.PI) / 180, cos = Math.cos(t), sin = Math.sin(t);
  const origin = o.origin ?? [(w - 1) / 2 + 0.37 * o.pitchPx, (h - 1) / 2 - 0.21 * o.pitchPx];
  const seedMissing = hashSeed(o.seed, 77);
  const present = (i: number, j: number): boolean =>
    Math.abs(i) <= o.plateHalfNodes && Math.abs(j) <= o.plateHalfNodes && (o.missing <= 0 || (hashSeed(seedMissing, i, j) / 4294967296) >= o.missing);
  /** Plate point → lattice coordinates (i, j) as floats. */
  const toLattice = (p: Point): Point => {
    const x = p[0] - origin[0], y = p[1] - origin[1];
    return [(x * cos + y * sin) / o.pitchPx, (-x * sin + y * cos) / o.pitchPx];
  };
  const r = o.beadRadiusPx / o.pitchPx; // in lattice units
  /** Attenuation (0 = none) at a plate point. */
  const attenuation = (p: Point): number => {
    const [u, v] = toLattice(p);
    const i = Math.round(u), j = Math.round(v);
    if (o.kind === 'beads') {
      if (!present(i, j)) return 0;
      const q = Math.hypot(u - i, v - j) / r;
      return q < 1 ? 1.2 * Math.sqrt(1 - q * q) : 0; // sphere: path length through the bead
    }
    const inPlate = Math.abs(u) <= o.plateHalfNodes + 0.5 && Math.abs(v) <= o.plateHalfNodes + 0.5;
    if (!inPlate) return 0;
    return (Math.abs(u - i) < r ? 0.5 : 0) + (Math.abs(v - j) < r ? 0.5 : 0);
  };
  const rng = createRng(hashSeed(o.seed, 5));
  const img = new Uint8Array(w * h);
  const fov = o.fieldOfView;
  const margin = (r + 2 / o.pitchPx);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let base = 0.75;
      if (fov) {
        const rr = Math.hypot(x - fov.cx, y - fov.cy) / fov.radius;
        base = 0.03 + 0.72 * (1 - 0.25 * rr * rr) * Math.min(1, Math.max(0, (fov.radius - rr * fov.radius) / 1.5 + 0.5));
      }
      if (o.shutter && o.shutter.nx * x + o.shutter.ny * y > o.shutter.c) base *= 0.2;
      const p = d.undistort([x, y]);
      const [u, v] = toLattice(p);
      const near = o.kind === 'beads' ? Math.hypot(u - Math.round(u), v - Math.round(v)) < margin : Math.min(Math.abs(u - Math.round(u)), Math.abs(v - Math.round(v))) < margin;
      let a = 0;
      if (near) { // 4×4 supersampling of the pixel's square
        for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) a += attenuation(d.undistort([x - 0.375 + sx * 0.25, y - 0.375 + sy * 0.25]));
        a /= 16;
      }
      const value = o.polarity === 'dark' ? base * Math.exp(-a) : base * (1 + 0.5 * a);
      img[y * w + x] = Math.max(0, Math.min(255, Math.round(255 * (value + o.noiseSd * rng.normal()))));
    }
  }
  const nodes: GridNode[] = [];
  const reach = Math.ceil(Math.hypot(w, h) / o.pitchPx) + 2;
  for (let j = -reach; j <= reach; j++) for (let i = -reach; i <= reach; i++) {
    if (o.kind === 'beads' && !present(i, j)) continue;
    if (o.kind === 'wires' && (Math.abs(i) > o.plateHalfNodes || Math.abs(j) > o.plateHalfNodes)) continue;
    const plate: Point = [origin[0] + o.pitchPx * (i * cos - j * sin), origin[1] + o.pitchPx * (i * sin + j * cos)];
    const q = d.distort(plate);
    if (q[0] < 0 || q[1] < 0 || q[0] > w - 1 || q[1] > h - 1) continue;
    if (fov && Math.hypot(q[0] - fov.cx, q[1] - fov.cy) > fov.radius) continue;
    if (o.shutter && o.shutter.nx * q[0] + o.shutter.ny * q[1] > o.shutter.c) continue;
    nodes.push({ i, j, plate, displayed: q });
  }
  return { image: { data: img, width: w, height: h }, nodes };
}
