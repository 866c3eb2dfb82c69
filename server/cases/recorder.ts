/**
 * The case recorder: a MonitorSink that queues every measurement, event,
 * target change and snapshot of the open case and writes them to SQLite in
 * one transaction every `flushIntervalMs` (default 200 ms), so a kill -9
 * loses at most the last ~0.2 s. It never throws into the monitor: write
 * failures keep rows in memory (up to a cap) and show in `status().error`.
 */
import type { FrameInfo, RecorderStatus } from '../monitor/sink.js';
import type { GrayFrame } from '../image/types.js';
import type { MeasurementMessage, Target } from '../protocol/messages.js';
import { ensurePrivateDir, openCaseDb, type CaseDb } from './db.js';
import { readFolderSettings } from './settings.js';
import { newCaseId, type CaseRecorder, type CaseRecorderOptions } from './recorder-types.js';
import { encodeAngles, encodeVertebrae } from './codec.js';
import { applyMask, DEFAULT_MASK, type MaskConfig } from './mask.js';

export { newCaseId, type CaseRecorder, type CaseRecorderOptions } from './recorder-types.js';
import { BatchWriter, describeWriteError, emptyRows, pendingCount, type PendingRows } from './writer.js';
import { snapshotMeasurement, type KeptFrame } from './snapshot.js';
import { SnapshotRenderer } from './snapshot-renderer.js';
import { deleteOldCases } from './retention.js';
import { softwareVersion } from './version.js';
import { CaseVideo } from './case-video.js';
import { PlanStore } from './plan-store.js';

class Recorder implements CaseRecorder {
  readonly dataDir: string;
  readonly db: CaseDb;
  readonly mask: MaskConfig;
  readonly plans: PlanStore;
  readonly #o: CaseRecorderOptions;
  readonly #writer: BatchWriter;
  #rows: PendingRows = emptyRows();
  #caseRid: number | undefined;
  #caseId: string | undefined;
  #active = false;
  #error: string | undefined;
  #dropped = 0;
  #targets: Target[] = [];
  #lastM: MeasurementMessage | undefined;
  #lastFrame: KeptFrame | undefined;
  #shotSnapshotFrom: number | undefined;
  #video: CaseVideo | undefined;
  readonly #renderer = new SnapshotRenderer();
  readonly #inFlight = new Set<Promise<void>>();
  /**
   * Masked-frame buffers, reused in turn: a fresh 1 MB allocation per frame costs
   * ~0.8 ms, a copy into a reused one ~35 µs. At most one buffer is in flight to
   * ffmpeg (frames are dropped while its pipe is full) plus the kept last frame.
   */
  readonly #ring: Uint8Array[] = [];
  #ringAt = 0;
  readonly #timers: NodeJS.Timeout[] = [];
  #closed = false;

  constructor(o: CaseRecorderOptions, db: CaseDb) {
    this.#o = o;
    this.dataDir = o.dataDir;
    this.db = db;
    this.mask = o.mask ?? DEFAULT_MASK;
    this.#writer = new BatchWriter(db, o.faultInjector);
    this.plans = new PlanStore(db);
    this.#timers.push(setInterval(() => this.flush(), o.flushIntervalMs ?? 200).unref());
    if (o.retentionDays !== undefined) this.#timers.push(setInterval(() => this.#retention(), 3_600_000).unref());
  }

