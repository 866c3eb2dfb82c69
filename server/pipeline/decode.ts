/**
 * Post-processing of the networks' outputs: DSNT-decode the four corner
 * heatmaps of one vertebra and map them to original pixels through the region
 * the network saw. Pure.
 */
import type { Region } from '../image/resample.js';
import { decodeHeatmap } from './dsnt.js';
import { toImagePoint, toImageSpread } from './crop.js';
import type { MaybeCorners, MaybeSpreads } from './types.js';

/** Label index of S1, whose IP and IA are never reported. */
export const S1_INDEX = 23;

/**
 * Decodes the 4 consecutive h×w heatmaps at `heat[offset…]` (SA, SP, IP, IA)
 * into corners and spreads in original pixels. `s1` drops IP and IA;
 * `spreadScale` is the manifest's calibration of the spreads.
 */
export function decodeVertebra(heat: Float32Array, offset: number, w: number, h: number, region: Region, s1: boolean, spreadScale = 1): { corners: MaybeCorners; spread: MaybeSpreads } {
  const corners: MaybeCorners = [null, null, null, null];
  const spread: MaybeSpreads = [null, null, null, null];
  const n = s1 ? 2 : 4;
  for (let c = 0; c < n; c++) {
    const d = decodeHeatmap(heat, offset + c * w * h, w, h);
    if (!d) continue;
    corners[c] = toImagePoint(d, region);
    spread[c] = toImageSpread(d, region) * spreadScale;
  }
  return { corners, spread };
}

/**
 * The region seen through a crop mirrored left–right: decoding the mirrored
 * crop's heatmaps through it maps u to −u on `region` (toImagePoint with a
 * negative width), so the corners come back in original pixels.
 */
export function mirroredRegion(region: Region): Region {
  return { left: region.left + region.width, top: region.top, width: -region.width, height: region.height };
}

/**
 * Averages two estimates of the same vertebra (the crop and its mirror): each
 * corner is the mean of the two, its spread √((s₁² + s₂²)/2 + |c₁ − c₂|²/8),
 * the mean spread plus the two-sample variance of the estimate. A corner one
 * estimate lacks is taken from the other.
 */
export function averageEstimates(a: { corners: MaybeCorners; spread: MaybeSpreads }, b: { corners: MaybeCorners; spread: MaybeSpreads }): { corners: MaybeCorners; spread: MaybeSpreads } {
  const corners: MaybeCorners = [null, null, null, null];
  const spread: MaybeSpreads = [null, null, null, null];
  for (let c = 0; c < 4; c++) {
    const p = a.corners[c], q = b.corners[c], sp = a.spread[c], sq = b.spread[c];
    if (p && q && sp !== null && sq !== null) {
      const dx = p[0] - q[0], dy = p[1] - q[1];
      corners[c] = [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2];
      spread[c] = Math.sqrt((sp * sp + sq * sq) / 2 + (dx * dx + dy * dy) / 8);
    } else if (p) { corners[c] = p; spread[c] = sp; } else if (q) { corners[c] = q; spread[c] = sq; }
  }
  return { corners, spread };
}

/** Step II moved a corner more than this many step-I spreads away from step I's estimate: the two disagree. */
export const DISAGREEMENT_SPREADS = 1;

/**
 * Widens the spread of a step-II corner that disagrees with step I: at least
 * half the distance (per axis) that step II moved it from step I's estimate,
 * where that distance exceeds step I's own spread. Step II's spread (its
 * heatmap's width) can be small for a corner it placed confidently in the wrong
 * place (an endplate corner on the wrong edge); the sign is a move far beyond
 * step I's uncertainty. Applied to reported vertebrae, after the in-view rules
 * (which ask whether step II's corners are clear of the field's edge), so it
 * changes which angles are measurable, not which vertebrae are detected.
 * docs/pipeline.md has the figures that chose it.
 */
export function withDisagreement<V extends { corners: MaybeCorners; spread: MaybeSpreads; stepI: { corners: MaybeCorners; spread: MaybeSpreads } }>(v: V): V {
  let spread: MaybeSpreads | undefined;
  for (let c = 0; c < 4; c++) {
    const p = v.corners[c], q = v.stepI.corners[c], s = v.spread[c], sI = v.stepI.spread[c];
    if (!p || !q || s === null || sI === null) continue;
    const moved = Math.hypot(p[0] - q[0], p[1] - q[1]) / Math.SQRT2;
    if (moved > DISAGREEMENT_SPREADS * sI && moved / 2 > s) (spread ??= [...v.spread] as MaybeSpreads)[c] = moved / 2;
  }
  return spread ? { ...v, spread } : v;
}
