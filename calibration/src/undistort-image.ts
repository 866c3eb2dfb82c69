/**
 * Whole-frame correction: the displayed frame resampled onto the corrected
 * (upright, undistorted) pixel grid, for display or for running the pipeline
 * on an undistorted frame. Corners found on the result need no correctCorners.
 */
import type { GrayImage } from '../../server/image/types.js';
import { pointMaps } from './correct.js';
import { orientedSize, resample } from './orient.js';
import type { CalibrationProfile } from './profile.js';

/** Corrected frame (bilinear; pixels whose source falls outside the frame are 0). */
export function correctImage<T extends GrayImage['data']>(profile: CalibrationProfile, img: GrayImage<T>): GrayImage<T> {
  const maps = pointMaps(profile);
  return resample(img, orientedSize(profile.orientation, img), (x, y) => maps.display(maps.distort([x, y])));
}
