/**
 * Only vertebrae wholly in the image are reported (the dataset spec lists
 * only the vertebrae visible in the image). Near the frame's edge step I
 * still finds the part of a vertebra that is in view and the networks
 * extrapolate the rest: corners placed outside the frame are guesses, and
 * such a vertebra is dropped rather than measured. Pure.
 */
import type { VertebraPrediction } from './types.js';

/** Whether every reported corner lies inside the image, `marginPx` of slack allowed. */
export function whollyInImage(v: VertebraPrediction, width: number, height: number, marginPx = 0): boolean {
  return v.corners.every((c) => c === null || (c[0] >= -marginPx && c[1] >= -marginPx && c[0] <= width - 1 + marginPx && c[1] <= height - 1 + marginPx));
}
