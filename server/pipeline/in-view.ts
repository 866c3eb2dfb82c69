/**
 * Only vertebrae wholly in the image are reported (the dataset spec lists
 * only the vertebrae visible in the image). Near the frame's edge step I
 * still finds the part of a vertebra that is in view and the networks
 * extrapolate the rest: corners placed outside the frame are guesses, and
 * such a vertebra is dropped rather than measured, as is one with a corner on
 * the last rows or columns (within `EDGE_INSET` of the edge). Pure.
 */
import type { VertebraPrediction } from './types.js';

/** Default inset: corners closer to the frame's edge than this share of its shorter side are treated as cut off. */
export const EDGE_INSET = 0.01;

/**
 * Whether every reported corner lies at least `insetPx` inside the image
 * (default 1 % of the shorter side: a corner placed on the last rows is where
 * the network stops seeing the vertebra, not where it ends).
 */
export function whollyInImage(v: VertebraPrediction, width: number, height: number, insetPx = EDGE_INSET * Math.min(width, height)): boolean {
  return v.corners.every((c) => c === null || (c[0] >= insetPx && c[1] >= insetPx && c[0] <= width - 1 - insetPx && c[1] <= height - 1 - insetPx));
}
