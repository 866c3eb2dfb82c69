/**
 * Orientation of a frame (mirror, quarter turns, fine angle) as one affine map
 * between displayed-frame pixels and upright ("oriented") frame pixels, used
 * both for images (`orientImage`) and for points, so that the two agree to the
 * last bit. Pixel centres are at integer coordinates (spec), rotations are
 * about the frame centre ((W−1)/2, (H−1)/2).
 */
import type { Point } from '../../server/spec/labels.js';
import type { GrayImage } from '../../server/image/types.js';
import type { Orientation } from './profile.js';

/** p' = [a b; c d]·p + [e f]. */
export interface Affine {
  readonly a: number; readonly b: number; readonly c: number; readonly d: number;
  readonly e: number; readonly f: number;
}

export interface Size { readonly width: number; readonly height: number }

/** Size of the oriented frame: width and height swap on 90° and 270°. */
export function orientedSize(o: Orientation, size: Size): Size {
  return o.rotateDeg === 90 || o.rotateDeg === 270 ? { width: size.height, height: size.width } : { width: size.width, height: size.height };
}

/** The displayed → oriented affine map for frames of `size`. */
export function orientationAffine(o: Orientation, size: Size): Affine {
  const out = orientedSize(o, size);
  const t = ((o.rotateDeg + o.fineDeg) * Math.PI) / 180;
  // Exact cos/sin for quarter turns without fine angle, so 90° maps pixels onto pixels.
  const exact = o.fineDeg === 0;
  const cos = exact ? [1, 0, -1, 0][o.rotateDeg / 90]! : Math.cos(t);
  const sin = exact ? [0, 1, 0, -1][o.rotateDeg / 90]! : Math.sin(t);
  const m = o.mirror ? -1 : 1;
  // R · diag(m, 1): rotation (y-down axes, positive = clockwise on screen) after the mirror.
  const a = cos * m, b = -sin, c = sin * m, d = cos;
  const cx = (size.width - 1) / 2, cy = (size.height - 1) / 2;
  const ox = (out.width - 1) / 2, oy = (out.height - 1) / 2;
  return { a, b, c, d, e: ox - (a * cx + b * cy), f: oy - (c * cx + d * cy) };
}

export function applyAffine(m: Affine, p: Point): Point {
  return [m.a * p[0] + m.b * p[1] + m.e, m.c * p[0] + m.d * p[1] + m.f];
}

export function invertAffine(m: Affine): Affine {
  const det = m.a * m.d - m.b * m.c;
  if (det === 0) throw new Error('orientation: singular affine map');
  const a = m.d / det, b = -m.b / det, c = -m.c / det, d = m.a / det;
  return { a, b, c, d, e: -(a * m.e + b * m.f), f: -(c * m.e + d * m.f) };
}

function sameType<T extends GrayImage['data']>(src: T, n: number): T {
  if (src instanceof Uint8Array) return new Uint8Array(n) as T;
  if (src instanceof Uint16Array) return new Uint16Array(n) as T;
  return new Float32Array(n) as T;
}

/**
 * Resamples `img` through `toSource` (output pixel → source pixel): bilinear,
 * pixels falling outside the source are 0. Integer source positions copy the
 * pixel exactly (quarter turns and mirrors are lossless).
 */
export function resample<T extends GrayImage['data']>(img: GrayImage<T>, out: Size, toSource: (x: number, y: number) => Point): GrayImage<T> {
  const { width: w, height: h, data: src } = img;
  const data = sameType(src, out.width * out.height);
  const round = !(src instanceof Float32Array);
  for (let y = 0; y < out.height; y++) {
    for (let x = 0; x < out.width; x++) {
      const [sx, sy] = toSource(x, y);
      if (!(sx > -0.5 && sy > -0.5 && sx < w - 0.5 && sy < h - 0.5)) continue;
      const x0 = Math.min(Math.max(Math.floor(sx), 0), w - 1), y0 = Math.min(Math.max(Math.floor(sy), 0), h - 1);
      const x1 = Math.min(x0 + 1, w - 1), y1 = Math.min(y0 + 1, h - 1);
      const fx = Math.min(Math.max(sx - x0, 0), 1), fy = Math.min(Math.max(sy - y0, 0), 1);
      const top = src[y0 * w + x0]! * (1 - fx) + src[y0 * w + x1]! * fx;
      const bottom = src[y1 * w + x0]! * (1 - fx) + src[y1 * w + x1]! * fx;
      const v = top * (1 - fy) + bottom * fy;
      data[y * out.width + x] = round ? Math.round(v) : v;
    }
  }
  return { data, width: out.width, height: out.height };
}

/** `resample` through an affine map, inlined (no per-pixel allocation): the monitor does this per frame. */
function resampleAffine<T extends GrayImage['data']>(img: GrayImage<T>, out: Size, m: Affine): GrayImage<T> {
  const { width: w, height: h, data: src } = img;
  const data = sameType(src, out.width * out.height);
  const round = !(src instanceof Float32Array);
  for (let y = 0; y < out.height; y++) {
    let sx = m.b * y + m.e, sy = m.d * y + m.f;
    for (let x = 0; x < out.width; x++, sx += m.a, sy += m.c) {
      if (!(sx > -0.5 && sy > -0.5 && sx < w - 0.5 && sy < h - 0.5)) continue;
      const x0 = Math.min(Math.max(Math.floor(sx), 0), w - 1), y0 = Math.min(Math.max(Math.floor(sy), 0), h - 1);
      const x1 = Math.min(x0 + 1, w - 1), y1 = Math.min(y0 + 1, h - 1);
      const fx = Math.min(Math.max(sx - x0, 0), 1), fy = Math.min(Math.max(sy - y0, 0), 1);
      const top = src[y0 * w + x0]! + (src[y0 * w + x1]! - src[y0 * w + x0]!) * fx;
      const bottom = src[y1 * w + x0]! + (src[y1 * w + x1]! - src[y1 * w + x0]!) * fx;
      const v = top + (bottom - top) * fy;
      data[y * out.width + x] = round ? Math.round(v) : v;
    }
  }
  return { data, width: out.width, height: out.height };
}

/** Turns a displayed frame upright per `o` (same pixel type out). */
export function orientFrame<T extends GrayImage['data']>(o: Orientation, img: GrayImage<T>): GrayImage<T> {
  if (o.rotateDeg === 0 && o.fineDeg === 0 && !o.mirror) return img;
  const inv = invertAffine(orientationAffine(o, img));
  const out = orientedSize(o, img);
  if (o.fineDeg !== 0) return resampleAffine(img, out, inv);
  // Quarter turns and mirrors: a pure index permutation (per frame in the monitor, so no bilinear).
  const data = sameType(img.data, out.width * out.height);
  const { a, b, c, d, e, f } = inv; // entries are 0 or ±1 here
  const step = Math.round(c) * img.width + Math.round(a); // source index step for one output pixel along x
  for (let y = 0; y < out.height; y++) {
    let k = Math.round(d * y + f) * img.width + Math.round(b * y + e); // source of (0, y)
    const row = y * out.width, end = row + out.width;
    for (let i = row; i < end; i++, k += step) data[i] = img.data[k]!;
  }
  return { data, width: out.width, height: out.height };
}
