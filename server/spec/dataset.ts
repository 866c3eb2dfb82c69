/**
 * Types of the `spine-landmarks/1` dataset format (annotations.json) for
 * ground truth and predictions, and its reader/validator.
 */
import type { Label, Point } from './labels.js';

export const DATASET_FORMAT = 'spine-landmarks/1';

export interface VertebraAnnotation {
  label: Label;
  /** SA, SP, IP, IA in original image pixels; null for a missing corner (S1's IP, IA). */
  corners: [Point | null, Point | null, Point | null, Point | null];
  /** Predictions only: presence probability 0..1 (reported when ≥ 0.5). */
  score?: number;
  /** Predictions only: per corner √((σx²+σy²)/2) of the heatmap, in original pixels. */
  spread?: [number | null, number | null, number | null, number | null];
}

export interface ImageAnnotation {
  /** Image file name, relative to the dataset folder (stills). */
  file?: string;
  /** Video truth: frame index, time in seconds, shot index, last-image-hold flag. */
  frame?: number;
  t?: number;
  shot?: number;
  held?: boolean;
  width: number;
  height: number;
  vertebrae: VertebraAnnotation[];
  /** Angles in degrees computed from the corners (spec definitions). */
  angles?: Record<string, number>;
  /** Truth only: angles of the anatomy itself (no distortion, true horizontal). */
  patient?: Record<string, number>;
  /** Predictions only: angle name → why it could not be measured. */
  unmeasurable?: Record<string, string>;
  /** Free-form extra data (renderer parameters, …). */
  [extra: string]: unknown;
}

export interface Dataset {
  format: typeof DATASET_FORMAT;
  images: ImageAnnotation[];
  [extra: string]: unknown;
}
