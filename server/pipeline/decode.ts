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
