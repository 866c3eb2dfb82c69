/**
 * Geometry between the original image and a network input: the step-II crop
 * rule (bounding box of the step-I corners enlarged, made square) and the
 * exact back-mapping of DSNT coordinates to original pixels. Pure functions.
 */
import type { Point } from '../spec/labels.js';
import type { Region } from '../image/resample.js';
import type { CropRule } from './manifest-types.js';
import type { NormalisedCorner } from './dsnt.js';

/** Smallest crop side in original pixels (guards degenerate step-I boxes). */
export const MIN_CROP_SIDE = 8;

/**
 * The crop region for one vertebra: the bounding box of its known corners,
 * each side enlarged by `rule.enlarge` (0.7 → 170 %) about its centre, then
 * squared to the longer side when `rule.square`. Null without known corners.
 */
export function cropRegion(corners: readonly (Point | null)[], rule: CropRule): Region | null {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const c of corners) {
    if (!c) continue;
    x0 = Math.min(x0, c[0]); x1 = Math.max(x1, c[0]);
    y0 = Math.min(y0, c[1]); y1 = Math.max(y1, c[1]);
  }
  if (!Number.isFinite(x0) || !Number.isFinite(y0)) return null;
  let w = Math.max((x1 - x0) * (1 + rule.enlarge), MIN_CROP_SIDE);
  let h = Math.max((y1 - y0) * (1 + rule.enlarge), MIN_CROP_SIDE);
  if (rule.square) w = h = Math.max(w, h);
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  return { left: cx - w / 2, top: cy - h / 2, width: w, height: h };
}

/**
 * Maps a normalised DSNT coordinate on a network input that covers `region`
 * back to original pixels. u = −1 is the region's left edge, +1 its right
 * edge: x = left + (u + 1)/2 · width (independent of input and heatmap size).
 */
export function toImagePoint(c: NormalisedCorner, region: Region): Point {
  return [region.left + ((c.u + 1) / 2) * region.width, region.top + ((c.v + 1) / 2) * region.height];
}

/** The spec's spread √((σx² + σy²)/2) in original pixels. */
export function toImageSpread(c: NormalisedCorner, region: Region): number {
  const sx = (c.sdU * region.width) / 2, sy = (c.sdV * region.height) / 2;
  return Math.sqrt((sx * sx + sy * sy) / 2);
}

/** Inverse of toImagePoint: original pixels → normalised coordinates of a region (used by tests and training). */
export function toNormalised(p: Point, region: Region): Point {
  return [((p[0] - region.left) / region.width) * 2 - 1, ((p[1] - region.top) / region.height) * 2 - 1];
}
