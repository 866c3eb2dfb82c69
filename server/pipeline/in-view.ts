/**
 * Only vertebrae wholly in view are reported (the dataset spec lists only the
 * vertebrae visible in the image). Near the edge of the view step I still
 * finds the part of a vertebra that is in view and the networks extrapolate
 * the rest: corners placed outside are guesses, and such a vertebra is
 * dropped rather than measured, as is one with a corner just inside.
 * Two edges are checked, with one rule: every reported corner keeps
 * `FIELD_INSET` of the shorter side (at least 2 px, the margin the dataset's
 * truth keeps from the field's edge) plus `FIELD_SPREADS` times its own
 * spread from the edge (a corner the network places at the edge of what it
 * sees has a larger spread):
 * - the frame's edge (`whollyInImage`);
 * - the surround of the field (`clearOfSurround`): the black outside an
 *   image intensifier's circle and the collimator blades (dark, or white on
 *   an inverted display), found as the runs of darkest or brightest pixels
 *   that reach the frame's left or right edge along each row. Such a region
 *   inside the field (a screw head, a rod, bone) does not reach the edge and
 *   does not count.
 * Pure functions.
 */
import type { GrayImage } from '../image/types.js';
import type { VertebraPrediction } from './types.js';

/** Distance kept from the edge of the field (frame or surround): this share of the frame's shorter side (2 px at 1024), at least 2 px… */
export const FIELD_INSET = 0.002;
/** …plus this many times the corner's spread: a corner whose 2-SD region reaches the edge may be cut off by it. */
export const FIELD_SPREADS = 2;

/** The fixed part of the distance kept from the field's edge, in pixels. */
export const fieldInsetPx = (width: number, height: number): number => Math.max(2, FIELD_INSET * Math.min(width, height));

/** The distance corner `k` of `v` keeps from the field's edge: the fixed inset plus `spreads` times its spread. */
const keepPx = (v: VertebraPrediction, k: number, insetPx: number, spreads: number): number => insetPx + spreads * (v.spread[k] ?? 0);

/**
 * Whether every reported corner keeps `insetPx` plus `spreads` times its
 * spread from the frame's outermost pixel centres (0 and width − 1, 0 and
 * height − 1). This replaced a flat inset of 1 % of the shorter side
 * (10 px at 1024), which dropped vertebrae whose corners the network placed
 * confidently a few pixels from the edge, where the truth still counts them.
 */
export function whollyInImage(
  v: VertebraPrediction, width: number, height: number, insetPx = fieldInsetPx(width, height), spreads = FIELD_SPREADS,
): boolean {
  return v.corners.every((c, k) => c === null || Math.min(c[0], c[1], width - 1 - c[0], height - 1 - c[1]) >= keepPx(v, k, insetPx, spreads));
}

/** Gray levels (in the image's own units) at or below / at or above which a pixel can be surround. */
export interface SurroundLevels { readonly dark: number; readonly bright: number }

/**
 * The surround's levels, from a 1-in-16 sample of the pixels: dark is the 1st
 * percentile plus 2.5 % of full scale, at most 15 % (the black outside the
 * circle, whatever the video's black level); bright is the 99th percentile
 * minus 5 %, at least 80 % (collimator blades shown white on an inverted
 * display, with their vignetting). A level the median pixel reaches is not
 * used (−∞ / +∞): the field is most of a fluoroscopy frame.
 */
export function surroundLevels(img: GrayImage): SurroundLevels {
  const full = img.data instanceof Uint16Array ? 65535 : img.data instanceof Uint8Array ? 255 : 1;
  const bins = new Uint32Array(256);
  let n = 0;
  for (let y = 0; y < img.height; y += 4) {
    const row = y * img.width;
    for (let x = 0; x < img.width; x += 4) {
      bins[Math.min(255, Math.max(0, Math.floor((img.data[row + x]! / full) * 256)))]!++;
      n++;
    }
  }
  /** The bin holding the q-quantile of the sample. */
  const bin = (q: number): number => {
    let acc = 0, b = 0;
    while (b < 255 && acc + bins[b]! <= q * n) acc += bins[b++]!;
    return b;
  };
  const lo = bin(0.01), mid = bin(0.5), hi = bin(0.99);
  const dark = Math.min((lo / 256 + 0.025) * full, 0.15 * full), bright = Math.max((hi / 256 - 0.05) * full, 0.8 * full);
  // The surround is the smaller part of a frame: when the median pixel is at a surround level
  // (marks on a black background, a frame mostly collimated away) that level is not used.
  const m = ((mid + 0.5) / 256) * full;
  return { dark: m <= dark ? -Infinity : dark, bright: m >= bright ? Infinity : bright };
}

/** Lengths of the surround runs (pixels at either level) from the left and from the right edge of row `y`. */
function surroundRuns(img: GrayImage, y: number, lv: SurroundLevels): [number, number] {
  const w = img.width, row = y * w, d = img.data, { dark, bright } = lv;
  let l = 0;
  while (l < w && (d[row + l]! <= dark || d[row + l]! >= bright)) l++;
  if (l === w) return [w, w];
  let r = 0;
  while (d[row + w - 1 - r]! <= dark || d[row + w - 1 - r]! >= bright) r++;
  return [l, r];
}

/**
 * Whether every reported corner keeps `insetPx` plus `spreads` times its
 * spread from the field's surround (pixels at or below `levels.dark`, or at or
 * above `levels.bright`, in a run that reaches the frame's left or right edge
 * along their row). A corner hidden behind a collimator blade or the
 * circle's edge is placed by the network near the edge of what it sees, with
 * a larger spread: this is what catches it. Only the rows within that
 * distance of a corner are scanned. A corner in the surround itself fails.
 */
export function clearOfSurround(
  v: VertebraPrediction, img: GrayImage, levels = surroundLevels(img),
  insetPx = fieldInsetPx(img.width, img.height), spreads = FIELD_SPREADS,
): boolean {
  for (let k = 0; k < 4; k++) {
    const c = v.corners[k];
    if (!c) continue;
    const [cx, cy] = c;
    const keep = keepPx(v, k, insetPx, spreads);
    const y0 = Math.max(0, Math.ceil(cy - keep)), y1 = Math.min(img.height - 1, Math.floor(cy + keep));
    for (let y = y0; y <= y1; y++) {
      const [l, r] = surroundRuns(img, y, levels);
      // Surround of this row: x < l − 0.5 and x > width − r − 0.5 (pixel centres at integers).
      const gap = Math.min(cx - (l - 0.5), img.width - r - 0.5 - cx);
      const dy = y - cy;
      const dist = gap <= 0 ? Math.abs(dy) : Math.hypot(dy, gap);
      if (dist < keep) return false;
    }
  }
  return true;
}
