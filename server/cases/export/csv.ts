/**
 * CSV export of a case timeline: one row per recorded frame, columns
 * `time_ms, time_iso, frame, shot`, then `<angle>_deg, <angle>_sd` for every
 * angle seen in the case (empty when unmeasured), then per vertebra seen
 * `<label>_score` and `<label>_<corner>_x/_y` (SA, SP, IP, IA). Streamed.
 */
import { DISC_ANGLES, GLOBAL_ANGLES, LABELS, CORNERS } from '../../spec/labels.js';
import type { CaseDb } from '../db.js';
import { iterateFrames } from '../store.js';

const ANGLE_ORDER = [...GLOBAL_ANGLES, ...DISC_ANGLES];

/** Angle names and labels that occur in a case, in spec order (first pass over the rows). */
function columnsOf(db: CaseDb, rid: number): { angles: string[]; labels: string[] } {
  const angles = new Set<string>(), labels = new Set<number>();
  for (const raw of db.prepare('SELECT angles, verts FROM frames WHERE case_rid = ?').iterate(rid)) {
    const r = raw as { angles: string; verts: Buffer };
    for (const k of Object.keys(JSON.parse(r.angles) as object)) angles.add(k);
    for (let o = 0; o + 4 <= r.verts.length; o += 56) labels.add(r.verts.readFloatLE(o));
  }
  return {
    angles: ANGLE_ORDER.filter((a) => angles.has(a)),
    labels: LABELS.filter((_, i) => labels.has(i)),
  };
}

const num = (x: number | null | undefined, digits: number): string => (x === null || x === undefined || !Number.isFinite(x) ? '' : x.toFixed(digits));

/** Yields the CSV text line by line (header first), "\n"-terminated. */
export function* caseCsv(db: CaseDb, rid: number): Generator<string> {
  const { angles, labels } = columnsOf(db, rid);
  const head = ['time_ms', 'time_iso', 'frame', 'shot'];
  for (const a of angles) head.push(`${a}_deg`, `${a}_sd`);
  for (const l of labels) { head.push(`${l}_score`); for (const c of CORNERS) head.push(`${l}_${c}_x`, `${l}_${c}_y`); }
  yield head.join(',') + '\n';
  for (const f of iterateFrames(db, rid)) {
    const row = [String(f.timeMs), new Date(f.timeMs).toISOString(), String(f.frame), String(f.shot)];
    for (const a of angles) {
      const v = f.angles[a];
      row.push(v && v.value !== null ? num(v.value, 3) : '', v && v.value !== null ? num(v.sd, 3) : '');
    }
    const byLabel = new Map(f.vertebrae.map((v) => [v.label, v]));
    for (const l of labels) {
      const v = byLabel.get(l);
      row.push(num(v?.score, 3));
      for (let c = 0; c < 4; c++) { const p = v?.corners[c]; row.push(num(p?.[0], 2), num(p?.[1], 2)); }
    }
    yield row.join(',') + '\n';
  }
}
