/**
 * Builds the patient's lateral anatomy in millimetres (x anterior, y
 * superior, origin at the middle of S1's superior endplate): vertebral
 * bodies through their exact corners, posterior elements, sacrum, pelvis,
 * femoral heads, ribs, and what the soft tissue needs.
 */
import { createRng } from './rng.js';
import { PHANTOM_LEVELS, type Patient, type PhantomLevel } from './patient.js';
import { add, bezier, bowedOutline, ellipse, arc, lerp, perp, poly, rot, scale, strip, sub, unit, type Frame, type Polygon, type Vec } from './shapes.js';
import { posteriorElements, sacrumShapes } from './posterior.js';

/** A bone (or soft-tissue) shape: outline in mm plus how dense it renders. */
export interface Shape {
  poly: Polygon;
  /** Bulk attenuation (relative; vertebral body ≈ 1). */
  density: number;
  /** Cortical rim strength (relative; vertebral body ≈ 1). */
  cortex: number;
  /** A vertebral body: may be drawn with a double contour (left and right halves not superimposed). */
  body?: boolean;
}

export interface VertebraGeometry {
  label: PhantomLevel;
  /** SA, SP, IP, IA in mm (S1: IP, IA are its body's lower corners, not counted). */
  corners: [Vec, Vec, Vec, Vec];
  /** Unit anterior and superior axes of the body. */
  frame: Frame;
  depthMm: number;
  heightMm: number;
}

export interface Anatomy {
  vertebrae: VertebraGeometry[];
  /** Everything bony, drawn in this order. */
  shapes: Shape[];
  /** Soft-tissue extent along x: back skin and front skin, mm. */
  backSkinMm: number;
  frontSkinMm: number;
  /** Diaphragm: height (y, mm) of the dome above which lung lowers attenuation, as a function of x. */
  diaphragm: { apexX: number; apexY: number; slope: number };
  /** Bowel gas: centre, radii (mm), strength 0..1. */
  gas: { c: Vec; rx: number; ry: number; k: number }[];
  /** Hip centre (mm) and femoral head radius: where implants and truth may look. */
  hip: Vec;
  /** Midpoint of the S1 superior endplate (mm) = origin. */
  s1Mid: Vec;
}

