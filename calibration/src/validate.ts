/**
 * Validation of a parsed calibration profile: every problem is an Error whose
 * message names the file and the field, e.g.
 * `lab.json: orientation.rotateDeg must be one of 0, 90, 180, 270, got 45`.
 */
import type { RadialDistortion } from '../../server/geometry/distortion.js';
import type { Point } from '../../server/spec/labels.js';
import {
  LINE_SPACES, PROFILE_FORMAT, QUARTER_TURNS,
  type CalibrationProfile, type FieldOfView, type HorizontalReference, type LineSpace, type Orientation, type QuarterTurn,
} from './profile.js';

type Obj = Record<string, unknown>;

class Checker {
  constructor(private readonly source: string) {}

  fail(path: string, what: string, got: unknown): never {
    const shown = got === undefined ? 'nothing' : JSON.stringify(got)?.slice(0, 60) ?? String(got);
    throw new Error(`${this.source}: ${path} ${what}, got ${shown}`);
  }

  obj(v: unknown, path: string): Obj {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(path, 'must be an object', v);
    return v as Obj;
  }

  num(v: unknown, path: string, min = -Infinity, max = Infinity): number {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      const range = Number.isFinite(min) && Number.isFinite(max) ? ` from ${min} to ${max}` : Number.isFinite(min) ? ` > ${min}` : '';
      this.fail(path, `must be a number${range}`, v);
    }
    return v;
  }

  point(v: unknown, path: string): Point {
    if (!Array.isArray(v) || v.length !== 2) this.fail(path, 'must be a point [x, y]', v);
    return [this.num(v[0], `${path}[0]`), this.num(v[1], `${path}[1]`)];
  }
}

function orientation(c: Checker, v: unknown): Orientation {
  const o = c.obj(v ?? {}, 'orientation');
  const rotateDeg = o.rotateDeg ?? 0;
  if (!QUARTER_TURNS.includes(rotateDeg as QuarterTurn)) c.fail('orientation.rotateDeg', 'must be one of 0, 90, 180, 270', rotateDeg);
  const mirror = o.mirror ?? false;
  if (typeof mirror !== 'boolean') c.fail('orientation.mirror', 'must be true or false', mirror);
  return { rotateDeg: rotateDeg as QuarterTurn, fineDeg: c.num(o.fineDeg ?? 0, 'orientation.fineDeg', -45, 45), mirror };
}

function distortion(c: Checker, v: unknown): RadialDistortion | null {
  if (v === null || v === undefined) return null;
  const d = c.obj(v, 'distortion');
  return {
    cx: c.num(d.cx, 'distortion.cx'), cy: c.num(d.cy, 'distortion.cy'),
    radius: c.num(d.radius, 'distortion.radius', Number.MIN_VALUE),
    k1: c.num(d.k1, 'distortion.k1', -0.5, 0.5), k2: c.num(d.k2 ?? 0, 'distortion.k2', -0.5, 0.5),
  };
}

/** The radial map must keep growing out to the frame corners, or undistortion is ambiguous there. */
function monotonic(c: Checker, d: RadialDistortion | null, image: { width: number; height: number }): RadialDistortion | null {
  if (!d) return null;
  const far = Math.max(...[[0, 0], [image.width - 1, 0], [0, image.height - 1], [image.width - 1, image.height - 1]]
    .map(([x, y]) => Math.hypot(x! - d.cx, y! - d.cy))) / d.radius;
  for (let i = 0; i <= 100; i++) {
    const r2 = (far * i / 100) ** 2;
    if (1 + 3 * d.k1 * r2 + 5 * d.k2 * r2 * r2 <= 0) c.fail('distortion', 'must be one-to-one out to the frame corners (k1, k2 fold the image)', d);
  }
  return d;
}

function fieldOfView(c: Checker, v: unknown): FieldOfView | null {
  if (v === null || v === undefined) return null;
  const f = c.obj(v, 'fieldOfView');
  return { cx: c.num(f.cx, 'fieldOfView.cx'), cy: c.num(f.cy, 'fieldOfView.cy'), radius: c.num(f.radius, 'fieldOfView.radius', Number.MIN_VALUE) };
}

function horizontal(c: Checker, v: unknown): HorizontalReference {
  if (v === null || v === undefined) return { source: 'image' };
  const h = c.obj(v, 'horizontal');
  if (h.source === 'image') return { source: 'image' };
  if (h.source === 'tilt') return { source: 'tilt', tiltDeg: c.num(h.tiltDeg, 'horizontal.tiltDeg', -90, 90) };
  if (h.source === 'line') {
    const space = h.space ?? 'oriented';
    if (!LINE_SPACES.includes(space as LineSpace)) c.fail('horizontal.space', `must be one of ${LINE_SPACES.join(', ')}`, space);
    if (!Array.isArray(h.points) || h.points.length !== 2) c.fail('horizontal.points', 'must be two points [[x, y], [x, y]]', h.points);
    const a = c.point(h.points[0], 'horizontal.points[0]'), b = c.point(h.points[1], 'horizontal.points[1]');
    if (Math.hypot(a[0] - b[0], a[1] - b[1]) < 1) c.fail('horizontal.points', 'must be at least 1 pixel apart', h.points);
    return { source: 'line', space: space as LineSpace, points: [a, b] };
  }
  return c.fail('horizontal.source', 'must be "image", "tilt" or "line"', h.source);
}

/**
 * Checks a parsed JSON value against the profile schema and returns a clean
 * profile (optional fields defaulted). `source` names the file in messages.
 */
export function parseProfile(value: unknown, source = 'calibration profile'): CalibrationProfile {
  const c = new Checker(source);
  const p = c.obj(value, 'the profile');
  if (p.format !== PROFILE_FORMAT) c.fail('format', `must be "${PROFILE_FORMAT}"`, p.format);
  const name = p.name ?? '';
  if (typeof name !== 'string') return c.fail('name', 'must be a string', name);
  const img = c.obj(p.image, 'image');
  const image = { width: c.num(img.width, 'image.width', 1, 8192), height: c.num(img.height, 'image.height', 1, 8192) };
  if (!Number.isInteger(image.width) || !Number.isInteger(image.height)) c.fail('image', 'must have integer width and height', p.image);
  const spacing = p.pixelSpacingMm ?? null;
  const profile: CalibrationProfile = {
    format: PROFILE_FORMAT, name,
    ...(typeof p.createdAt === 'string' ? { createdAt: p.createdAt } : {}),
    image,
    orientation: orientation(c, p.orientation),
    distortion: monotonic(c, distortion(c, p.distortion), image),
    fieldOfView: fieldOfView(c, p.fieldOfView),
    horizontal: horizontal(c, p.horizontal),
    pixelSpacingMm: spacing === null ? null : c.num(spacing, 'pixelSpacingMm', Number.MIN_VALUE),
    ...(p.fit !== undefined ? { fit: c.obj(p.fit, 'fit') as unknown as CalibrationProfile['fit'] } : {}),
  };
  return profile;
}
