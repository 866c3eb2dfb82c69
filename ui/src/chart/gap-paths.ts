/**
 * A line path builder for uPlot that treats NaN as a gap (our columns are
 * Float64Arrays, which cannot hold null) and draws at most one vertical
 * min–max stroke per pixel column, so an hour of points costs about as much
 * as the chart's width. Coordinates are canvas pixels.
 */
import type uPlot from 'uplot';

export const gapLinePaths: uPlot.Series.PathBuilder = (u, seriesIdx, idx0, idx1) => {
  const xs = u.data[0] as ArrayLike<number>;
  const ys = u.data[seriesIdx] as ArrayLike<number | null | undefined>;
  const sx = u.scales.x!, sy = u.scales[u.series[seriesIdx]!.scale ?? 'y']!;
  const { left, top, width, height } = u.bbox;
  const xMin = sx.min ?? 0, xMax = sx.max ?? 1, yMin = sy.min ?? 0, yMax = sy.max ?? 1;
  const kx = width / (xMax - xMin || 1), ky = height / (yMax - yMin || 1);
  const stroke = new Path2D();
  let col = NaN, lo = 0, hi = 0, last = 0, down = false;
  const flush = () => { if (down && hi > lo) { stroke.lineTo(col, lo); stroke.lineTo(col, hi); stroke.moveTo(col, last); } };
  for (let i = idx0; i <= idx1; i++) {
    const y = ys[i];
    if (y === null || y === undefined || Number.isNaN(y)) { flush(); down = false; continue; }
    const px = Math.round(left + (xs[i]! - xMin) * kx);
    const py = top + (yMax - y) * ky;
    if (down && px === col) {
      if (py < lo) lo = py; else if (py > hi) hi = py;
      last = py;
      continue;
    }
    flush();
    if (down) stroke.lineTo(px, py); else stroke.moveTo(px, py);
    down = true; col = px; lo = hi = last = py;
  }
  flush();
  return { stroke, fill: null, clip: null, band: null, flags: 0 };
};