/** Builds the anatomy; `detailSeed` fixes random details (gas, rib curves) so a video keeps them. */
export function buildAnatomy(p: Patient, detailSeed = 1): Anatomy {
  const rng = createRng(detailSeed);
  const vertebrae: VertebraGeometry[] = [];
  const shapes: Shape[] = [];
  const ss = p.sacralSlopeDeg;
  const s1 = p.bodies.S1;
  // S1 superior endplate through the origin, anterior corner lower by the sacral slope.
  let d: Vec = rot([1, 0], -ss);
  let sp: Vec = scale(d, -s1.depthMm / 2);
  let sa: Vec = scale(d, s1.depthMm / 2);
  const s1Frame: Frame = { o: sp, u: d, v: perp(d) };
  const s1Below = sub(sp, scale(perp(rot(d, -s1.wedgeDeg / 2)), s1.heightMm));
  const s1Ia = add(s1Below, scale(rot(d, -s1.wedgeDeg), s1.depthMm));
  vertebrae.push({ label: 'S1', corners: [sa, sp, s1Below, s1Ia], frame: s1Frame, depthMm: s1.depthMm, heightMm: s1.heightMm });

  // Going up: disc, then body, each a wedge about its middle.
  for (let i = PHANTOM_LEVELS.length - 2; i >= 0; i--) {
    const label = PHANTOM_LEVELS[i]!;
    const b = p.bodies[label as PhantomLevel];
    const disc = p.discs[label as Exclude<PhantomLevel, 'S1'>];
    // Disc: mean height hm, wedge w; both ends at least 0.8 mm.
    const lowerDepth = vertebrae[vertebrae.length - 1]!.depthMm;
    const w = disc.wedgeDeg;
    const sinW = Math.sin((w * Math.PI) / 180);
    const hm = Math.max(disc.heightMm + (lowerDepth / 2) * sinW, (lowerDepth / 2) * Math.abs(sinW) + 0.8);
    const dMid = rot(d, w / 2);
    const lowMid = lerp(sp, sa, 0.5);
    const d1 = rot(d, w);
    const upMid = add(add(lowMid, scale(perp(dMid), hm)), scale(dMid, (b.depthMm - lowerDepth) / 2 + b.slipMm));
    const ip = sub(upMid, scale(d1, b.depthMm / 2));
    const ia = add(upMid, scale(d1, b.depthMm / 2));
    // Body: mean height hb, wedge wb.
    const wb = b.wedgeDeg;
    const sinB = Math.sin((wb * Math.PI) / 180);
    const hb = Math.max(b.heightMm + (b.depthMm / 2) * sinB, (b.depthMm / 2) * Math.abs(sinB) + 4);
    const bMid = rot(d1, wb / 2);
    const d2 = rot(d1, wb);
    const topMid = add(upMid, scale(perp(bMid), hb));
    sp = sub(topMid, scale(d2, b.depthMm / 2));
    sa = add(topMid, scale(d2, b.depthMm / 2));
    d = d2;
    const frame: Frame = { o: lerp(sp, ip, 0.5), u: unit(add(d1, d2)), v: perp(unit(add(d1, d2))) };
    vertebrae.push({ label: label as PhantomLevel, corners: [sa, sp, ip, ia], frame, depthMm: b.depthMm, heightMm: b.heightMm });
  }
  vertebrae.reverse(); // cranial to caudal

  // Pelvis frame: origin at the hip centre, v towards S1's midpoint, u anterior.
  const n1 = perp(rot([1, 0], -ss));
  const toHip = rot(scale(n1, -1), p.pelvicIncidenceDeg);
  const hip = scale(toHip, p.hipDistanceMm);
  const up = unit(scale(hip, -1));
  const pelvis: Frame = { o: hip, u: [up[1], -up[0]], v: up };
  const k = p.hipDistanceMm / 95;
  const off: Vec = rot([p.bilateralOffsetMm, 0], rng.uniform(-60, 60));
  for (let side = 0; side < 2; side++) {
    const f: Frame = side === 0 ? pelvis : { o: add(pelvis.o, off), u: scale(pelvis.u, 1.04), v: scale(pelvis.v, 1.04) };
    const ilium = poly(f, ([
      [-2, 26], [26, 36], [28, 48], [40, 62], [50, 78], [44, 92], [30, 108], [8, 120], [-20, 124], [-48, 118], [-70, 106],
      [-84, 90], [-80, 74], [-66, 62], [-52, 44], [-42, 26], [-38, 4], [-40, -22], [-30, -44], [-14, -50], [-6, -30],
    ] as const).map(([u, v]) => [u * k, v * k] as const));
    shapes.push({ poly: ilium, density: 0.18, cortex: 0.9 });
    // Pelvic brim (iliopectineal line) and acetabular roof: dense cortical lines.
    const brim = bezier(poly(f, [[-56 * k, 70 * k]])[0]!, poly(f, [[-10 * k, 40 * k]])[0]!, poly(f, [[40 * k, -20 * k]])[0]!, 14);
    shapes.push({ poly: strip(brim, () => 1.6 * k), density: 0.35, cortex: 0.3 });
    const head = f.o;
    const r = p.femoralHeadMm * (side === 0 ? 1 : 1.04);
    const upDeg = (Math.atan2(up[1], up[0]) * 180) / Math.PI;
    shapes.push({ poly: strip(arc(head, r + 2.5, upDeg - 85, upDeg + 85, 18), () => 2.2), density: 0.6, cortex: 0.4 });
    // Femoral head, neck and the top of the shaft.
    shapes.push({ poly: ellipse(head, r, r, 0, 40), density: 0.75, cortex: 0.9 });
    const neck = poly(f, [[0, 0], [10 * k, -35 * k], [6 * k, -75 * k], [2 * k, -140 * k]]);
    shapes.push({ poly: strip(neck, (t) => r * (t < 0.25 ? 0.72 : t < 0.5 ? 0.95 : 0.65)), density: 0.6, cortex: 0.8 });
    shapes.push({ poly: ellipse(poly(f, [[-14 * k, -48 * k]])[0]!, 20 * k, 16 * k, 30, 28), density: 0.35, cortex: 0.5 });
  }

  shapes.push(...sacrumShapes(vertebrae[vertebrae.length - 1]!, rng));
  // Bodies last among the spine shapes so their rims are crisp; posterior elements first.
  for (let i = 0; i < vertebrae.length; i++) {
    const v = vertebrae[i]!;
    const next = vertebrae[i + 1];
    shapes.push(...posteriorElements(v, next, p.spinousScale));
  }
  for (const v of vertebrae) {
    const b = p.bodies[v.label];
    const outline = bowedOutline(v.corners, [b.cupMm, b.waistMm * 0.35, b.cupMm, b.waistMm], 12, 1.3);
    shapes.push({ poly: outline, density: 1, cortex: 1, body: true });
  }
  if (p.ribs) shapes.push(...ribs(vertebrae, p.bilateralOffsetMm, rng));

  const spinousTip = Math.min(...shapes.map((s) => Math.min(...s.poly.map((q) => q[0]))));
  const l1 = vertebrae.find((v) => v.label === 'T11')!;
  return {
    vertebrae, shapes,
    backSkinMm: spinousTip - rng.uniform(25, 70),
    frontSkinMm: rng.uniform(150, 280),
    diaphragm: { apexX: rng.uniform(30, 90), apexY: l1.frame.o[1] + rng.uniform(-10, 40), slope: rng.uniform(0.25, 0.6) },
    gas: Array.from({ length: rng.int(2, 9) }, () => ({
      c: [rng.uniform(20, 160), rng.uniform(-120, 160)] as Vec, rx: rng.uniform(8, 35), ry: rng.uniform(6, 25), k: rng.uniform(0.2, 1),
    })),
    hip, s1Mid: [0, 0],
  };
}

/** Left and right ribs of T4..T12: bands from behind the spine sweeping anteriorly and down. */
function ribs(vertebrae: readonly VertebraGeometry[], offsetMm: number, rng: ReturnType<typeof createRng>): Shape[] {
  const out: Shape[] = [];
  for (const v of vertebrae) {
    if (!v.label.startsWith('T')) continue;
    const n = Number(v.label.slice(1));
    const len = n === 12 ? 0.35 : n === 11 ? 0.6 : 1;
    for (let side = 0; side < 2; side++) {
      const s = side === 0 ? 1 : 1.05;
      const o: Vec = add(v.frame.o, [side * offsetMm * 0.6, side * offsetMm * 0.8 + v.heightMm * 0.3]);
      const tilt = rng.uniform(-6, 6);
      const back = add(o, rot([-70 * s, -18 * s], tilt));
      const ctrl = add(o, rot([45 * s, 30 * s], tilt));
      const front = add(o, rot([170 * len * s, -120 * len * s], tilt));
      const line = bezier(back, ctrl, front, 26);
      out.push({ poly: strip(line, (t) => (2.5 + 2 * Math.sin(Math.PI * t)) * s), density: 0.08, cortex: 0.5 });
    }
  }
  return out;
}
