/**
 * Phantom truth against the spec's angle definitions, implemented here
 * independently of server/measure/angles.ts, and against the patient's own
 * parameters (sum of wedges, sacral slope).
 */
import { describe, expect, it } from 'vitest';
import { renderStill, lordosisOf } from '../server/phantom/index.js';
import { LABELS } from '../server/spec/labels.js';
import type { ImageAnnotation } from '../server/spec/dataset.js';

type P = readonly [number, number];

/** The spec, written out: d(E) = A − P, h = sign(cross(s, Σ unit d(superior))), lordosis = −h·atan2(cross(dL, dU), dot(dL, dU)). */
function specAngles(ann: ImageAnnotation): Record<string, number> {
  const vs = [...ann.vertebrae].sort((a, b) => LABELS.indexOf(a.label) - LABELS.indexOf(b.label));
  const get = (l: string) => vs.find((v) => v.label === l);
  const cen = (cs: readonly (P | null)[]): P => {
    const k = cs.filter((c): c is P => c !== null);
    return [k.reduce((s, c) => s + c[0], 0) / k.length, k.reduce((s, c) => s + c[1], 0) / k.length];
  };
  const out: Record<string, number> = {};
  if (vs.length < 2) return out;
  const top = cen(vs[0]!.corners), bot = cen(vs[vs.length - 1]!.corners);
  const s: P = [top[0] - bot[0], top[1] - bot[1]];
  let dx = 0, dy = 0;
  for (const v of vs) {
    const a = v.corners[0]!, p = v.corners[1]!;
    const len = Math.hypot(a[0] - p[0], a[1] - p[1]);
    dx += (a[0] - p[0]) / len; dy += (a[1] - p[1]) / len;
  }
  const h = Math.sign(s[0] * dy - s[1] * dx);
  const dir = (l: string, sup: boolean): P | null => {
    const v = get(l);
    if (!v) return null;
    const a = sup ? v.corners[0] : v.corners[3], p = sup ? v.corners[1] : v.corners[2];
    return a && p ? [a[0] - p[0], a[1] - p[1]] : null;
  };
  const lord = (u: P | null, l: P | null): number | undefined =>
    u && l ? (-h * Math.atan2(l[0] * u[1] - l[1] * u[0], l[0] * u[0] + l[1] * u[1]) * 180) / Math.PI : undefined;
  const put = (k: string, v: number | undefined) => { if (v !== undefined) out[k] = v; };
  put('L1L5', lord(dir('L1', true), dir('L5', false)));
  put('L1S1', lord(dir('L1', true), dir('S1', true)));
  const s1 = get('S1');
  if (s1) { const a = s1.corners[0]!, p = s1.corners[1]!; out.SS = (Math.atan2(a[1] - p[1], Math.abs(a[0] - p[0])) * 180) / Math.PI; }
  for (let i = 0; i + 1 < LABELS.length; i++) put(`disc:${LABELS[i]}${LABELS[i + 1]}`, lord(dir(LABELS[i]!, false), dir(LABELS[i + 1]!, true)));
  return out;
}

describe('phantom truth', () => {
  const cases = Array.from({ length: 10 }, (_, i) => ({ seed: 1000 + i, hard: i % 3 === 2 }));

  it.each(cases)('angles of seed $seed (hard $hard) equal the spec definitions from its corners', ({ seed, hard }) => {
    const { truth } = renderStill({ seed, width: 320, height: 288, hard });
    const want = specAngles(truth);
    expect(Object.keys(truth.angles!).sort()).toEqual(Object.keys(want).sort());
    for (const [k, v] of Object.entries(want)) expect(Math.abs(truth.angles![k]! - v), k).toBeLessThan(0.01);
  });

  it.each(cases)('corners, labels and visibility of seed $seed follow the spec', ({ seed, hard }) => {
    const { truth, view } = renderStill({ seed, width: 320, height: 288, hard });
    const labels = truth.vertebrae.map((v) => v.label);
    expect(labels.length).toBeGreaterThanOrEqual(hard ? 2 : 5);
    expect(labels.length).toBeLessThanOrEqual(12);
    expect(LABELS.indexOf(labels[0]!)).toBeGreaterThanOrEqual(LABELS.indexOf('T9'));
    expect(LABELS.indexOf(labels[0]!)).toBeLessThanOrEqual(LABELS.indexOf('L2'));
    expect(LABELS.indexOf(labels[labels.length - 1]!)).toBeGreaterThanOrEqual(LABELS.indexOf('L3'));
    for (const v of truth.vertebrae) {
      const counted = v.label === 'S1' ? 2 : 4;
      expect(v.corners.length).toBe(4);
      if (v.label === 'S1') expect(v.corners.slice(2)).toEqual([null, null]);
      for (const c of v.corners.slice(0, counted)) {
        expect(c![0]).toBeGreaterThanOrEqual(-0.5); expect(c![0]).toBeLessThanOrEqual(319.5);
        expect(c![1]).toBeGreaterThanOrEqual(-0.5); expect(c![1]).toBeLessThanOrEqual(287.5);
        if (view.circle) expect(Math.hypot(c![0] - view.circle.cx, c![1] - view.circle.cy)).toBeLessThan(view.circle.r);
      }
    }
  });

  it.each(cases)('patient angles of seed $seed are the anatomy itself: sum of wedges, sacral slope, disc wedges', ({ seed, hard }) => {
    const { truth, patient } = renderStill({ seed, width: 320, height: 288, hard });
    const p = truth.patient!;
    if (p.L1S1 !== undefined) expect(p.L1S1).toBeCloseTo(lordosisOf(patient), 2);
    if (p.SS !== undefined) expect(p.SS).toBeCloseTo(patient.sacralSlopeDeg, 2);
    if (p['disc:L4L5'] !== undefined) expect(p['disc:L4L5']).toBeCloseTo(patient.discs.L4.wedgeDeg, 2);
    if (p['disc:L5S1'] !== undefined) expect(p['disc:L5S1']).toBeCloseTo(patient.discs.L5.wedgeDeg, 2);
    expect(Object.keys(p).sort()).toEqual(Object.keys(truth.angles!).sort());
  });

  it('sets global angles exactly when asked', () => {
    const { truth } = renderStill({ seed: 5, width: 256, height: 256, lordosisDeg: 62.5, sacralSlopeDeg: 41, discDeg: { L4: 11, L5: 17 }, k1: 0, rotationDeg: 0, cranial: 'L1', caudal: 'S1' });
    expect(truth.patient!.L1S1).toBeCloseTo(62.5, 3);
    expect(truth.patient!.SS).toBeCloseTo(41, 3);
    expect(truth.patient!['disc:L4L5']).toBeCloseTo(11, 3);
    expect(truth.patient!['disc:L5S1']).toBeCloseTo(17, 3);
    // No distortion, no rotation: the image angles are the patient's (corners rounded to 0.001 px).
    for (const k of ['L1S1', 'SS', 'disc:L4L5', 'disc:L5S1']) expect(truth.angles![k]).toBeCloseTo(truth.patient![k]!, 2);
  });
});
