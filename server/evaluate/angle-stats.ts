/**
 * Angle agreement between truth and prediction, as the spec and the paper
 * report it: median and maximum absolute error, share over 5°, R² (squared
 * Pearson), SD of prediction − truth, Bland–Altman bias and limits (bias ±
 * 1.96 SD). Pure.
 */
import { mean, median, num, rSquared, sampleSd } from './stats.js';

export interface AnglePair { truth: number; pred: number }

export interface AngleStats {
  /** Pairs where both truth and prediction have the angle. */
  n: number;
  /** Images whose truth has the angle but the prediction listed it as unmeasurable or lacked it. */
  unmeasured: number;
  medianAbsError: number | null;
  maxAbsError: number | null;
  /** % of absolute errors > 5°. */
  over5: number | null;
  r2: number | null;
  sd: number | null;
  bias: number | null;
  loaLower: number | null;
  loaUpper: number | null;
}

/** Statistics of paired angles (degrees). */
export function angleStats(pairs: readonly AnglePair[], unmeasured = 0): AngleStats {
  const d = pairs.map((p) => p.pred - p.truth), abs = d.map(Math.abs);
  const sd = sampleSd(d), bias = mean(d);
  return {
    n: pairs.length, unmeasured,
    medianAbsError: num(median(abs), 3),
    maxAbsError: num(abs.length ? Math.max(...abs) : NaN, 3),
    over5: num(abs.length ? (100 * abs.filter((x) => x > 5).length) / abs.length : NaN, 2),
    r2: num(rSquared(pairs.map((p) => p.truth), pairs.map((p) => p.pred)), 4),
    sd: num(sd, 3), bias: num(bias, 3),
    loaLower: num(bias - 1.96 * sd, 3), loaUpper: num(bias + 1.96 * sd, 3),
  };
}
