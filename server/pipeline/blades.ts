/**
 * Collimator blades that are not at the surround's level. A blade lets a
 * little radiation through, so on many C-arms (and in the phantom) the
 * anatomy behind it shows, darker (brighter on an inverted display) than in
 * the field, beyond a straight edge that crosses the whole field. The
 * surround rule (`in-view.ts`) only sees blades at the darkest or brightest
 * levels; behind a grey blade a vertebra is cut off from the field all the
 * same, and step II still places its corners confidently through the blade.
 *
 * How (docs/pipeline.md has the numbers and why): candidate lines from a
 * Hough transform of the strong edges of a copy shrunk to about 128 px; each
 * is walked on a 256 px copy and kept as a blade only when, along the part
 * of it that borders the field, the side away from the frame's centre
 * differs from the near side with one sign (a step, not a ramp), still 40–56
 * px further out (a half-plane, not the edge of a rod), unlike the field's
 * typical level (not the edge of an instrument over the field), by at least
 * 35 % of the image's range (a blade stops most of the beam); then placed to
 * a pixel on the full image and kept when straight over a quarter of the
 * frame (not the curved spine or soft tissue). Deterministic. Pure.
 */
import type { GrayImage } from '../image/types.js';
import { fieldInsetPx, surroundLevels, type SurroundLevels } from './in-view.js';
import { MIN_POINTS, refine } from './blade-edge.js';

/** A blade's edge: the field is where nx·x + ny·y < c ((nx, ny) unit, pointing out of the field). */
export interface Blade { readonly nx: number; readonly ny: number; readonly c: number }

/** Distance a corner keeps from a grey blade's edge: twice the field inset (4 px at 1024²: the truth's 2 px plus the edge's own error). */
export const bladeKeepPx = (width: number, height: number): number => 2 * fieldInsetPx(width, height);

/** Whether every corner of `v` lies at least `keepPx` inside every blade's edge. */
export function clearOfBlades(v: { corners: readonly (readonly [number, number] | null)[] }, blades: readonly Blade[], keepPx: number): boolean {
  return blades.every((b) => v.corners.every((c) => c === null || b.nx * c[0] + b.ny * c[1] <= b.c - keepPx));
}

/** Side of the shrunk copy, pixels. */
const SMALL = 256;
/** Hough angle bins over 180°. */
const THETAS = 180;
/** An edge pixel votes for angles within this many bins of its gradient's direction. */
const VOTE_SPAN = 8;
/** Step of the walk along a candidate line, shrunk pixels. */
const WALK = 2;
/** Lines looked at, strongest first. */
const CANDIDATES = 12;
/** Fewest votes (halved-copy pixels along the line) for a candidate. */
const MIN_VOTES = 20;
/** Fewest shrunk pixels along the edge that step the same way. */
const MIN_SAMPLES = 24;
/** Share of those that must also differ the same way further out. */
const FAR_CONSISTENT = 0.8;
/** Least distance from the frame's centre to a blade's edge, share of the shorter side. */
const MIN_CENTRE = 0.2;
/** A blade's refined edge spans at least this share of the frame's shorter side. */
const MIN_SPAN = 0.25;
/** Smallest median step across a blade's edge, share of the image's 2–98 % range. */
const BLADE_STEP = 0.35;
/** Smallest step of an edge pixel that votes in the Hough transform, share of the image's 2–98 % range. */
const EDGE_STEP = 0.25;
/** Smallest step across a blade's edge, share of the image's 2–98 % range. */
const MIN_STEP = 0.06;
/** Share of the line's samples bordering the field that must step the same way. */
const CONSISTENT = 0.8;

interface Small { data: Float32Array; w: number; h: number; f: number }

/**
 * `img` shrunk by an integer factor f to about SMALL px on its shorter side:
 * each pixel the mean of 4 of its f × f block (a 2 × 2 grid of them; all 16
 * cost 2 ms a frame, and the tests below average several pixels anyway).
 */
