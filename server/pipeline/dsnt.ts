/**
 * DSNT decoding of normalised heatmaps (dsntnn's convention): the centre of
 * column x of a W-wide map sits at u = (2x + 1)/W − 1, so ±1 are the outer
 * edges of the outer pixels. Coordinates are the expectation of u and v under
 * the heatmap, spreads their standard deviations. Pure functions.
 */

/** One decoded heatmap in normalised coordinates (−1 … 1 across the network input). */
export interface NormalisedCorner {
  readonly u: number;
  readonly v: number;
  /** Standard deviations of u and v under the heatmap (normalised units). */
  readonly sdU: number;
  readonly sdV: number;
}

/**
 * Decodes the h×w heatmap at `data[offset…]`. The map is renormalised by its
 * sum (the graph already outputs a softmax; this only guards rounding).
 * Returns null when the map is not a usable distribution (sum ≤ 0, NaN).
 */
export function decodeHeatmap(data: Float32Array, offset: number, w: number, h: number): NormalisedCorner | null {
  let s = 0, su = 0, sv = 0;
  for (let y = 0; y < h; y++) {
    const v = (2 * y + 1) / h - 1;
    const row = offset + y * w;
    for (let x = 0; x < w; x++) {
      const p = data[row + x]!;
      s += p; su += p * ((2 * x + 1) / w - 1); sv += p * v;
    }
  }
  if (!(s > 0) || !Number.isFinite(s)) return null;
  const mu = su / s, mv = sv / s;
  let vu = 0, vv = 0;
  for (let y = 0; y < h; y++) {
    const dv = (2 * y + 1) / h - 1 - mv;
    const row = offset + y * w;
    for (let x = 0; x < w; x++) {
      const p = data[row + x]!, du = (2 * x + 1) / w - 1 - mu;
      vu += p * du * du; vv += p * dv * dv;
    }
  }
  return { u: mu, v: mv, sdU: Math.sqrt(vu / s), sdV: Math.sqrt(vv / s) };
}
