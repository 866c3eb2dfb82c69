/**
 * Metal in the field, in mm on the anatomy: pedicle screws (threaded shaft,
 * tulip head), rods, interbody cages (titanium, or PEEK with marker beads),
 * retractor blades and thin wires. Geometry follows the vertebrae, so it
 * moves with the spine in a video.
 */
import type { Anatomy, VertebraGeometry } from './anatomy.js';
import { createRng, type Rng } from './rng.js';
import { add, at, ellipse, lerp, perp, rot, scale, strip, sub, unit, type Frame, type Polygon, type Vec } from './shapes.js';

/** One metal object: outline in mm and its attenuation (relative; bone bulk ≈ 1). */
export interface Implant { poly: Polygon; mu: number }

/** What is in the field: levels with screws, disc levels with cages (by upper level), rods, retractors, wires. */
export interface ImplantSpec {
  screws: string[];
  rods: boolean;
  cages: string[];
  cageKind: 'titanium' | 'peek';
  retractors: number;
  wires: number;
  /** Seed of the small random details (screw angles, retractor places). */
  seed: number;
}

export const NO_IMPLANTS: ImplantSpec = { screws: [], rods: false, cages: [], cageKind: 'peek', retractors: 0, wires: 0, seed: 0 };

const INSTRUMENTABLE = ['T10', 'T11', 'T12', 'L1', 'L2', 'L3', 'L4', 'L5', 'S1'];

/** Draws a plausible construct: 2–5 instrumented levels ending at S1 or L5, cages in 0–2 of its discs. */
export function sampleImplantSpec(rng: Rng): ImplantSpec {
  const last = rng.chance(0.7) ? 8 : 7;
  const count = rng.int(2, 5);
  const screws = INSTRUMENTABLE.slice(last - count + 1, last + 1);
  const discs = screws.slice(0, -1);
  const nc = rng.int(0, Math.min(2, discs.length));
  const cages = nc ? discs.slice(-nc) : [];
  return {
    screws: rng.chance(0.85) ? screws : [], rods: rng.chance(0.8), cages, cageKind: rng.chance(0.5) ? 'titanium' : 'peek',
    retractors: rng.int(0, 2), wires: rng.int(0, 3), seed: rng.u32(),
  };
}

function screw(v: VertebraGeometry, side: number, rng: Rng, offset: Vec): { parts: Implant[]; head: Vec } {
  const D = v.depthMm, h = v.heightMm / 2;
  const f: Frame = v.label === 'S1'
    ? { o: lerp(v.corners[1], v.corners[2], 0.35), u: v.frame.u, v: v.frame.v }
    : v.frame;
  const entry = add(at(f, -0.46 * D, (v.label === 'S1' ? -0.1 : 0.35) * h), offset);
  const target = add(at(f, (0.78 + rng.uniform(-0.08, 0.05)) * D, (0.1 + rng.uniform(-0.25, 0.2)) * h + side * 1.5), offset);
  const dir = unit(sub(target, entry));
  const n = perp(dir);
  const len = Math.hypot(target[0] - entry[0], target[1] - entry[1]);
  const r = 3.1, pitch = 2.6;
  const left: Vec[] = [], right: Vec[] = [];
  const steps = Math.max(4, Math.floor(len / (pitch / 2)));
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const taper = t > 0.85 ? 1 - (t - 0.85) / 0.15 * 0.7 : 1;
    const thread = i % 2 === 0 ? r : r - 0.9;
    const c = add(entry, scale(dir, t * len));
    left.push(add(c, scale(n, thread * taper)));
    right.push(add(c, scale(n, -(i % 2 === 1 ? r : r - 0.9) * taper)));
  }
  const shaft = [...left, ...right.reverse()];
  const head = add(entry, scale(dir, -7));
  const tulip = ellipse(head, 7.5, 6.5, (Math.atan2(dir[1], dir[0]) * 180) / Math.PI, 16);
  return { parts: [{ poly: shaft, mu: 3.2 }, { poly: tulip, mu: 3.6 }], head };
}

