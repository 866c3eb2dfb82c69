/**
 * Plan versus achieved, per angle and disc level: pre-op (standing baseline),
 * target, achieved (the last stable measurement, or the snapshot the surgeon
 * picked), delta to target and status.
 */
import { DISC_ANGLES, GLOBAL_ANGLES } from '../spec/labels.js';
import type { Target, TargetStatus } from '../protocol/messages.js';
import type { CaseDb } from './db.js';
import { decodeAngles } from './codec.js';
import { effectiveTargets, PRONE_NOTE, type Plan } from './plan.js';
import { caseTargets, snapshotData, type CaseInfo } from './store.js';

/** A measurement counts as stable when `STABLE_FRAMES` consecutive values stay within `STABLE_RANGE_DEG`. */
export const STABLE_FRAMES = 15;
export const STABLE_RANGE_DEG = 1.5;

export interface ComparisonRow {
  angle: string;
  preopDeg: number | null;
  target: { valueDeg: number; toleranceDeg: number; source?: string } | null;
  achievedDeg: number | null;
  /** When the achieved value was measured (ms since the epoch). */
  achievedMs: number | null;
  /** achieved − target value, degrees. */
  deltaDeg: number | null;
  status: TargetStatus | null;
  /** achieved − pre-op, degrees (the correction obtained). */
  changeDeg: number | null;
}

export interface Comparison {
  caseId: string;
  /** `stable` (last stable window of the timeline) or `snapshot`. */
  achievedFrom: 'stable' | 'snapshot';
  snapshotId: number | null;
  pelvicIncidenceDeg: number | null;
  rows: ComparisonRow[];
  note: string;
}

/**
 * Last stable value per angle: mean of the latest window of STABLE_FRAMES
 * consecutive measured frames whose range ≤ STABLE_RANGE_DEG. Scans backwards
 * from the end and stops once every angle seen has its window (usually within
 * the last seconds of a case instead of the whole hour).
 */
export function lastStable(db: CaseDb, rid: number): Record<string, { valueDeg: number; timeMs: number }> {
  const rings = new Map<string, { v: number[]; t: number[] }>();
  const out: Record<string, { valueDeg: number; timeMs: number }> = {};
  const stmt = db.prepare('SELECT time_ms, angles FROM frames WHERE case_rid = ? ORDER BY time_ms DESC, rowid DESC');
  for (const raw of stmt.iterate(rid)) {
    const r = raw as { time_ms: number; angles: string };
    for (const [name, a] of Object.entries(decodeAngles(r.angles))) {
      if (name in out) continue;
      let ring = rings.get(name);
      if (!ring) { ring = { v: [], t: [] }; rings.set(name, ring); }
      if (a.value === null) { ring.v.length = 0; ring.t.length = 0; continue; }
      ring.v.push(a.value); ring.t.push(r.time_ms);
      if (ring.v.length > STABLE_FRAMES) { ring.v.shift(); ring.t.shift(); }
      if (ring.v.length === STABLE_FRAMES && Math.max(...ring.v) - Math.min(...ring.v) <= STABLE_RANGE_DEG) {
        out[name] = { valueDeg: ring.v.reduce((x, y) => x + y, 0) / STABLE_FRAMES, timeMs: ring.t[0]! }; // the window's latest frame
      }
    }
    if (rings.size > 0 && [...rings.keys()].every((n) => n in out)) break;
  }
  return out;
}

function statusOf(value: number, t: Target): TargetStatus {
  return value < t.valueDeg - t.toleranceDeg ? 'below' : value > t.valueDeg + t.toleranceDeg ? 'above' : 'within';
}

const r2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Builds the comparison of a case. Targets: the case's last recorded target
 * list, else the plan's. `snapshotId` (or the case's chosen snapshot) replaces
 * the stable values as "achieved".
 */
export function compareCase(db: CaseDb, c: CaseInfo, plan: Plan | undefined, snapshotId?: number | null): Comparison {
  const changes = caseTargets(db, c.rid);
  const targets: Target[] = changes.length ? changes[changes.length - 1]!.targets : plan ? effectiveTargets(plan) : [];
  const sid = snapshotId ?? c.achievedSnapshot;
  const snap = sid != null ? snapshotData(db, c.rid, sid) : undefined;
  const achieved: Record<string, { valueDeg: number; timeMs: number }> = {};
  if (snap) {
    for (const [name, a] of Object.entries(snap.measurement.angles)) if (a.value !== null) achieved[name] = { valueDeg: a.value, timeMs: snap.record.timeMs };
  } else Object.assign(achieved, lastStable(db, c.rid));
  const preop = plan?.preop?.angles ?? {};
  const names = [...GLOBAL_ANGLES, ...DISC_ANGLES].filter((n) => (GLOBAL_ANGLES as readonly string[]).includes(n) || n in preop || n in achieved || targets.some((t) => t.angle === n));
  const rows = names.map((angle): ComparisonRow => {
    const t = targets.find((x) => x.angle === angle);
    const a = achieved[angle];
    const p = preop[angle];
    const row: ComparisonRow = {
      angle,
      preopDeg: p !== undefined ? r2(p) : null,
      target: t ? { valueDeg: t.valueDeg, toleranceDeg: t.toleranceDeg, ...(t.source ? { source: t.source } : {}) } : null,
      achievedDeg: a ? r2(a.valueDeg) : null,
      achievedMs: a ? a.timeMs : null,
      deltaDeg: a && t ? r2(a.valueDeg - t.valueDeg) : null,
      status: a && t ? statusOf(a.valueDeg, t) : null,
      changeDeg: a && p !== undefined ? r2(a.valueDeg - p) : null,
    };
    return row;
  });
  return {
    caseId: c.id, achievedFrom: snap ? 'snapshot' : 'stable', snapshotId: snap ? snap.record.id : null,
    pelvicIncidenceDeg: plan?.pelvicIncidenceDeg ?? null, rows, note: PRONE_NOTE,
  };
}
