/** Display helpers of the cases views. */

/** `L1L5` → `L1–L5`, `disc:L4L5` → `L4/L5`, `SS` → `SS`. */
export function angleLabel(name: string): string {
  if (name.startsWith('disc:')) { const m = /^disc:([A-Z]\d+)([A-Z]\d+)$/.exec(name); return m ? `${m[1]}/${m[2]}` : name; }
  const m = /^([A-Z]\d)([A-Z]\d)$/.exec(name);
  return m ? `${m[1]}–${m[2]}` : name;
}

/** Degrees with one decimal, or an en dash. */
export function fmtDeg(x: number | null | undefined, signed = false): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return `${signed && x > 0 ? '+' : ''}${x.toFixed(1)}°`;
}

export function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour12: false });
}
