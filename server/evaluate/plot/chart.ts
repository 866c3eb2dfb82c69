/**
 * A small XY chart on the raster Canvas: frame, "nice" ticks with labels,
 * axis titles, a title, line and dot series, horizontal reference lines and a
 * legend. Enough for the paper's PCK, regression and Bland–Altman figures.
 */
import { Canvas, type Rgb } from './canvas.js';
import { GLYPH_H, textWidth } from './font.js';

export interface Series {
  readonly name: string;
  readonly color: Rgb;
  readonly points: readonly (readonly [number, number])[];
  readonly kind: 'line' | 'dots';
  readonly dash?: number;
  readonly thick?: number;
}

export interface HLine { readonly y: number; readonly color: Rgb; readonly label: string; readonly dash?: number }

export interface ChartSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly x?: readonly [number, number];
  readonly y?: readonly [number, number];
  readonly series: readonly Series[];
  readonly hLines?: readonly HLine[];
  readonly width?: number;
  readonly height?: number;
}

const BLACK: Rgb = [0, 0, 0], GRID: Rgb = [225, 225, 225];

/** Tick values covering [lo, hi] with a 1-2-5 step, about `n` of them. */
export function niceTicks(lo: number, hi: number, n = 6): number[] {
  const span = hi - lo || 1, raw = span / n, mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

function range(values: number[], fallback: [number, number]): [number, number] {
  const v = values.filter(Number.isFinite);
  if (!v.length) return fallback;
  let lo = Math.min(...v), hi = Math.max(...v);
  if (lo === hi) { lo -= 1; hi += 1; }
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

function fmt(v: number, step: number): string {
  const d = step >= 1 ? 0 : Math.min(4, Math.ceil(-Math.log10(step)));
  return v.toFixed(d);
}

/** Renders the chart to a new Canvas (default 720×540). */
export function renderChart(spec: ChartSpec): Canvas {
  const W = spec.width ?? 720, H = spec.height ?? 540, s = 2;
  const c = new Canvas(W, H);
  const left = 90, right = W - 20, top = 50, bottom = H - 70;
  const xs = spec.series.flatMap((se) => se.points.map((p) => p[0]));
  const ys = [...spec.series.flatMap((se) => se.points.map((p) => p[1])), ...(spec.hLines ?? []).map((h) => h.y)];
  const [x0, x1] = spec.x ?? range(xs, [0, 1]), [y0, y1] = spec.y ?? range(ys, [0, 1]);
  const px = (x: number): number => left + ((x - x0) / (x1 - x0)) * (right - left);
  const py = (y: number): number => bottom - ((y - y0) / (y1 - y0)) * (bottom - top);
  const xt = niceTicks(x0, x1), yt = niceTicks(y0, y1);
  const xStep = xt.length > 1 ? xt[1]! - xt[0]! : 1, yStep = yt.length > 1 ? yt[1]! - yt[0]! : 1;
  for (const t of xt) { c.line(px(t), top, px(t), bottom, GRID); const l = fmt(t, xStep); c.text(px(t) - textWidth(l, s) / 2, bottom + 8, l, BLACK, s); }
  for (const t of yt) { c.line(left, py(t), right, py(t), GRID); const l = fmt(t, yStep); c.text(left - 8 - textWidth(l, s), py(t) - GLYPH_H, l, BLACK, s); }
  c.line(left, top, right, top, BLACK); c.line(left, bottom, right, bottom, BLACK);
  c.line(left, top, left, bottom, BLACK); c.line(right, top, right, bottom, BLACK);
  c.text((W - textWidth(spec.title, s)) / 2, 14, spec.title, BLACK, s);
  c.text((left + right - textWidth(spec.xLabel, s)) / 2, H - 28, spec.xLabel, BLACK, s);
  c.textUp(12, (top + bottom + textWidth(spec.yLabel, s)) / 2, spec.yLabel, BLACK, s);
  const clipX = (x: number): boolean => x >= x0 && x <= x1, clipY = (y: number): boolean => y >= y0 && y <= y1;
  for (const h of spec.hLines ?? []) {
    if (!clipY(h.y)) continue;
    c.line(left, py(h.y), right, py(h.y), h.color, 2, h.dash ?? 0);
    c.text(right - 4 - textWidth(h.label, s), py(h.y) - GLYPH_H * s - 4, h.label, h.color, s);
  }
  for (const se of spec.series) {
    if (se.kind === 'dots') { for (const [x, y] of se.points) if (clipX(x) && clipY(y)) c.dot(px(x), py(y), 3, se.color); continue; }
    for (let i = 1; i < se.points.length; i++) {
      const [ax, ay] = se.points[i - 1]!, [bx, by] = se.points[i]!;
      if ([ax, ay, bx, by].every(Number.isFinite)) c.line(px(ax), py(Math.max(y0, Math.min(y1, ay))), px(bx), py(Math.max(y0, Math.min(y1, by))), se.color, se.thick ?? 2, se.dash ?? 0);
    }
  }
  // Legend, top left inside the frame.
  let ly = top + 8;
  for (const se of spec.series.filter((x) => x.name)) {
    c.fillRect(left + 8, ly + 3, 16, 6, se.color);
    c.text(left + 30, ly, se.name, BLACK, s, [255, 255, 255]);
    ly += (GLYPH_H + 4) * s;
  }
  return c;
}
