/**
 * The spec's angles plus the rules that decide whether each one may be shown:
 * an angle is `unmeasurable` (with a reason) when a vertebra it needs is
 * missing, is reported with a presence under `minScore` (0.5; the
 * pipeline raises it for packages with a lower step-I threshold), has its anterior and posterior
 * corners swapped against the other vertebrae (facingOutliers), or when its SD
 * (propagated from the corner spreads) exceeds `maxSdDeg`. Used by `sagitta measure`, the
 * evaluation and the live monitor after tracking. Pure.
 */
import { computeAngles, facingOutliers, type LabelledCorners } from './angles.js';
import { DISC_ANGLES, type Point } from '../spec/labels.js';

/** A vertebra as the measurement sees it: label, SA SP IP IA (null unknown), score 0..1, spreads in px. */
export interface ScoredVertebra {
  readonly label: string;
  readonly corners: readonly (Point | null)[];
  readonly score: number;
  readonly spread?: readonly (number | null)[];
}

export interface MeasureOptions {
  /** Angle of the horizontal reference to the image x axis, degrees. Default 0. */
  readonly horizontalDeg?: number;
  /** Largest accepted angle SD in degrees. Default 2. */
  readonly maxSdDeg?: number;
  /** Smallest accepted presence score. Default 0.5. */
  readonly minScore?: number;
}

export interface Measurement {
  /** Measurable angles, degrees. */
  readonly angles: Record<string, number>;
  /** SD in degrees of each measurable angle. */
  readonly sd: Record<string, number>;
  /** Angle name → reason, for each spec angle that cannot be shown. */
  readonly unmeasurable: Record<string, string>;
}

/** The vertebrae each angle needs. */
export function neededLabels(angle: string): string[] {
  if (angle === 'L1L5') return ['L1', 'L5'];
  if (angle === 'L1S1') return ['L1', 'S1'];
  if (angle === 'SS') return ['S1'];
  const m = /^disc:([A-Z]\d+)([A-Z]\d+)$/.exec(angle);
  return m ? [m[1]!, m[2]!] : [];
}

const fmt = (x: number): string => x.toFixed(2);

/**
 * Computes the angles with computeAngles on the vertebrae scored ≥ minScore and
 * moves every angle that breaks a rule to `unmeasurable`. The global angles are
 * always listed (in `angles` or `unmeasurable`); a disc angle is listed when at
 * least one of its two vertebrae was seen.
 */
export function measureAngles(vertebrae: readonly ScoredVertebra[], opts: MeasureOptions = {}): Measurement {
  const minScore = opts.minScore ?? 0.5, maxSd = opts.maxSdDeg ?? 2;
  const seen = new Map(vertebrae.map((v) => [v.label, v]));
  const kept: LabelledCorners[] = vertebrae
    .filter((v) => v.score >= minScore)
    .map((v) => ({ label: v.label, corners: v.corners, spread: v.spread }));
  const r = computeAngles(kept, opts.horizontalDeg === undefined ? {} : { horizontalDeg: opts.horizontalDeg });
  const flipped = new Set(facingOutliers(kept));
  const angles: Record<string, number> = {}, sd: Record<string, number> = {}, unmeasurable: Record<string, string> = {};

  const names = ['L1L5', 'L1S1', 'SS', ...DISC_ANGLES.filter((d) => neededLabels(d).some((l) => seen.has(l)))];
  for (const name of names) {
    const low = neededLabels(name).find((l) => { const v = seen.get(l); return v !== undefined && v.score < minScore; });
    const value = r.angles[name], s = r.sd[name] ?? 0;
    const turned = neededLabels(name).find((l) => flipped.has(l));
    if (low) unmeasurable[name] = `${low} presence ${fmt(seen.get(low)!.score)} < ${fmt(minScore)}: not sure enough it is there for its angles`;
    else if (turned && value !== undefined) unmeasurable[name] = `${turned} faces the other way from the other vertebrae (anterior and posterior corners swapped)`;
    else if (value === undefined) unmeasurable[name] = r.missing[name] ?? `${neededLabels(name).filter((l) => !seen.has(l)).join(', ') || 'a vertebra'} not found in the image`;
    else if (!(s <= maxSd)) unmeasurable[name] = `SD ${Number.isFinite(s) ? fmt(s) : '∞'}° > ${maxSd}°`;
    else { angles[name] = value; sd[name] = s; }
  }
  return { angles, sd, unmeasurable };
}

/** Spec angle names in display order: the global ones, then the discs cranial to caudal. */
export const ALL_ANGLES: readonly string[] = ['L1L5', 'L1S1', 'SS', ...DISC_ANGLES];
