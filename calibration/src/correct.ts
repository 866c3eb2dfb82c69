/**
 * Corner correction: a point found on the upright frame the pipeline saw
 * (oriented, still distorted) → the same point on the upright, undistorted
 * frame ("corrected" coordinates, same pixel grid as the oriented frame).
 *
 * oriented → displayed (inverse orientation) → undistort (the distortion is
 * modelled in displayed pixels) → oriented again. Angles computed on corrected
 * corners are those of the anatomy up to the horizontal reference.
 */
import { distortPoint, undistortPoint } from '../../server/geometry/distortion.js';
import type { Point } from '../../server/spec/labels.js';
import { applyAffine, invertAffine, orientationAffine } from './orient.js';
import type { CalibrationProfile } from './profile.js';

/** Maps one point between the spaces of a profile. Pixels in, pixels out. */
export interface PointMaps {
  /** Oriented (distorted) → corrected. */
  correct(p: Point): Point;
  /** Corrected → oriented (distorted): where a corrected point shows on the pipeline's frame. */
  distort(p: Point): Point;
  /** Displayed → oriented (distorted). */
  orient(p: Point): Point;
  /** Oriented → displayed. */
  display(p: Point): Point;
}

/** Builds the point maps of a profile (cheap; build once per profile). */
export function pointMaps(profile: CalibrationProfile): PointMaps {
  const fwd = orientationAffine(profile.orientation, profile.image);
  const inv = invertAffine(fwd);
  const d = profile.distortion;
  return {
    correct: (p) => applyAffine(fwd, d ? undistortPoint(d, applyAffine(inv, p)) : applyAffine(inv, p)),
    distort: (p) => applyAffine(fwd, d ? distortPoint(d, applyAffine(inv, p)) : applyAffine(inv, p)),
    orient: (p) => applyAffine(fwd, p),
    display: (p) => applyAffine(inv, p),
  };
}

/**
 * Corrects the corners of each vertebra (found on the oriented frame) to
 * undistorted, oriented coordinates. Returns copies; other fields are kept,
 * null corners stay null.
 */
export function correctCorners<V extends { readonly corners: readonly (Point | null)[] }>(profile: CalibrationProfile, vertebrae: readonly V[]): V[] {
  const maps = pointMaps(profile);
  return vertebrae.map((v) => ({ ...v, corners: v.corners.map((c) => (c ? maps.correct(c) : null)) }));
}
