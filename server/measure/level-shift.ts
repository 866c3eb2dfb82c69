/**
 * The surgeon's level override: "the lowest visible vertebra is L5, not S1"
 * shifts every label by the same number of levels (−1 here: S1 → L5, L5 → L4…).
 * Wrong-level labelling is the classic failure in the OR; the override holds
 * until the C-arm moves. Pure.
 */
import { LABELS, indexOfLabel } from '../spec/labels.js';

/** Largest accepted shift, levels. */
export const MAX_LEVEL_SHIFT = 3;

/** The label `shift` levels away (positive = caudal), or null when it falls outside C2…S1. */
export function shiftLabel(label: string, shift: number): string | null {
  const i = indexOfLabel(label);
  if (i < 0) return null;
  return LABELS[i + shift] ?? null;
}

/** Relabels every vertebra; those shifted outside C2…S1 are dropped. */
export function shiftLevels<V extends { label: string }>(vertebrae: readonly V[], shift: number): V[] {
  if (shift === 0) return [...vertebrae];
  const out: V[] = [];
  for (const v of vertebrae) {
    const label = shiftLabel(v.label, shift);
    if (label) out.push({ ...v, label });
  }
  return out;
}
