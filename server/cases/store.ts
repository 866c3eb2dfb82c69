/**
 * Read side of the case database, shared by the HTTP routes and the exports.
 * Each function takes a connection (the recorder's, or a read-only one of
 * its own for heavy reads, which WAL lets run beside the writer).
 */
import type { Target } from '../protocol/messages.js';
import type { CaseDb } from './db.js';
import { decodeAngles, decodeVertebrae, type StoredAngle } from './codec.js';
import type { VertebraWire } from '../protocol/messages.js';
import type { SnapshotMeasurement } from './snapshot.js';

export interface CaseSummary {
  id: string;
  label: string;
  startedMs: number;
  endedMs: number | null;
  lastMs: number;
  frames: number;
  snapshots: number;
}

export interface CaseInfo extends CaseSummary {
  rid: number;
  calibration: string | null;
  model: { name: string; version: string; sha256: string };
  softwareVersion: string;
  mask: unknown;
  planId: number | null;
  achievedSnapshot: number | null;
}

export interface EventRecord { timeMs: number; kind: string; note: string | null }
export interface TargetChange { timeMs: number; targets: Target[] }
export interface SnapshotRecord { id: number; timeMs: number; frame: number; shot: number; reason: string; width: number; height: number }
export interface VideoRecord { id: number; shot: number; file: string; startMs: number; endMs: number | null; width: number; height: number; fps: number; times: number[]; keyframes: number[] | null }

/** One stored frame, decoded. */
export interface FrameRecord {
  timeMs: number;
  frame: number;
  shot: number;
  width: number;
  height: number;
  angles: Record<string, StoredAngle>;
  vertebrae: VertebraWire[];
}

interface CaseRow {
  rid: number; id: string; label: string; started_ms: number; ended_ms: number | null; last_ms: number; calibration: string | null;
  model_name: string; model_version: string; model_sha256: string; software_version: string; mask: string; plan_id: number | null; achieved_snapshot: number | null;
}

const COUNTS = '(SELECT count(*) FROM frames f WHERE f.case_rid = c.rid) AS frames, (SELECT count(*) FROM snapshots s WHERE s.case_rid = c.rid) AS snapshots';

/** All cases, newest first. */
export function listCases(db: CaseDb): CaseSummary[] {
  const rows = db.prepare(`SELECT c.*, ${COUNTS} FROM cases c ORDER BY started_ms DESC`).all() as (CaseRow & { frames: number; snapshots: number })[];
  return rows.map((r) => ({ id: r.id, label: r.label, startedMs: r.started_ms, endedMs: r.ended_ms, lastMs: r.last_ms, frames: r.frames, snapshots: r.snapshots }));
}

/** A case by id, or undefined. */
export function getCase(db: CaseDb, id: string): CaseInfo | undefined {
  const r = db.prepare(`SELECT c.*, ${COUNTS} FROM cases c WHERE id = ?`).get(id) as (CaseRow & { frames: number; snapshots: number }) | undefined;
  if (!r) return undefined;
  return {
    rid: r.rid, id: r.id, label: r.label, startedMs: r.started_ms, endedMs: r.ended_ms, lastMs: r.last_ms, frames: r.frames, snapshots: r.snapshots,
    calibration: r.calibration, model: { name: r.model_name, version: r.model_version, sha256: r.model_sha256 }, softwareVersion: r.software_version,
    mask: JSON.parse(r.mask) as unknown, planId: r.plan_id, achievedSnapshot: r.achieved_snapshot,
  };
}

/** Like getCase, but throws an Error naming the id when there is no such case. */
export function requireCase(db: CaseDb, id: string): CaseInfo {
  const c = getCase(db, id);
  if (!c) throw new Error(`no case "${id}" in this data folder`);
  return c;
}

export function caseEvents(db: CaseDb, rid: number): EventRecord[] {
  return (db.prepare('SELECT time_ms, kind, note FROM events WHERE case_rid = ? ORDER BY time_ms, id').all(rid) as { time_ms: number; kind: string; note: string | null }[])
    .map((r) => ({ timeMs: r.time_ms, kind: r.kind, note: r.note }));
}

export function caseTargets(db: CaseDb, rid: number): TargetChange[] {
  return (db.prepare('SELECT time_ms, json FROM targets WHERE case_rid = ? ORDER BY time_ms, id').all(rid) as { time_ms: number; json: string }[])
    .map((r) => ({ timeMs: r.time_ms, targets: JSON.parse(r.json) as Target[] }));
}

export function caseSnapshots(db: CaseDb, rid: number): SnapshotRecord[] {
  return (db.prepare('SELECT id, time_ms, frame, shot, reason, width, height FROM snapshots WHERE case_rid = ? ORDER BY time_ms, id').all(rid) as
    { id: number; time_ms: number; frame: number; shot: number; reason: string; width: number; height: number }[])
    .map((r) => ({ id: r.id, timeMs: r.time_ms, frame: r.frame, shot: r.shot, reason: r.reason, width: r.width, height: r.height }));
}

