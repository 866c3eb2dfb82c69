/** Result types of the landmark pipeline (see index.ts). Coordinates in original image pixels. */
import type { Label, Point } from '../spec/labels.js';
import type { LevelCheck } from './level-chain.js';

export type MaybeCorners = [Point | null, Point | null, Point | null, Point | null];
export type MaybeSpreads = [number | null, number | null, number | null, number | null];

export interface VertebraPrediction {
  readonly label: Label;
  /** Refined (step II) corners SA, SP, IP, IA; S1's IP and IA are null. */
  readonly corners: MaybeCorners;
  /** Presence probability from step I, 0..1. */
  readonly score: number;
  /** Per corner √((σx²+σy²)/2) of the step-II heatmap, px. */
  readonly spread: MaybeSpreads;
  /** The same from step I, before refinement. */
  readonly stepI: { readonly corners: MaybeCorners; readonly spread: MaybeSpreads };
}

export interface StageTimings {
  /** Resize + normalise of the whole images, ms for the batch. */
  readonly preMs: number;
  readonly stepIMs: number;
  /** Crop + resize of all crops and the step-II run, ms for the batch. */
  readonly stepIIMs: number;
  /** DSNT decoding, back-mapping and angles, ms for the batch. */
  readonly postMs: number;
  /** Whether the run added the mirrored views: step I's whole image (`stepI.mirror`) and/or step II's crops (`stepII.mirror`), unless the run turned them off. */
  readonly mirrored: boolean;
}

export interface ImagePrediction {
  readonly width: number;
  readonly height: number;
  /** Vertebrae reported (score ≥ 0.5), cranial to caudal. */
  readonly vertebrae: VertebraPrediction[];
  /** Whether the labels agree with the vertebrae's spacing, or were counted again from S1 (level-chain.ts). */
  readonly levelCheck: LevelCheck;
  /** Measurable angles, degrees. */
  readonly angles: Record<string, number>;
  /** SD of each measurable angle, degrees. */
  readonly sd: Record<string, number>;
  /** Angle → reason it is not shown. */
  readonly unmeasurable: Record<string, string>;
  /** Times of the batch this image was in (shared by its images). */
  readonly timings: StageTimings;
}
