/**
 * Vertebra labels and corner order of `shared/spec/landmarks.md` (documented
 * in docs/landmarks.md). This file imports nothing so that the server, the
 * dashboard and the training tools can all use it.
 */

/** The 24 labels, cranial to caudal; the index is the model's output channel. */
export const LABELS = [
  'C2', 'C3', 'C4', 'C5', 'C6', 'C7',
  'T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12',
  'L1', 'L2', 'L3', 'L4', 'L5', 'S1',
] as const;

export type Label = (typeof LABELS)[number];

/** Corner order, always: superior-anterior, superior-posterior, inferior-posterior, inferior-anterior. */
export const CORNERS = ['SA', 'SP', 'IP', 'IA'] as const;
export type CornerName = (typeof CORNERS)[number];

/** Index of each corner in a vertebra's `corners` array. */
export const Corner = { SA: 0, SP: 1, IP: 2, IA: 3 } as const;

/** A point in image pixels: x to the right, y down, pixel centres at integers. */
export type Point = readonly [x: number, y: number];

/** Four corners SA, SP, IP, IA; S1 may have null IP and IA. */
export type Corners = readonly [Point | null, Point | null, Point | null, Point | null];

const labelIndex = new Map<string, number>(LABELS.map((l, i) => [l, i]));

/** Index 0..23 of a label, or -1 when it is not one of the 24. */
export function indexOfLabel(label: string): number {
  return labelIndex.get(label) ?? -1;
}

export function isLabel(label: string): label is Label {
  return labelIndex.has(label);
}

/** Names of the segmental disc angles, e.g. `disc:L4L5`, for every adjacent pair. */
export const DISC_ANGLES: readonly string[] = LABELS.slice(0, -1).map((l, i) => `disc:${l}${LABELS[i + 1]}`);

/** The global angles of the spec. */
export const GLOBAL_ANGLES = ['L1L5', 'L1S1', 'SS'] as const;
export type GlobalAngleName = (typeof GLOBAL_ANGLES)[number];