function shrink(img: GrayImage): Small {
  const f = Math.max(1, Math.round(Math.min(img.width, img.height) / SMALL));
  const w = Math.floor(img.width / f), h = Math.floor(img.height / f);
  const data = new Float32Array(w * h), src = img.data, W = img.width;
  const a = f >> 2, b = f - 1 - (f >> 2); // offsets 1 and 2 in a block of 4 (0 and 0 when f = 1)
  for (let y = 0; y < h; y++) {
    const r0 = (y * f + a) * W, r1 = (y * f + b) * W, out = y * w;
    for (let x = 0; x < w; x++) {
      const c0 = x * f + a, c1 = x * f + b;
      data[out + x] = (src[r0 + c0]! + src[r0 + c1]! + src[r1 + c0]! + src[r1 + c1]!) / 4;
    }
  }
  return { data, w, h, f };
}

/** `s` halved (2 × 2 means): where the Hough transform looks for candidate lines. */
function halve(s: Small): Small {
  const w = s.w >> 1, h = s.h >> 1, data = new Float32Array(w * h), d = s.data, W = s.w;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const i = 2 * y * W + 2 * x;
    data[y * w + x] = (d[i]! + d[i + 1]! + d[i + W]! + d[i + W + 1]!) / 4;
  }
  return { data, w, h, f: 2 * s.f };
}

/** The q-quantiles of `a`, to 1/4096 of its range (a histogram: sorting 65 000 values took 13 ms). */
function quantiles(a: Float32Array, qs: readonly number[]): number[] {
  let lo = Infinity, hi = -Infinity;
  const n = a.length;
  for (let i = 0; i < n; i++) { const v = a[i]!; if (v < lo) lo = v; if (v > hi) hi = v; }
  if (!(hi > lo)) return qs.map(() => lo);
  const B = 4096, bins = new Uint32Array(B), k = (B - 1) / (hi - lo);
  for (let i = 0; i < n; i++) bins[Math.floor((a[i]! - lo) * k)]!++;
  return qs.map((q) => {
    let acc = 0, b = 0;
    while (b < B - 1 && acc + bins[b]! <= q * n) acc += bins[b++]!;
    return lo + (b + 0.5) / k;
  });
}

/**
 * Blades found in `img`, as half-planes in its pixels (the field on the side
 * of the frame's centre). Edges next to the surround (`lv`: the circle's
 * black, blades at the extreme levels) are not looked at.
 */
