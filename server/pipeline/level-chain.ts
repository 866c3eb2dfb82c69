/**
 * Level labels counted from the sacrum. Step I names each vertebra from the
 * whole frame; when it misses one vertebra of the chain (L4 under a cage, a
 * faint thoracic level) it can name everything above the gap one level too
 * low: the "L4" it reports is really L3, "L3" is L2, and so on. That is the
 * wrong-level failure surgeons fear most, and it happens with S1 in view.
 *
 * Vertebral bodies follow one another without gaps, so the distance between
 * two reported vertebrae says how many levels apart they are: one level is
 * about 1.3 vertebral heights centre to centre (body plus disc), measured
 * with the taller of the two (a vertebra half hidden by the field's edge or
 * badly placed looks short; the taller one is the better scale). S1 reports
 * only its superior endplate, whose midpoint lies about 0.9 L5 heights below
 * L5's centre, and each further level adds about 1.5 heights.
 *
 * When these counts disagree with the labels and S1 itself is confidently in
 * view (presence ≥ `S1_ANCHOR_SCORE`), the labels are counted again upwards
 * from S1, as a radiologist counts: the geometry gives the number of levels
 * between neighbours, S1 the starting point. Without a confident S1 nothing
 * anchors the count, so the labels stay as step I gave them and the chain is
 * reported as inconsistent (the dashboard then asks for a level check).
 *
 * Measured on the phantom sets (docs/pipeline.md): it corrects every image
 * with S1 in view whose chain had been shifted in the normal set, changes no
 * correct chain, and adds no false positive. Pure.
 */
import { centroid } from '../measure/angles.js';
import { indexOfLabel, LABELS, type Point } from '../spec/labels.js';
import { S1_INDEX } from './decode.js';
import type { VertebraPrediction } from './types.js';

/** Centre-to-centre distance of neighbouring vertebrae, in heights of the taller one. */
export const LEVEL_SPACING = 1.3;
/** L5's centre to S1's superior endplate midpoint, in L5 heights… */
export const S1_FIRST_SPACING = 0.93;
/** …and each further level between them (a missed L5, L4…), in heights of the vertebra above. */
export const S1_NEXT_SPACING = 1.5;
/** Below this distance (in heights) S1 sits right under its neighbour: one level. */
const S1_ONE_LEVEL_BELOW = 1.65;
/** S1 anchors a recount only when step I is at least this sure of it. */
export const S1_ANCHOR_SCORE = 0.9;

export type LevelCheck =
  /** Every neighbour's distance matches its labels (or fewer than two vertebrae). */
  | 'consistent'
  /** They did not; the labels were counted again from S1. */
  | 'recounted-from-S1'
  /** They did not and no confident S1 anchors a recount: labels left as step I gave them. */
  | 'inconsistent';

function dist(a: Point, b: Point): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

/** Mean of the anterior and posterior wall lengths, or null without four corners. */
export function vertebraHeight(v: VertebraPrediction): number | null {
  const [sa, sp, ip, ia] = v.corners;
  if (!sa || !sp || !ip || !ia) return null;
  return (dist(sa, ia) + dist(sp, ip)) / 2;
}

/**
 * How many levels apart `upper` and `lower` (the next reported vertebra
 * below it) are, from their positions; null when neither has a height to
 * scale by.
 */
export function levelsBetween(upper: VertebraPrediction, lower: VertebraPrediction): number | null {
  const cu = centroid(upper.corners), cl = centroid(lower.corners);
  const hu = vertebraHeight(upper), hl = vertebraHeight(lower);
  if (!cu || !cl || (hu === null && hl === null)) return null;
  const h = Math.max(hu ?? 0, hl ?? 0), d = dist(cu, cl) / h;
  if (lower.label === 'S1') return d < S1_ONE_LEVEL_BELOW ? 1 : 1 + Math.round((d - S1_FIRST_SPACING) / S1_NEXT_SPACING);
  return Math.max(1, Math.round(d / LEVEL_SPACING));
}

/**
 * The vertebrae (any order) with their labels checked against their spacing:
 * returned cranial to caudal, relabelled from S1 when the check failed and a
 * confident S1 is among them (a vertebra counted above C2 is dropped).
 */
export function countLevels(vs: readonly VertebraPrediction[]): { vertebrae: VertebraPrediction[]; check: LevelCheck } {
  const sorted = [...vs].sort((a, b) => indexOfLabel(a.label) - indexOfLabel(b.label));
  const steps: (number | null)[] = [];
  for (let i = 1; i < sorted.length; i++) steps.push(levelsBetween(sorted[i - 1]!, sorted[i]!));
  const labelled = (i: number) => indexOfLabel(sorted[i + 1]!.label) - indexOfLabel(sorted[i]!.label);
  if (steps.every((s, i) => s === null || s === labelled(i))) return { vertebrae: sorted, check: 'consistent' };
  const last = sorted[sorted.length - 1]!;
  if (last.label !== 'S1' || last.score < S1_ANCHOR_SCORE || steps.includes(null)) return { vertebrae: sorted, check: 'inconsistent' };
  const out: VertebraPrediction[] = [last];
  let index = S1_INDEX;
  for (let i = sorted.length - 2; i >= 0; i--) {
    index -= steps[i]!;
    if (index < 0) break;
    const v = sorted[i]!;
    out.unshift(v.label === LABELS[index] ? v : { ...v, label: LABELS[index]! });
  }
  return { vertebrae: out, check: 'recounted-from-S1' };
}
