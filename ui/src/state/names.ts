/** Display names and order of the angles the dashboard shows. */

/** The three large readouts, in screen order. */
export const MAIN_ANGLES = ['L1L5', 'L1S1', 'SS'] as const;
export type MainAngle = (typeof MAIN_ANGLES)[number];

/** Segmental disc angles shown in the smaller row (T12–L1 only when the server sends it). */
export const DISC_ROW = ['disc:L1L2', 'disc:L2L3', 'disc:L3L4', 'disc:L4L5', 'disc:L5S1'] as const;

const TITLES: Record<string, string> = {
  L1L5: 'L1–L5 lordosis',
  L1S1: 'L1–S1 lordosis',
  SS: 'Sacral slope',
};

/** Short label: `L1L5` → `L1–L5`, `disc:L4L5` → `L4–L5`, `SS` → `SS`. */
export function shortName(angle: string): string {
  const bare = angle.startsWith('disc:') ? angle.slice(5) : angle;
  const m = /^([CTLS]\d+)([CTLS]\d+)$/.exec(bare);
  return m ? `${m[1]}–${m[2]}` : bare;
}

/** Long title for a readout: `L1L5` → `L1–L5 lordosis`; disc angles get `disc`. */
export function angleTitle(angle: string): string {
  return TITLES[angle] ?? (angle.startsWith('disc:') ? `${shortName(angle)} disc` : shortName(angle));
}
