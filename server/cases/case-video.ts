/**
 * The video part of a recording: one MP4 per fluoroscopy shot under
 * `<dataDir>/video/<caseId>/`, a `videos` row per file (start, end, the time
 * of every frame, keyframe times read back from the MP4). A shot's file is
 * closed at the next shot, after `idleMs` without live frames (a held image),
 * or when recording stops.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameInfo } from '../monitor/sink.js';
import type { CaseDb } from './db.js';
import { keyframeTimes, mp4Index } from './hls.js';
import { ShotVideo } from './video.js';

/**
 * Videos left open by a crash of the monitor: ffmpeg runs in its own process
 * group, sees its input close and still finishes the MP4, so such a file is
 * usually complete. Its frame times (kept in memory) are lost: they are
 * rebuilt at the nominal rate from the start time. Unreadable files are marked
 * unplayable (keyframes NULL).
 */
function recoverOpenVideos(db: CaseDb, dataDir: string, final: boolean): number {
  const open = db.prepare('SELECT id, file, start_ms, fps FROM videos WHERE end_ms IS NULL').all() as { id: number; file: string; start_ms: number; fps: number }[];
  let waiting = 0;
  for (const v of open) {
    let times: number[] = [], keyframes: number[] | null = null;
    try {
      const idx = mp4Index(join(dataDir, v.file));
      keyframes = idx.keyframes;
      times = Array.from({ length: idx.frames }, (_, i) => Math.round(v.start_ms + (i * 1000) / v.fps));
    } catch {
      if (!final) { waiting++; continue; } // ffmpeg may still be finishing the file
    }
    db.prepare('UPDATE videos SET end_ms = ?, times = ?, keyframes = ? WHERE id = ?')
      .run(times[times.length - 1] ?? v.start_ms, JSON.stringify(times), keyframes ? JSON.stringify(keyframes) : null, v.id);
  }
  return waiting;
}

interface Open { video: ShotVideo; rowId: number; shot: number; caseRid: number }

export class CaseVideo {
  #open: Open | undefined;
  #idle: NodeJS.Timeout | undefined;
  #closing: Promise<void> = Promise.resolve();
  error: string | undefined;

  constructor(private readonly db: CaseDb, private readonly dataDir: string, private readonly fps: number,
    private readonly onError: (e: string) => void, private readonly idleMs = 2000) {
    // Files of a crashed run: index them now, or retry (ffmpeg may still be writing) for up to ~10 s.
    let tries = 0;
    const retry = (): void => {
      try {
        if (recoverOpenVideos(db, dataDir, ++tries >= 5) > 0) setTimeout(retry, 2000).unref();
      } catch { /* database closed meanwhile */ }
    };
    retry();
  }

  /** Writes one masked live frame (the buffer is handed over: not modified afterwards). */
  write(caseRid: number, caseId: string, data: Uint8Array, width: number, height: number, info: FrameInfo): void {
    const o = this.#open;
    if (!o || info.newShot || o.shot !== info.shot || o.caseRid !== caseRid || o.video.info.width !== width || o.video.info.height !== height) {
      void this.stop();
      const dir = join(this.dataDir, 'video', caseId);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const name = `shot-${info.shot}-${info.timeMs}.mp4`;
      const video = new ShotVideo(join(dir, name), width, height, this.fps);
      const r = this.db.prepare('INSERT INTO videos (case_rid, shot, file, start_ms, width, height, fps) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(caseRid, info.shot, join('video', caseId, name), info.timeMs, width, height, this.fps);
      this.#open = { video, rowId: Number(r.lastInsertRowid), shot: info.shot, caseRid };
    }
    this.#open!.video.write(data, info.timeMs);
    if (this.#idle) this.#idle.refresh();
    else this.#idle = setTimeout(() => { void this.stop(); }, this.idleMs).unref();
  }

  /** Closes the open shot file (if any) and records its index. Resolves when all closes are done. */
  stop(): Promise<void> {
    const o = this.#open;
    this.#open = undefined;
    if (this.#idle) { clearTimeout(this.#idle); this.#idle = undefined; }
    if (!o) return this.#closing;
    this.#closing = this.#closing.then(async () => {
      const err = await o.video.close();
      const info = o.video.info;
      let keyframes: number[] | null = null;
      if (err) { this.error = `video recording failed: ${err}`; this.onError(this.error); }
      else {
        try { keyframes = keyframeTimes(info.file); this.error = undefined; } catch (e) { this.error = `video index failed: ${(e as Error).message}`; }
      }
      try {
        this.db.prepare('UPDATE videos SET end_ms = ?, times = ?, keyframes = ? WHERE id = ?')
          .run(info.times[info.times.length - 1] ?? null, JSON.stringify(info.times), keyframes ? JSON.stringify(keyframes) : null, o.rowId);
      } catch (e) { this.error = `video index not saved: ${(e as Error).message}`; }
    });
    return this.#closing;
  }
}