function cage(upper: VertebraGeometry, lower: VertebraGeometry, kind: ImplantSpec['cageKind'], rng: Rng): Implant[] {
  const ia = upper.corners[3], ip = upper.corners[2], sa = lower.corners[0], sp = lower.corners[1];
  const a0 = 0.12 + rng.uniform(0, 0.1), a1 = 0.82 - rng.uniform(0, 0.1);
  const inset = (p: Vec, q: Vec): Vec => lerp(p, q, 0.08);
  const top0 = lerp(ip, ia, a0), top1 = lerp(ip, ia, a1), bot0 = lerp(sp, sa, a0), bot1 = lerp(sp, sa, a1);
  const box = [inset(top0, bot0), inset(top1, bot1), inset(bot1, top1), inset(bot0, top0)];
  if (kind === 'titanium') {
    const holes: Implant[] = [];
    for (let k = 1; k <= 3; k++) {
      const c = lerp(lerp(box[0]!, box[3]!, 0.5), lerp(box[1]!, box[2]!, 0.5), k / 4);
      holes.push({ poly: ellipse(c, 1.8, 1.6, 0, 10), mu: -1.6 });
    }
    return [{ poly: box, mu: 2.2 }, ...holes];
  }
  const beads: Implant[] = [{ poly: box, mu: 0.12 }];
  for (const t of [0.1, 0.9]) beads.push({ poly: ellipse(lerp(lerp(box[0]!, box[3]!, 0.5), lerp(box[1]!, box[2]!, 0.5), t), 1.1, 1.1, 0, 10), mu: 3.5 });
  beads.push({ poly: strip([lerp(box[0]!, box[1]!, 0.5), lerp(box[3]!, box[2]!, 0.5)], () => 0.5), mu: 3 });
  return beads;
}

/** Builds the implants of `spec` on the anatomy. */
export function buildImplants(a: Anatomy, spec: ImplantSpec, offsetMm = 4): Implant[] {
  const rng = createRng(spec.seed);
  const out: Implant[] = [];
  const byLabel = new Map(a.vertebrae.map((v) => [v.label as string, v]));
  const heads: Vec[][] = [[], []];
  for (let side = 0; side < 2; side++) {
    const off: Vec = side === 0 ? [0, 0] : [offsetMm * 0.7, offsetMm * 0.5];
    for (const l of spec.screws) {
      const v = byLabel.get(l);
      if (!v) continue;
      const s = screw(v, side, rng, off);
      out.push(...s.parts);
      heads[side]!.push(s.head);
    }
  }
  if (spec.rods) {
    for (const hs of heads) {
      if (hs.length < 2) continue;
      const first = hs[0]!, last = hs[hs.length - 1]!;
      const ext = (p: Vec, q: Vec): Vec => add(p, scale(unit(sub(p, q)), 8));
      out.push({ poly: strip([ext(first, hs[1]!), ...hs, ext(last, hs[hs.length - 2]!)], () => 2.8), mu: 3.4 });
    }
  }
  for (const l of spec.cages) {
    const i = a.vertebrae.findIndex((v) => v.label === l);
    if (i < 0 || i + 1 >= a.vertebrae.length) continue;
    out.push(...cage(a.vertebrae[i]!, a.vertebrae[i + 1]!, spec.cageKind, rng));
  }
  const mid = a.vertebrae.find((v) => v.label === 'L3')!;
  for (let k = 0; k < spec.retractors; k++) {
    const anterior = rng.chance(0.5);
    const tip: Vec = add(mid.frame.o, [anterior ? mid.depthMm + rng.uniform(5, 25) : -rng.uniform(45, 80), rng.uniform(-90, 60)]);
    const dir = rot([anterior ? 1 : -1, 0], rng.uniform(-35, 35));
    const w = rng.uniform(8, 14);
    const blade = strip([tip, add(tip, scale(dir, 40)), add(tip, scale(dir, 400))], (t) => (t === 0 ? w * 0.8 : w));
    out.push({ poly: blade, mu: 2.6 });
  }
  for (let k = 0; k < spec.wires; k++) {
    const p0: Vec = add(mid.frame.o, [rng.uniform(-150, 200), rng.uniform(-200, 200)]);
    const p1: Vec = add(p0, rot([400, 0], rng.uniform(0, 180)));
    out.push({ poly: strip([p0, lerp(p0, p1, 0.5), p1], () => 0.6), mu: 1.2 });
  }
  return out;
}
