/**
 * The calibration profile of one C-arm video chain (`calibration/profiles/*.json`,
 * format `sagitta-calibration/1`, documented in calibration/README.md) and its
 * validator. A profile says how the displayed frame must be turned so that the
 * spine is upright (orientation), how the image intensifier bent it (radial
 * distortion, in displayed-frame pixels), where the intensifier circle is, which
 * line is the true horizontal, and the pixel spacing seen on a grid.
 */
import type { RadialDistortion } from '../../server/geometry/distortion.js';
import type { Point } from '../../server/spec/labels.js';

export const PROFILE_FORMAT = 'sagitta-calibration/1';

/** Quarter turns accepted by `orientation.rotateDeg`. */
export const QUARTER_TURNS = [0, 90, 180, 270] as const;
export type QuarterTurn = (typeof QUARTER_TURNS)[number];

/**
 * Displayed frame → upright ("oriented") frame: first a left–right mirror
 * (when `mirror`), then `rotateDeg` clockwise on screen, then `fineDeg`
 * clockwise on screen (image axes, y down: positive turns +x toward +y),
 * all about the frame centre.
 */
export interface Orientation {
  readonly rotateDeg: QuarterTurn;
  /** Fine rotation, degrees, −45..45. */
  readonly fineDeg: number;
  readonly mirror: boolean;
}

/** The intensifier's circular field of view, displayed-frame pixels. */
export interface FieldOfView {
  readonly cx: number;
  readonly cy: number;
  readonly radius: number;
}

/** Where the coordinates of a user-drawn line live. */
export const LINE_SPACES = ['displayed', 'oriented'] as const;
export type LineSpace = (typeof LINE_SPACES)[number];

/**
 * The horizontal reference for SS:
 * - `image`: the x axis of the upright, corrected frame;
 * - `tilt`: the true horizontal makes `tiltDeg` (degrees, clockwise on screen)
 *   with the x axis of the upright frame, e.g. from the C-arm's orbital angle;
 * - `line`: two points of a line the user drew (the table edge), in pixels of
 *   the displayed frame or of the upright frame (`space`), as drawn (distorted).
 */
export type HorizontalReference =
  | { readonly source: 'image' }
  | { readonly source: 'tilt'; readonly tiltDeg: number }
  | { readonly source: 'line'; readonly space: LineSpace; readonly points: readonly [Point, Point] };

/** How the distortion was fitted (written by `sagitta calibrate`). */
export interface GridFitReport {
  /** Grid spacing in millimetres, as given on the command line. */
  readonly spacingMm: number;
  /** Grid nodes used by the fit / detected but rejected as outliers. */
  readonly points: number;
  readonly rejected: number;
  /** Residuals of the fit, displayed-frame pixels. */
  readonly rmsPx: number;
  readonly maxPx: number;
  /** Lattice pitch in corrected pixels along its two axes, and its rotation (degrees). */
  readonly pitchPx: readonly [number, number];
  readonly latticeDeg: number;
  /** Largest distortion displacement inside the fitted area, pixels. */
  readonly maxDisplacementPx: number;
  /** Source image file name (no path). */
  readonly grid?: string;
}

export interface CalibrationProfile {
  readonly format: typeof PROFILE_FORMAT;
  /** Free text naming the C-arm / video chain (no patient data). */
  readonly name: string;
  /** ISO 8601 time the profile was made. */
  readonly createdAt?: string;
  /** Size of the displayed frames this profile applies to, pixels. */
  readonly image: { readonly width: number; readonly height: number };
  readonly orientation: Orientation;
  /** Radial distortion in displayed-frame pixels; null when not calibrated. */
  readonly distortion: RadialDistortion | null;
  readonly fieldOfView: FieldOfView | null;
  readonly horizontal: HorizontalReference;
  /** Millimetres per corrected pixel at the grid plane; null when unknown. */
  readonly pixelSpacingMm: number | null;
  readonly fit?: GridFitReport;
}

/** A profile that does nothing, for frames of the given size. */
export function identityProfile(width: number, height: number, name = 'identity'): CalibrationProfile {
  return {
    format: PROFILE_FORMAT, name, image: { width, height },
    orientation: { rotateDeg: 0, fineDeg: 0, mirror: false },
    distortion: null, fieldOfView: null, horizontal: { source: 'image' }, pixelSpacingMm: null,
  };
}