export function findGreyBlades(img: GrayImage, lv: SurroundLevels = surroundLevels(img)): Blade[] {
  const s = shrink(img), { data: d, w, h, f } = s;
  const half = halve(s), hd = half.data, hw = half.w, hh = half.h;
  const [lo, hi] = quantiles(hd, [0.02, 0.98]) as [number, number], range = hi - lo;
  if (!(range > 0)) return [];
  const minStep = MIN_STEP * range;
  // Candidate lines: a Hough transform of the strong edges of the halved copy. A blade's step
  // (0.35 of the range and more) gives a Sobel response of about 4 × its size; edges under
  // EDGE_STEP of the range, and edges touching the surround, do not vote.
  // ρ in half pixels of the halved copy, i.e. in pixels of the shrunk copy the walk below uses
  // (a tilted line's edge pixels vote at fractional ρ; an axis-aligned one's still land on whole
  // pixels, which is why the walk allows the line a pixel off its edge).
  const diag = 2 * Math.ceil(Math.hypot(hw, hh)), nr = 2 * diag + 1, edge2 = (4 * EDGE_STEP * range) ** 2;
  const acc = new Uint16Array(THETAS * nr);
  const cos = new Float64Array(THETAS), sin = new Float64Array(THETAS);
  for (let t = 0; t < THETAS; t++) { cos[t] = Math.cos((t * Math.PI) / THETAS); sin[t] = Math.sin((t * Math.PI) / THETAS); }
  for (let y = 1; y < hh - 1; y++) {
    for (let x = 1; x < hw - 1; x++) {
      const i = y * hw + x;
      const gx = hd[i - hw + 1]! + 2 * hd[i + 1]! + hd[i + hw + 1]! - hd[i - hw - 1]! - 2 * hd[i - 1]! - hd[i + hw - 1]!;
      const gy = hd[i + hw - 1]! + 2 * hd[i + hw]! + hd[i + hw + 1]! - hd[i - hw - 1]! - 2 * hd[i - hw]! - hd[i - hw + 1]!;
      if (gx * gx + gy * gy < edge2 || hd[i - hw - 1]! <= lv.dark || hd[i - hw + 1]! <= lv.dark || hd[i + hw - 1]! <= lv.dark || hd[i + hw + 1]! <= lv.dark) continue;
      const t0 = Math.round((Math.atan2(gy, gx) * THETAS) / Math.PI);
      for (let k = -VOTE_SPAN; k <= VOTE_SPAN; k++) {
        const t = (((t0 + k) % THETAS) + THETAS) % THETAS;
        acc[t * nr + Math.round(2 * (x * cos[t]! + y * sin[t]!)) + diag]!++;
      }
    }
  }
  // Strongest local maxima.
  const peaks: { t: number; r: number; v: number }[] = [];
  for (let t = 0; t < THETAS; t++) {
    for (let r = 1; r < nr - 1; r++) {
      const v = acc[t * nr + r]!;
      if (v < MIN_VOTES) continue;
      let max = true;
      for (let dt = -2; dt <= 2 && max; dt++) for (let dr = -2; dr <= 2; dr++) {
        const tt = t + dt, rr = r + dr;
        if (tt < 0 || tt >= THETAS || rr < 0 || rr >= nr || (dt === 0 && dr === 0)) continue;
        if (acc[tt * nr + rr]! > v || (acc[tt * nr + rr]! === v && (dt < 0 || (dt === 0 && dr < 0)))) { max = false; break; }
      }
      // In the shrunk copy's pixels (2 per halved pixel; halved pixel j spans shrunk pixels 2j and 2j + 1, centre 2j + 0.5).
      if (max) peaks.push({ t, r: (r - diag) + 0.5 * (cos[t]! + sin[t]!), v });
    }
  }
  peaks.sort((a, b) => b.v - a.v);
  const cx = (w - 1) / 2, cy = (h - 1) / 2;
  // The field's typical level: the middle of the frame, clear of the surround.
  const mid: number[] = [];
  for (let y = Math.floor(h / 4); y < (3 * h) / 4; y += 2) for (let x = Math.floor(w / 4); x < (3 * w) / 4; x += 2) { const v = d[y * w + x]!; if (v > lv.dark) mid.push(v); }
  const fieldLevel = median(mid);
  const at = (x: number, y: number): number | null => {
    const xi = Math.round(x), yi = Math.round(y);
    if (xi < 0 || yi < 0 || xi >= w || yi >= h) return null;
    const v = d[yi * w + xi]!;
    return v <= lv.dark ? null : v; // the circle's black is no side of a blade (a bright field can reach the bright level)
  };
  const blades: Blade[] = [];
  for (const p of peaks.slice(0, CANDIDATES)) {
    let nx = cos[p.t]!, ny = sin[p.t]!, c = p.r;
    if (nx * cx + ny * cy > c) { nx = -nx; ny = -ny; c = -c; } // normal points away from the centre
    // Blades cover the field's margins: a line through the middle of the frame is no blade's edge.
    if (c - (nx * cx + ny * cy) < MIN_CENTRE * Math.min(w, h)) continue;
    // Walk along the line; compare the outside (beyond the edge) with the inside.
    // Every WALK px along the line (the counts below are in samples).
    const ins: number[] = [], steps: number[] = [], fars: (number | null)[] = [];
    const [u0, u1] = span(nx, ny, c, w, h);
    for (let u = u0; u <= u1; u += WALK) {
      const px = nx * c - ny * u, py = ny * c + nx * u;
      if (at(px, py) === null) continue;
      // 2 px either side of the line (the candidate can be a pixel off the edge). Outside, the first
      // pixels may be a black band (an edge halo clipped to black): skipped.
      const inside = mean(at, px, py, -nx, -ny, 2, 4, 2), near = mean(at, px, py, nx, ny, 2, 6, 2);
      if (inside === null || near === null) continue;
      const dn = near - inside;
      ins.push(inside);
      if (Math.abs(dn) < minStep) { steps.push(0); fars.push(null); continue; }
      // A step, not a ramp: on either side the image changes much less than across the edge.
      const inner = mean(at, px, py, -nx, -ny, 5, 7, 2), outer = mean(at, px, py, nx, ny, 7, 9, 2), far = mean(at, px, py, nx, ny, 10, 14, 3);
      const flat = Math.max(Math.abs((inner ?? inside) - inside), Math.abs((outer ?? near) - near));
      steps.push(flat <= Math.abs(dn) / 2 ? dn : 0); fars.push(far === null ? null : far - inside);
    }
    const pos = steps.filter((x) => x >= minStep).length, neg = steps.filter((x) => x <= -minStep).length;
    const sign = pos >= neg ? 1 : -1, same = Math.max(pos, neg);
    if (same * WALK < MIN_SAMPLES) continue;
    // Where the line does not step it may run between two blades (both sides blade-like: not
    // counted); where it borders the field it steps one way all along. Further out the image
    // differs the same way (a half-plane, not a rod), checked along at least half the edge: a
    // line within 40 px of the frame's edge (the top of a vertebra cut by it) is not taken.
    const stepped = steps.map((x) => sign * x >= minStep);
    const inSide: number[] = [], outSide: number[] = [];
    ins.forEach((v, i) => { if (stepped[i]) { inSide.push(v); outSide.push(v + steps[i]!); } });
    const inLevel = median(inSide), outLevel = median(outSide);
    let field = 0, farN = 0, farSame = 0;
    ins.forEach((v, i) => {
      if (stepped[i]) { field++; const df = fars[i]; if (df != null) { farN++; if (sign * df >= minStep) farSame++; } }
      else if (Math.abs(v - inLevel) < Math.abs(v - outLevel)) field++;
    });
    if (same < CONSISTENT * field || farN < same / 2 || farSame < FAR_CONSISTENT * farN) continue;
    // Beyond a blade the image is unlike the field; beyond the edge of a bar laid over the field
    // (a retractor, a rod) it is the field again.
    if (Math.abs(outLevel - fieldLevel) <= Math.abs(inLevel - fieldLevel)) continue;
    // A blade stops most of the beam: its step is a large part of the image's range (the straight
    // edges of soft tissue step 0.19–0.29 of it in the phantom, blades 0.40–0.68).
    if (Math.abs(outLevel - inLevel) < BLADE_STEP * range) continue;
    // Back to full-resolution pixels (shrunk pixel i spans [i·f, i·f + f − 1], centre i·f + (f − 1)/2),
    // then placed on the step itself in the full image.
    const o = (f - 1) / 2;
    const fine = refine(img, { nx, ny, c: c * f + o * (nx + ny) }, sign, minStep, lv, 2 * f + 4);
    // Straight to a pixel over a long stretch: a blade, not the edge of a curved spine or of soft tissue.
    if (!fine || fine.on < MIN_POINTS || fine.span < MIN_SPAN * Math.min(img.width, img.height)) continue;
    // The same edge found twice (both edges of a halo): the outer one is kept.
    const fb = fine.blade, k = blades.findIndex((b) => b.nx * fb.nx + b.ny * fb.ny > Math.cos((5 * Math.PI) / 180) && Math.abs(b.c - fb.c) < 24);
    if (k < 0) blades.push(fb); else if (fb.c > blades[k]!.c) blades[k] = fb;
  }
  return blades;
}

