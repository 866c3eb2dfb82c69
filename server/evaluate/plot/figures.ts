/**
 * The evaluation figures (the paper's Figures 6 and 7): PCK curves per level,
 * and per angle a regression plot (truth vs prediction, identity and fit
 * lines) and a Bland–Altman plot (mean vs difference, bias and limits).
 */
import type { AnglePair, AngleStats } from '../angle-stats.js';
import type { CornerMetrics } from '../corners.js';
import { linearFit } from '../stats.js';
import type { Canvas, Rgb } from './canvas.js';
import { renderChart, type Series } from './chart.js';

const PALETTE: Rgb[] = [[31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189], [140, 86, 75], [227, 119, 194], [127, 127, 127], [188, 189, 34], [23, 190, 207]];

/** PCK (%) against threshold (% of vertebra width): one curve per level plus the overall one. */
export function pckFigure(m: CornerMetrics): Canvas {
  const th = m.pck.thresholds;
  const series: Series[] = Object.entries(m.pck.perLevel).slice(-10).map(([label, v], i) => ({
    name: label, color: PALETTE[i % PALETTE.length]!, kind: 'line' as const,
    points: th.map((t, k) => [t, v[k] ?? NaN] as const),
  }));
  series.push({ name: 'all', color: [0, 0, 0], kind: 'line', thick: 3, points: th.map((t, k) => [t, m.pck.overall[k] ?? NaN] as const) });
  return renderChart({ title: 'PCK by vertebra', xLabel: 'threshold (% of vertebra width)', yLabel: 'PCK (%)', x: [0, 100], y: [0, 100], series });
}

/** Truth vs prediction with the identity (blue) and least-squares fit (red) lines. */
export function regressionFigure(name: string, pairs: readonly AnglePair[], s: AngleStats): Canvas {
  const t = pairs.map((p) => p.truth), q = pairs.map((p) => p.pred);
  const all = [...t, ...q];
  const lo = all.length ? Math.min(...all) - 2 : 0, hi = all.length ? Math.max(...all) + 2 : 1;
  const fit = linearFit(t, q);
  const series: Series[] = [
    { name: 'identity', color: [40, 80, 220], kind: 'line', points: [[lo, lo], [hi, hi]] },
    { name: `fit y = ${fit.slope.toFixed(2)}x + ${fit.intercept.toFixed(1)}`, color: [220, 40, 40], kind: 'line', points: [[lo, fit.intercept + fit.slope * lo], [hi, fit.intercept + fit.slope * hi]] },
    { name: '', color: [30, 30, 30], kind: 'dots', points: pairs.map((p) => [p.truth, p.pred] as const) },
  ];
  return renderChart({ title: `${name}: R² ${s.r2?.toFixed(2) ?? '-'}, median |error| ${s.medianAbsError?.toFixed(2) ?? '-'}°, n ${s.n}`, xLabel: `truth ${name} (°)`, yLabel: `predicted ${name} (°)`, x: [lo, hi], y: [lo, hi], series });
}

/** Bland–Altman: mean of truth and prediction vs their difference, with bias and ±1.96 SD limits. */
export function blandAltmanFigure(name: string, pairs: readonly AnglePair[], s: AngleStats): Canvas {
  const pts = pairs.map((p) => [(p.truth + p.pred) / 2, p.pred - p.truth] as const);
  const hLines = s.bias === null ? [] : [
    { y: s.bias, color: [220, 40, 40] as Rgb, label: `bias ${s.bias.toFixed(2)}°` },
    ...(s.loaUpper === null || s.loaLower === null ? [] : [
      { y: s.loaUpper, color: [40, 80, 220] as Rgb, label: `+1.96 SD ${s.loaUpper.toFixed(2)}°`, dash: 8 },
      { y: s.loaLower, color: [40, 80, 220] as Rgb, label: `-1.96 SD ${s.loaLower.toFixed(2)}°`, dash: 8 },
    ]),
  ];
  return renderChart({ title: `${name}: Bland-Altman, n ${s.n}`, xLabel: `mean of truth and prediction (°)`, yLabel: 'prediction - truth (°)', series: [{ name: '', color: [30, 30, 30], kind: 'dots', points: pts }], hLines });
}
