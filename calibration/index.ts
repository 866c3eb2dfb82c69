/**
 * Public surface of calibration: load a C-arm profile, turn frames upright,
 * correct corners for the intensifier's distortion, give the horizontal
 * reference for SS, find the intensifier circle, fit a grid.
 *
 * @example
 * const profile = await loadCalibration('calibration/profiles/or3.json');
 * const upright = orientImage(profile, frame);            // what the pipeline sees
 * const found = await pipeline.run(upright);               // corners on `upright`
 * const corners = correctCorners(profile, found.vertebrae); // undistorted, upright
 * const angles = computeAngles(corners, { horizontalDeg: horizontalDeg(profile) });
 *
 * Browser code (the dashboard) must import calibration/src/horizontal.ts or
 * calibration/src/correct.ts directly: this file reads files with node:fs.
 */
import { readFile } from 'node:fs/promises';
import type { GrayImage } from '../server/image/types.js';
import { orientFrame } from './src/orient.js';
import type { CalibrationProfile } from './src/profile.js';
import { parseProfile } from './src/validate.js';

export type { CalibrationProfile, FieldOfView, GridFitReport, HorizontalReference, LineSpace, Orientation, QuarterTurn } from './src/profile.js';
export { identityProfile, PROFILE_FORMAT, QUARTER_TURNS, LINE_SPACES } from './src/profile.js';
export { parseProfile } from './src/validate.js';
export { orientedSize, orientationAffine, type Affine } from './src/orient.js';
export { correctCorners, pointMaps, type PointMaps } from './src/correct.js';
export { foldLineDeg, horizontalDeg, horizontalDegFromLine, horizontalDegFromPoints, withHorizontal } from './src/horizontal.js';
export { findFieldOfView } from './src/fov.js';
export { fitGrid, CalibrationRefused, REFUSALS, type GridFit, type GridFitOptions, type FittedNode, type RefusalCode } from './src/fit.js';
export { correctImage } from './src/undistort-image.js';
export { rescaleProfile } from './src/rescale.js';
export { renderOverlay } from './src/overlay.js';

/**
 * Reads and validates a profile file. Rejects with an Error naming the file
 * and the problem (unreadable, not JSON, a field out of range).
 */
export async function loadCalibration(file: string): Promise<CalibrationProfile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`calibration profile ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`calibration profile ${file}: not valid JSON (${(err as Error).message})`);
  }
  return parseProfile(json, file);
}

/**
 * Turns a displayed frame upright per the profile's orientation (mirror,
 * quarter turns, fine angle; bilinear for the fine angle, lossless otherwise).
 * The frame must have the profile's size. Returns the input when the
 * orientation is the identity.
 */
export function orientImage<T extends GrayImage['data']>(profile: CalibrationProfile, img: GrayImage<T>): GrayImage<T> {
  const { width, height } = profile.image;
  if (img.width !== width || img.height !== height) {
    throw new Error(`calibration "${profile.name}" is for ${width}×${height} frames, got ${img.width}×${img.height}`);
  }
  return orientFrame(profile.orientation, img);
}
