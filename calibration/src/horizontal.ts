/**
 * The horizontal reference for the sacral slope (spec: "with a reference line
 * at angle θ to the image x axis, rotate the corners by −θ"). Angles are in
 * degrees in image axes (y down: positive is clockwise on screen), folded to
 * (−90, 90] because a line has no direction.
 */
import type { Point } from '../../server/spec/labels.js';
import { pointMaps } from './correct.js';
import type { CalibrationProfile, HorizontalReference, LineSpace } from './profile.js';

/** Folds a line angle (degrees) into (−90, 90]. */
export function foldLineDeg(deg: number): number {
  let t = deg % 180;
  if (t <= -90) t += 180;
  if (t > 90) t -= 180;
  return t;
}

/**
 * Angle (degrees, (−90, 90]) of the line through `a` and `b` to the x axis, in
 * the axes of the points. Pure; for the dashboard's line tool.
 * Example: (0,0)→(10,1) gives 5.71 (the right end is lower on screen).
 */
export function horizontalDegFromPoints(a: Point, b: Point): number {
  const dx = b[0] - a[0], dy = b[1] - a[1];
  if (dx === 0 && dy === 0) throw new Error('horizontal line: the two points are the same');
  return foldLineDeg((Math.atan2(dy, dx) * 180) / Math.PI);
}

/**
 * Angle of a user-drawn line in corrected coordinates: the points (as drawn,
 * on the displayed or the oriented frame) are first corrected with the profile,
 * so that a straight table edge bent by the intensifier still gives its true angle.
 */
export function horizontalDegFromLine(profile: CalibrationProfile, a: Point, b: Point, space: LineSpace = 'oriented'): number {
  const maps = pointMaps(profile);
  const toOriented = space === 'displayed' ? maps.orient : (p: Point) => p;
  return horizontalDegFromPoints(maps.correct(toOriented(a)), maps.correct(toOriented(b)));
}

/** Angle (degrees) of the horizontal reference in corrected coordinates: pass it to computeAngles as `horizontalDeg`. */
export function horizontalDeg(profile: CalibrationProfile): number {
  const h = profile.horizontal;
  if (h.source === 'image') return 0;
  if (h.source === 'tilt') return foldLineDeg(h.tiltDeg);
  return horizontalDegFromLine(profile, h.points[0], h.points[1], h.space);
}

/** A copy of the profile with another horizontal reference (validated like a loaded one). */
export function withHorizontal(profile: CalibrationProfile, horizontal: HorizontalReference): CalibrationProfile {
  if (horizontal.source === 'line') horizontalDegFromPoints(horizontal.points[0], horizontal.points[1]);
  if (horizontal.source === 'tilt' && !(Math.abs(horizontal.tiltDeg) <= 90)) throw new Error(`horizontal.tiltDeg must be from -90 to 90, got ${horizontal.tiltDeg}`);
  return { ...profile, horizontal };
}