/** A snapshot's PNG and measurement, or undefined. */
export function snapshotData(db: CaseDb, rid: number, id: number): { png: Buffer; measurement: SnapshotMeasurement; record: SnapshotRecord } | undefined {
  const r = db.prepare('SELECT id, time_ms, frame, shot, reason, width, height, measurement, png FROM snapshots WHERE case_rid = ? AND id = ?').get(rid, id) as
    { id: number; time_ms: number; frame: number; shot: number; reason: string; width: number; height: number; measurement: string; png: Buffer } | undefined;
  if (!r) return undefined;
  return { png: r.png, measurement: JSON.parse(r.measurement) as SnapshotMeasurement, record: { id: r.id, timeMs: r.time_ms, frame: r.frame, shot: r.shot, reason: r.reason, width: r.width, height: r.height } };
}

export function caseVideos(db: CaseDb, rid: number): VideoRecord[] {
  return (db.prepare('SELECT * FROM videos WHERE case_rid = ? ORDER BY start_ms').all(rid) as
    { id: number; shot: number; file: string; start_ms: number; end_ms: number | null; width: number; height: number; fps: number; times: string; keyframes: string | null }[])
    .map((r) => ({ id: r.id, shot: r.shot, file: r.file, startMs: r.start_ms, endMs: r.end_ms, width: r.width, height: r.height, fps: r.fps,
      times: JSON.parse(r.times) as number[], keyframes: r.keyframes ? (JSON.parse(r.keyframes) as number[]) : null }));
}

interface RawFrame { time_ms: number; frame: number; shot: number; width: number; height: number; angles: string; verts: Buffer }

function decodeFrame(r: RawFrame): FrameRecord {
  return { timeMs: r.time_ms, frame: r.frame, shot: r.shot, width: r.width, height: r.height, angles: decodeAngles(r.angles), vertebrae: decodeVertebrae(r.verts) };
}

/** Iterates the frames of a case in time order (streamed: constant memory). */
export function* iterateFrames(db: CaseDb, rid: number, fromMs = -Infinity, toMs = Infinity): Generator<FrameRecord> {
  const stmt = db.prepare('SELECT time_ms, frame, shot, width, height, angles, verts FROM frames WHERE case_rid = ? AND time_ms >= ? AND time_ms <= ? ORDER BY time_ms, rowid');
  for (const r of stmt.iterate(rid, Number.isFinite(fromMs) ? fromMs : -1e15, Number.isFinite(toMs) ? toMs : 1e15)) yield decodeFrame(r as RawFrame);
}

/** The stored frame nearest to `timeMs`, or undefined for an empty case. */
export function frameAt(db: CaseDb, rid: number, timeMs: number): FrameRecord | undefined {
  const q = 'SELECT time_ms, frame, shot, width, height, angles, verts FROM frames WHERE case_rid = ? AND time_ms';
  const before = db.prepare(`${q} <= ? ORDER BY time_ms DESC LIMIT 1`).get(rid, timeMs) as RawFrame | undefined;
  const after = db.prepare(`${q} > ? ORDER BY time_ms LIMIT 1`).get(rid, timeMs) as RawFrame | undefined;
  const pick = !before ? after : !after ? before : timeMs - before.time_ms <= after.time_ms - timeMs ? before : after;
  return pick ? decodeFrame(pick) : undefined;
}

/** Columnar timeline (uPlot layout): times in ms and, per angle, values (null when unmeasured). At most `maxPoints` (evenly thinned). */
export function timeline(db: CaseDb, rid: number, maxPoints = 5000): { t: number[]; frame: number[]; shot: number[]; angles: Record<string, (number | null)[]> } {
  const total = (db.prepare('SELECT count(*) AS n FROM frames WHERE case_rid = ?').get(rid) as { n: number }).n;
  const step = Math.max(1, Math.ceil(total / maxPoints));
  const t: number[] = [], frame: number[] = [], shot: number[] = [];
  const angles: Record<string, (number | null)[]> = {};
  // Thinning in SQL (every step-th row of the case), so skipped rows never reach JavaScript.
  const stmt = db.prepare(`SELECT time_ms, frame, shot, angles FROM (SELECT time_ms, frame, shot, angles, row_number() OVER (ORDER BY time_ms, rowid) - 1 AS k
    FROM frames WHERE case_rid = ?) WHERE k % ? = 0 ORDER BY time_ms`);
  for (const raw of stmt.iterate(rid, step)) {
    const r = raw as { time_ms: number; frame: number; shot: number; angles: string };
    const n = t.length;
    t.push(r.time_ms); frame.push(r.frame); shot.push(r.shot);
    for (const [name, a] of Object.entries(decodeAngles(r.angles))) {
      const col = (angles[name] ??= new Array<number | null>(n).fill(null));
      col.push(a.value);
    }
    for (const col of Object.values(angles)) if (col.length < t.length) col.push(null);
  }
  return { t, frame, shot, angles };
}
