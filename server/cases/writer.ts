/**
 * Batched writes: rows are queued in memory by the recorder and written in
 * one transaction per flush. A failing flush (disk full, read-only folder,
 * injected fault) keeps the rows queued, up to a cap, and reports why.
 */
import type { CaseDb } from './db.js';

export interface FrameRow { caseRid: number; timeMs: number; frame: number; shot: number; width: number; height: number; angles: string; verts: Buffer }
export interface EventRow { caseRid: number; timeMs: number; kind: string; note: string | null }
export interface TargetRow { caseRid: number; timeMs: number; json: string }
export interface SnapshotRow { caseRid: number; timeMs: number; frame: number; shot: number; reason: string; width: number; height: number; measurement: string; png: Buffer }

export interface PendingRows {
  frames: FrameRow[];
  events: EventRow[];
  targets: TargetRow[];
  snapshots: SnapshotRow[];
  /** Latest time seen per case (cases.last_ms). */
  lastMs: Map<number, number>;
}

export function emptyRows(): PendingRows {
  return { frames: [], events: [], targets: [], snapshots: [], lastMs: new Map() };
}

export function pendingCount(p: PendingRows): number {
  return p.frames.length + p.events.length + p.targets.length + p.snapshots.length;
}

/** Turns an SQLite error into the short text shown on the dashboard. */
export function describeWriteError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const code = e.code ?? '';
  if (code === 'SQLITE_FULL') return 'disk full: recording held in memory';
  if (code.startsWith('SQLITE_READONLY')) return 'data folder is read-only: recording held in memory';
  if (code.startsWith('SQLITE_IOERR')) return `write error (${code}): recording held in memory`;
  if (code.startsWith('SQLITE_BUSY')) return 'database busy: recording held in memory';
  return `recording failed: ${e.message ?? String(err)}`;
}

/** Prepared statements and the flush transaction. */
export class BatchWriter {
  readonly #insertFrame;
  readonly #insertEvent;
  readonly #insertTarget;
  readonly #insertSnapshot;
  readonly #touchCase;
  readonly #tx;

  constructor(db: CaseDb, fault?: () => void) {
    this.#insertFrame = db.prepare('INSERT INTO frames (case_rid, time_ms, frame, shot, width, height, angles, verts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.#insertEvent = db.prepare('INSERT INTO events (case_rid, time_ms, kind, note) VALUES (?, ?, ?, ?)');
    this.#insertTarget = db.prepare('INSERT INTO targets (case_rid, time_ms, json) VALUES (?, ?, ?)');
    this.#insertSnapshot = db.prepare('INSERT INTO snapshots (case_rid, time_ms, frame, shot, reason, width, height, measurement, png) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.#touchCase = db.prepare('UPDATE cases SET last_ms = max(last_ms, ?) WHERE rid = ?');
    this.#tx = db.transaction((p: PendingRows) => {
      fault?.();
      for (const r of p.frames) this.#insertFrame.run(r.caseRid, r.timeMs, r.frame, r.shot, r.width, r.height, r.angles, r.verts);
      for (const r of p.events) this.#insertEvent.run(r.caseRid, r.timeMs, r.kind, r.note);
      for (const r of p.targets) this.#insertTarget.run(r.caseRid, r.timeMs, r.json);
      for (const r of p.snapshots) this.#insertSnapshot.run(r.caseRid, r.timeMs, r.frame, r.shot, r.reason, r.width, r.height, r.measurement, r.png);
      for (const [rid, ms] of p.lastMs) this.#touchCase.run(ms, rid);
    });
  }

  /** Writes all rows in one transaction; throws (rows untouched) on failure. */
  write(p: PendingRows): void {
    this.#tx.immediate(p);
  }
}