/** The range of u for which the point (nx·c − ny·u, ny·c + nx·u) of a line lies in a w × h frame (empty: u0 > u1). */
function span(nx: number, ny: number, c: number, w: number, h: number): [number, number] {
  let u0 = -Infinity, u1 = Infinity;
  // x = nx·c − ny·u in [0, w − 1]; y = ny·c + nx·u in [0, h − 1]
  const clip = (a: number, b: number, lo: number, hi: number): void => { // a + b·u in [lo, hi]
    if (Math.abs(b) < 1e-12) { if (a < lo || a > hi) { u0 = Infinity; u1 = -Infinity; } return; }
    const t0 = (lo - a) / b, t1 = (hi - a) / b;
    u0 = Math.max(u0, Math.min(t0, t1)); u1 = Math.min(u1, Math.max(t0, t1));
  };
  clip(nx * c, -ny, 0, w - 1);
  clip(ny * c, nx, 0, h - 1);
  return [Math.ceil(u0), Math.floor(u1)];
}

/** Mean of the shrunk image along the normal (dx, dy) from (x, y), at distances from..to; null unless `least` samples are in the frame and not surround. */
function mean(at: (x: number, y: number) => number | null, x: number, y: number, dx: number, dy: number, from: number, to: number, least: number): number | null {
  let s = 0, n = 0;
  for (let k = from; k <= to; k++) { const v = at(x + dx * k, y + dy * k); if (v !== null) { s += v; n++; } }
  return n >= least ? s / n : null;
}

/** The upper middle value (evaluate/stats.ts averages the two middle ones; this rule was tuned with this one). */
function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1]! : NaN;
}
