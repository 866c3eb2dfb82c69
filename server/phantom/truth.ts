/**
 * Ground truth of one rendered image in the spec's format: displayed corners
 * (placement + distortion of the exact anatomical corners), only vertebrae
 * whose counted corners lie in the visible field, `angles` from those
 * corners, and `patient`: the same angles from the undistorted anatomy
 * against the true horizontal.
 */
import { computeAngles } from '../measure/angles.js';
import type { VertebraAnnotation } from '../spec/dataset.js';
import type { Label, Point } from '../spec/labels.js';
import type { Anatomy } from './anatomy.js';
import { isVisible, toDisplayed, toPixel, type View } from './view.js';

/** Truth of an image, without the file/frame fields. */
export interface Truth {
  width: number;
  height: number;
  vertebrae: VertebraAnnotation[];
  angles: Record<string, number>;
  patient: Record<string, number>;
}

const round = (v: number, d: number): number => { const k = 10 ** d; return Math.round(v * k) / k; };
const roundPt = (p: Point): [number, number] => [round(p[0], 3), round(p[1], 3)];

/** Corners in displayed pixels, rounded to 0.001 px (angles are computed from the rounded values). */
export function computeTruth(a: Anatomy, view: View, margin = 2): Truth {
  const vertebrae: VertebraAnnotation[] = [];
  const undistorted: VertebraAnnotation[] = [];
  for (const v of a.vertebrae) {
    const counted = v.label === 'S1' ? 2 : 4;
    const shown = v.corners.map((c) => roundPt(toDisplayed(view, c)));
    if (!shown.slice(0, counted).every((q) => isVisible(view, q, margin))) continue;
    const corners = [shown[0]!, shown[1]!, counted === 4 ? shown[2]! : null, counted === 4 ? shown[3]! : null] as VertebraAnnotation['corners'];
    vertebrae.push({ label: v.label as Label, corners });
    const raw = v.corners.map((c) => toPixel(view, c));
    undistorted.push({ label: v.label as Label, corners: [raw[0]!, raw[1]!, counted === 4 ? raw[2]! : null, counted === 4 ? raw[3]! : null] });
  }
  const angles = roundAll(computeAngles(vertebrae).angles);
  const patient = roundAll(computeAngles(undistorted, { horizontalDeg: view.rotationDeg }).angles);
  return { width: view.width, height: view.height, vertebrae, angles, patient };
}

function roundAll(r: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(r)) out[k] = round(v, 4);
  return out;
}