  init(): void {
    if (this.#o.retentionDays !== undefined) this.#retention();
    const open = this.db.prepare('SELECT rid, id, last_ms FROM cases WHERE ended_ms IS NULL ORDER BY started_ms DESC').all() as { rid: number; id: string; last_ms: number }[];
    const within = this.#o.resumeWithinMs ?? 12 * 3_600_000;
    const resume = open[0] && within > 0 && Date.now() - open[0].last_ms < within ? open.shift() : undefined;
    for (const c of open) this.db.prepare('UPDATE cases SET ended_ms = last_ms WHERE rid = ?').run(c.rid);
    if (resume) {
      this.#caseRid = resume.rid; this.#caseId = resume.id; this.#active = true;
      this.#queueEvent(Date.now(), 'resumed', 'recording continued after an unclean stop');
    } else if (this.#o.autoStart !== false) this.startCase(this.#o.label);
    if (this.#o.video !== false) this.#video = new CaseVideo(this.db, this.dataDir, this.#o.videoFps ?? 30, (e) => { this.#error = e; });
  }

  #retention(): void {
    try { deleteOldCases(this.db, this.dataDir, this.#o.retentionDays!, Date.now(), this.#caseRid); } catch (err) { this.#error = describeWriteError(err); }
  }

  startCase(label = ''): string {
    if (this.#caseRid !== undefined) this.endCase();
    const now = Date.now();
    const id = newCaseId(now);
    const m = this.#o.model;
    const planId = this.plans.latestId() ?? null;
    const r = this.db.prepare(`INSERT INTO cases (id, label, started_ms, last_ms, calibration, model_name, model_version, model_sha256, software_version, mask, plan_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(id, label, now, now, this.#o.calibration ?? null, m.name, m.version, m.sha256, softwareVersion(), JSON.stringify(this.mask), planId);
    this.#caseRid = Number(r.lastInsertRowid); this.#caseId = id; this.#active = true;
    this.#queueEvent(now, 'case-start');
    if (this.#targets.length) this.#rows.targets.push({ caseRid: this.#caseRid, timeMs: now, json: JSON.stringify(this.#targets) });
    return id;
  }

  endCase(): void {
    if (this.#caseRid === undefined) return;
    const rid = this.#caseRid, now = Date.now();
    this.#queueEvent(now, 'case-end');
    void this.#video?.stop();
    this.flush();
    try { this.db.prepare('UPDATE cases SET ended_ms = ?, last_ms = max(last_ms, ?) WHERE rid = ?').run(now, now, rid); } catch (err) { this.#error = describeWriteError(err); }
    this.#caseRid = undefined; this.#caseId = undefined; this.#active = false;
    this.#lastM = undefined; this.#lastFrame = undefined;
  }

  currentCaseId(): string | undefined { return this.#caseId; }
  currentTargets(): Target[] { return this.#targets.map((t) => ({ ...t })); }

  #touch(timeMs: number): void {
    const rid = this.#caseRid!;
    this.#rows.lastMs.set(rid, Math.max(this.#rows.lastMs.get(rid) ?? 0, timeMs));
  }

  #queueEvent(timeMs: number, kind: string, note?: string): void {
    if (this.#caseRid === undefined) return;
    this.#rows.events.push({ caseRid: this.#caseRid, timeMs, kind, note: note ?? null });
    this.#touch(timeMs);
  }

  onMeasurement(m: MeasurementMessage): void {
    try {
      if (!this.#active || this.#caseRid === undefined) return;
      this.#lastM = m;
      this.#rows.frames.push({ caseRid: this.#caseRid, timeMs: m.timeMs, frame: m.frame, shot: m.shot, width: m.width, height: m.height, angles: encodeAngles(m.angles), verts: encodeVertebrae(m.vertebrae) });
      this.#touch(m.timeMs);
      if (this.#shotSnapshotFrom !== undefined && m.frame >= this.#shotSnapshotFrom) {
        this.#shotSnapshotFrom = undefined;
        this.#snapshot('shot');
      }
      if (this.#rows.frames.length >= 300) this.flush();
    } catch (err) { this.#error = `recording failed: ${(err as Error).message}`; }
  }

  onFrame(frame: GrayFrame, info: FrameInfo): void {
    try {
      if (!this.#active || this.#caseRid === undefined || info.held) return;
      const n = frame.width * frame.height;
      let buf = this.#ring[this.#ringAt];
      if (!buf || buf.length !== n) buf = this.#ring[this.#ringAt] = new Uint8Array(n);
      this.#ringAt = (this.#ringAt + 1) % 4;
      const data = applyMask(frame, this.mask, buf);
      this.#lastFrame = { data, width: frame.width, height: frame.height, frame: info.frame, timeMs: info.timeMs };
      if (info.newShot) this.#shotSnapshotFrom = info.frame;
      this.#video?.write(this.#caseRid, this.#caseId!, data, frame.width, frame.height, info);
    } catch (err) { this.#error = `recording failed: ${(err as Error).message}`; }
  }

  onEvent(e: { timeMs: number; kind: string; note?: string }): void {
    if (this.#active) this.#queueEvent(e.timeMs, e.kind, e.note);
  }

  addNote(note: string, timeMs = Date.now()): void {
    this.#queueEvent(timeMs, 'note', note);
  }

  onTargets(targets: Target[]): void {
    this.#targets = targets.map((t) => ({ ...t }));
    if (this.#active && this.#caseRid !== undefined) {
      const now = Date.now();
      this.#rows.targets.push({ caseRid: this.#caseRid, timeMs: now, json: JSON.stringify(this.#targets) });
      this.#touch(now);
    }
  }

  onSnapshot(): void {
    if (this.#active) this.#snapshot('manual');
  }

  /** Queues a snapshot of the kept frame with the last measurement's overlay; rendered on a worker thread. */
  #snapshot(reason: 'manual' | 'shot'): void {
    const frame = this.#lastFrame, m = this.#lastM, rid = this.#caseRid;
    if (!frame || !m || rid === undefined) return;
    const sm = snapshotMeasurement(m);
    const job = this.#renderer.render(frame, sm).then((png) => {
      this.#rows.snapshots.push({ caseRid: rid, timeMs: m.timeMs, frame: m.frame, shot: m.shot, reason, width: frame.width, height: frame.height, measurement: JSON.stringify(sm), png });
    }, (err: Error) => { this.#error = `snapshot failed: ${err.message}`; });
    this.#inFlight.add(job);
    void job.finally(() => this.#inFlight.delete(job));
  }

  async idle(): Promise<void> {
    while (this.#inFlight.size) await Promise.all([...this.#inFlight]);
    this.flush();
  }

  setRecording(active: boolean): void {
    if (active === this.#active) return;
    if (active && this.#caseRid === undefined) { this.startCase(this.#o.label); return; }
    this.#queueEvent(Date.now(), active ? 'recording-resumed' : 'recording-paused');
    this.#active = active;
    if (!active) void this.#video?.stop();
  }

  status(): RecorderStatus {
    const s: RecorderStatus = { active: this.#active };
    if (this.#caseId) s.caseId = this.#caseId;
    const err = this.#error ?? this.#video?.error;
    if (err) s.error = this.#dropped ? `${err} (${this.#dropped} rows dropped)` : err;
    return s;
  }

  flush(): boolean {
    if (pendingCount(this.#rows) === 0) return true;
    try {
      this.#writer.write(this.#rows);
      this.#rows = emptyRows();
      this.#error = undefined;
      return true;
    } catch (err) {
      this.#error = describeWriteError(err);
      const cap = this.#o.maxQueuedRows ?? 54_000;
      const over = this.#rows.frames.length - cap;
      if (over > 0) { this.#rows.frames.splice(0, over); this.#dropped += over; }
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const t of this.#timers) clearInterval(t);
    try {
      await this.idle(); // let pending snapshots land
      await this.#renderer.close();
      await this.#video?.stop();
      this.endCase();
      this.flush();
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch { /* reported through status while open; nothing more to do */ }
    try { this.db.close(); } catch { /* already closed */ }
  }
}

/**
 * Opens the data folder and returns a recorder. Settings not given here are
 * read from `<dataDir>/cases-settings.json` when present (settings.ts). A case is started at once
 * (or the last one continued after a crash) unless `autoStart` is false.
 * Rejects with an Error naming the folder when the database cannot be opened.
 */
export async function createCaseRecorder(options: CaseRecorderOptions): Promise<CaseRecorder> {
  ensurePrivateDir(options.dataDir);
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as unknown as CaseRecorderOptions;
  const opts: CaseRecorderOptions = { ...readFolderSettings(options.dataDir), ...given };
  const db = openCaseDb(opts.dataDir, opts.synchronous ? { synchronous: opts.synchronous } : {});
  const r = new Recorder(opts, db);
  r.init();
  return r;
}
