/**
 * The state of patient, implants and C-arm at a time t of a timeline:
 * disc angles interpolated between keyframes, implant and C-arm entries
 * merged in order up to t, small breathing motion during shots.
 */
import type { ImplantSpec } from './metal.js';
import type { Patient } from './patient.js';
import type { Timeline } from './timeline.js';
import { DEG } from './shapes.js';
import type { View } from './view.js';

/** Patient with the disc angles of time t. */
export function patientAt(base: Patient, tl: Timeline, t: number): Patient {
  const keys = tl.discs ?? [];
  if (keys.length === 0) return base;
  const p: Patient = { ...base, discs: { ...base.discs } };
  const levels = new Set(keys.flatMap((k) => Object.keys(k.discDeg)));
  for (const l of levels) {
    const ks = keys.filter((k) => k.discDeg[l as keyof typeof k.discDeg] !== undefined);
    const val = (k: (typeof ks)[number]): number => k.discDeg[l as keyof typeof k.discDeg]!;
    let v = val(ks[ks.length - 1]!);
    if (t <= ks[0]!.t) v = val(ks[0]!);
    else {
      for (let i = 0; i + 1 < ks.length; i++) {
        const a = ks[i]!, b = ks[i + 1]!;
        if (t < b.t) { v = val(a) + ((val(b) - val(a)) * (t - a.t)) / (b.t - a.t || 1); break; }
      }
    }
    const d = p.discs[l as keyof Patient['discs']];
    p.discs[l as keyof Patient['discs']] = { ...d, wedgeDeg: v };
  }
  return p;
}

/** Implants in at time t (entries merged in order). */
export function implantsAt(tl: Timeline, t: number, seed: number): ImplantSpec {
  const spec: ImplantSpec = { screws: [], rods: false, cages: [], cageKind: 'titanium', retractors: 0, wires: 0, seed };
  for (const e of tl.implants ?? []) {
    if (e.t > t) break;
    if (e.screws) spec.screws = e.screws;
    if (e.cages) spec.cages = e.cages;
    if (e.rods !== undefined) spec.rods = e.rods;
    if (e.cageKind) spec.cageKind = e.cageKind;
    if (e.retractors !== undefined) spec.retractors = e.retractors;
    if (e.wires !== undefined) spec.wires = e.wires;
  }
  return spec;
}

/** The base view moved by the C-arm entries up to t and by breathing (`motion` = [dx, dy] mm). */
export function viewAt(base: View, tl: Timeline, t: number, motion: [number, number]): View {
  let pan: [number, number] = [0, 0], rotation = 0, zoom = 1;
  for (const e of tl.carm ?? []) {
    if (e.t > t) break;
    if (e.panMm) pan = e.panMm;
    if (e.rotationDeg !== undefined) rotation = e.rotationDeg;
    if (e.zoom !== undefined) zoom = e.zoom;
  }
  const c = base.circle ? [base.circle.cx, base.circle.cy] : [(base.width - 1) / 2, (base.height - 1) / 2];
  const a = rotation * DEG, cos = Math.cos(a), sin = Math.sin(a);
  const ox = base.originPx[0] - c[0]!, oy = base.originPx[1] - c[1]!;
  const sp = base.spacingMm / zoom;
  // Pan in mm along the image axes: a positive y pan moves the C-arm cranially (anatomy moves down).
  const px = (pan[0] + motion[0]) / sp, py = (pan[1] + motion[1]) / sp;
  return {
    ...base,
    spacingMm: sp,
    rotationDeg: base.rotationDeg + rotation,
    originPx: [c[0]! + zoom * (cos * ox - sin * oy) + px, c[1]! + zoom * (sin * ox + cos * oy) + py],
  };
}
