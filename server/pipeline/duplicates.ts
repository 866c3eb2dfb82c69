/**
 * One physical vertebra is reported under one label only. Step I sometimes
 * puts the heatmaps of two neighbouring labels on the same vertebra (most
 * often an extra label past the end of the chain: "S1" on L5 when the sacrum
 * is out of view, "L5" on L4); step II then refines both onto that vertebra,
 * and the surplus label would be a false positive with a confident shape.
 *
 * Two predictions are the same vertebra when the centre of one (centroid of
 * its corners; S1's SA–SP midpoint) lies inside the other's refined
 * quadrilateral: real vertebral bodies never overlap. Of such a pair the one
 * with the lower presence score is dropped (equal scores: the later label).
 * Pure.
 */
import { insidePolygon } from '../geometry/polygon.js';
import { centroid } from '../measure/angles.js';
import type { Point } from '../spec/labels.js';
import type { VertebraPrediction } from './types.js';

function quad(v: VertebraPrediction): Point[] | null {
  return v.corners.every((c) => c !== null) ? (v.corners as Point[]) : null;
}

/** Whether `a` and `b` sit on the same vertebral body. */
export function sameVertebra(a: VertebraPrediction, b: VertebraPrediction): boolean {
  const ca = centroid(a.corners), cb = centroid(b.corners), qa = quad(a), qb = quad(b);
  return (ca !== null && qb !== null && insidePolygon(ca, qb)) || (cb !== null && qa !== null && insidePolygon(cb, qa));
}

/** The predictions (in their order) without the lower-scored member of every same-vertebra pair, and the labels dropped. */
export function dropDuplicates(vs: readonly VertebraPrediction[]): { kept: VertebraPrediction[]; dropped: string[] } {
  const order = vs.map((_, i) => i).sort((i, j) => vs[j]!.score - vs[i]!.score || i - j);
  const keep: number[] = [];
  for (const i of order) if (!keep.some((k) => sameVertebra(vs[i]!, vs[k]!))) keep.push(i);
  keep.sort((a, b) => a - b);
  const kept = keep.map((i) => vs[i]!);
  return { kept, dropped: vs.filter((_, i) => !keep.includes(i)).map((v) => v.label) };
}
