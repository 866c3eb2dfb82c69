/**
 * Bilinear resampling of a rectangular source region into a float tensor
 * plane, with the pixel-centre convention of docs/landmarks.md and the model
 * package (align_corners = false): output pixel i samples the source
 * coordinate left + (i + 0.5)·(regionWidth / outWidth); for the whole image
 * (left = −0.5) that is (i + 0.5)·(W / outWidth) − 0.5.
 *
 * A region is given by its EDGES in source pixel coordinates: the whole image
 * is { left: −0.5, top: −0.5, width: W, height: H }. Samples that fall outside
 * the image read as 0 (black), so crops may extend past the borders.
 */
import type { GrayImage } from './types.js';

/** A rectangle in source pixels, by its outer edges (pixel centres are at integers). */
export interface Region {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** Pixel value → tensor value: (v·scale − mean) / std. */
export interface PixelNormalisation {
  /** 1/255 for 8-bit, 1/65535 for 16-bit, 1 for float images. */
  readonly scale: number;
  readonly mean: number;
  readonly std: number;
}

/** The whole image as a region. */
export function wholeImage(img: { width: number; height: number }): Region {
  return { left: -0.5, top: -0.5, width: img.width, height: img.height };
}

/** Scale factor that maps an image's stored values to 0..1. */
export function unitScale(img: GrayImage): number {
  return img.data instanceof Uint16Array ? 1 / 65535 : img.data instanceof Uint8Array ? 1 / 255 : 1;
}

/** Source coordinate (pixel centres at integers) sampled by output pixel i of n across a region [left, left+size]. */
export function sourceCoord(left: number, size: number, n: number, i: number): number {
  return left + (i + 0.5) * (size / n);
}

/**
 * Fills `out[offset … offset + outW·outH)` with the bilinear samples of
 * `region` of `src`, normalised. Allocation-free apart from two small index tables.
 */
export function resampleInto(
  src: GrayImage, region: Region, norm: PixelNormalisation,
  out: Float32Array, offset: number, outW: number, outH: number,
): void {
  const { width: W, height: H, data } = src;
  const a = norm.scale / norm.std, b = -norm.mean / norm.std;
  const x0 = new Int32Array(outW), fx = new Float32Array(outW);
  for (let i = 0; i < outW; i++) {
    const x = sourceCoord(region.left, region.width, outW, i);
    const f = Math.floor(x);
    x0[i] = f; fx[i] = x - f;
  }
  // Columns iIn…iOut−1 read both taps inside the image (x0 grows with i): the fast path below skips the bounds tests there.
  let iIn = 0, iOut = outW;
  while (iIn < outW && x0[iIn]! < 0) iIn++;
  while (iOut > iIn && x0[iOut - 1]! + 1 >= W) iOut--;
  const at = (x: number, rowOff: number, yOk: boolean): number => (yOk && x >= 0 && x < W ? data[rowOff + x]! : 0);
  for (let j = 0; j < outH; j++) {
    const y = sourceCoord(region.top, region.height, outH, j);
    const y0 = Math.floor(y), fy = y - y0;
    const ok0 = y0 >= 0 && y0 < H, ok1 = y0 + 1 >= 0 && y0 + 1 < H;
    const r0 = y0 * W, r1 = r0 + W;
    const o = offset + j * outW;
    const fast = ok0 && ok1;
    for (let i = 0; i < outW; i++) {
      const xa = x0[i]!, wx = fx[i]!;
      if (fast && i >= iIn && i < iOut) {
        // the same arithmetic as the general case, without the bounds tests
        const top = data[r0 + xa]! * (1 - wx) + data[r0 + xa + 1]! * wx;
        const bot = data[r1 + xa]! * (1 - wx) + data[r1 + xa + 1]! * wx;
        out[o + i] = (top * (1 - fy) + bot * fy) * a + b;
        continue;
      }
      const top = at(xa, r0, ok0) * (1 - wx) + at(xa + 1, r0, ok0) * wx;
      const bot = at(xa, r1, ok1) * (1 - wx) + at(xa + 1, r1, ok1) * wx;
      out[o + i] = (top * (1 - fy) + bot * fy) * a + b;
    }
  }
}

/**
 * Integer box prefilter used before a large downscale (as the training code's
 * `resize`): with f = ⌊W/outW⌋ (and likewise for y), when f > 1 and it divides
 * the side, each f×f block is averaged. A block's centre is (j + 0.5)·f − 0.5,
 * so resampling the pooled image as a whole image keeps the geometry exact.
 * Returns the source itself when no pooling applies.
 */
export function boxPrefilter(src: GrayImage, outW: number, outH: number): GrayImage {
  const { width: W, height: H, data } = src;
  const fx = Math.max(1, Math.floor(W / outW)), fy = Math.max(1, Math.floor(H / outH));
  if ((fx === 1 && fy === 1) || W % fx !== 0 || H % fy !== 0) return src;
  const w = W / fx, h = H / fy, out = new Float32Array(w * h), k = 1 / (fx * fy);
  const acc = new Float64Array(w);
  for (let oy = 0; oy < h; oy++) {
    acc.fill(0);
    for (let y = oy * fy; y < (oy + 1) * fy; y++) {
      const row = y * W;
      for (let ox = 0, x = row; ox < w; ox++) {
        let s = 0;
        for (let j = 0; j < fx; j++) s += data[x++]!;
        acc[ox]! += s;
      }
    }
    const o = oy * w;
    for (let ox = 0; ox < w; ox++) out[o + ox] = acc[ox]! * k;
  }
  return { data: out, width: w, height: h };
}

/**
 * The whole image resized to outW×outH into `out` (step I's input).
 *
 * Without `viaSide`: box prefilter when it applies, then bilinear.
 * With `viaSide` (what the training code does: it caches every image resized
 * to viaSide × viaSide, then samples the network input from that cache with
 * plain bilinear): an image already viaSide × viaSide is sampled directly;
 * any other is first resized to viaSide × viaSide (box prefilter + bilinear).
 * Both keep the pixel-centre geometry exact. `scratch` (viaSide² floats) avoids
 * allocating the intermediate image per call.
 */
export function resizeInto(src: GrayImage, norm: PixelNormalisation, out: Float32Array, offset: number, outW: number, outH: number, viaSide?: number, scratch?: Float32Array): void {
  if (viaSide === undefined) {
    const pooled = boxPrefilter(src, outW, outH);
    resampleInto(pooled, wholeImage(pooled), norm, out, offset, outW, outH);
    return;
  }
  if (src.width === viaSide && src.height === viaSide) {
    resampleInto(src, wholeImage(src), norm, out, offset, outW, outH);
    return;
  }
  const pooled = boxPrefilter(src, viaSide, viaSide);
  if (pooled !== src && pooled.width === viaSide && pooled.height === viaSide) {
    // pooled straight to viaSide (1024 → 512): resampling it to its own size would copy it exactly
    resampleInto(pooled, wholeImage(pooled), norm, out, offset, outW, outH);
    return;
  }
  const mid = scratch && scratch.length >= viaSide * viaSide ? scratch : new Float32Array(viaSide * viaSide);
  resampleInto(pooled, wholeImage(pooled), { scale: 1, mean: 0, std: 1 }, mid, 0, viaSide, viaSide);
  resampleInto({ data: mid, width: viaSide, height: viaSide }, wholeImage({ width: viaSide, height: viaSide }), norm, out, offset, outW, outH);
}
