/**
 * A profile made at one capture resolution applied at another of the same
 * aspect ratio (e.g. the grid grabbed at 1920×1080, the monitor capturing at
 * 1280×720): every pixel quantity is scaled with pixel centres kept aligned,
 * x' = (x + 0.5)·s − 0.5. Distortion coefficients are unchanged (ρ is relative).
 */
import type { Point } from '../../server/spec/labels.js';
import type { CalibrationProfile } from './profile.js';

/** The profile for frames of width × height; throws when the aspect ratio differs by more than 1%. */
export function rescaleProfile(profile: CalibrationProfile, width: number, height: number): CalibrationProfile {
  const { width: w0, height: h0 } = profile.image;
  if (w0 === width && h0 === height) return profile;
  const sx = width / w0, sy = height / h0;
  if (Math.abs(sx / sy - 1) > 0.01) {
    throw new Error(`calibration "${profile.name}" is for ${w0}×${h0} frames and cannot be rescaled to ${width}×${height} (another aspect ratio): recalibrate at this resolution`);
  }
  const s = Math.sqrt(sx * sy);
  const px = (x: number) => (x + 0.5) * sx - 0.5, py = (y: number) => (y + 0.5) * sy - 0.5;
  const pt = (p: Point): Point => [px(p[0]), py(p[1])];
  const d = profile.distortion, f = profile.fieldOfView, h = profile.horizontal;
  return {
    ...profile,
    image: { width, height },
    distortion: d ? { ...d, cx: px(d.cx), cy: py(d.cy), radius: d.radius * s } : null,
    fieldOfView: f ? { cx: px(f.cx), cy: py(f.cy), radius: f.radius * s } : null,
    horizontal: h.source === 'line'
      ? { ...h, points: h.space === 'displayed' ? [pt(h.points[0]), pt(h.points[1])] : orientedLine(profile, h.points, sx, sy) }
      : h,
    pixelSpacingMm: profile.pixelSpacingMm === null ? null : profile.pixelSpacingMm / s,
  };
}

/** Oriented-frame points: the oriented frame swaps axes on 90° and 270°. */
function orientedLine(profile: CalibrationProfile, pts: readonly [Point, Point], sx: number, sy: number): [Point, Point] {
  const swap = profile.orientation.rotateDeg === 90 || profile.orientation.rotateDeg === 270;
  const [ax, ay] = swap ? [sy, sx] : [sx, sy];
  const f = (p: Point): Point => [(p[0] + 0.5) * ax - 0.5, (p[1] + 0.5) * ay - 0.5];
  return [f(pts[0]), f(pts[1])];
}
