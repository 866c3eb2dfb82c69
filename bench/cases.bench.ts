/**
 * Case recording cost: writes one hour of timeline at 30 fps (108 000 frames
 * of a phantom L1–S1 measurement: 6 vertebrae with corners, spreads and
 * scores, 8 angles with SDs) through the recorder as fast as it can, with a
 * batch transaction every 6 frames (200 ms at 30 fps), once per SQLite
 * synchronous level. Prints CPU per frame, % of one core at 30 fps (target
 * < 5 %) and the database size (target < 200 MB per hour, no snapshots).
 * Also the patient-data mask on a 1024² frame (paid per live frame when video
 * is recorded) and a snapshot (render on the worker, request cost on the monitor's thread).
 */
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCaseRecorder } from '../server/cases/index.js';
import { applyMask, DEFAULT_MASK } from '../server/cases/mask.js';
import { phantomFrame, phantomMeasurement } from '../server/cases/phantom.js';
import { renderSnapshotPng, snapshotMeasurement } from '../server/cases/snapshot.js';
import { SnapshotRenderer } from '../server/cases/snapshot-renderer.js';
import type { MeasurementMessage } from '../server/protocol/messages.js';

const FRAMES = Number(process.env.CASES_BENCH_FRAMES ?? 108_000);
const FPS = 30, BATCH = 6;

// One minute of distinct measurements, reused with new frame numbers and times (generation is not what we measure).
const pool: MeasurementMessage[] = Array.from({ length: 1800 }, (_, i) => phantomMeasurement(i * 7, 0));

async function run(sync: 'NORMAL' | 'FULL'): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cases-bench-'));
  const dataDir = join(dir, 'data');
  const rec = await createCaseRecorder({ dataDir, model: { name: 'bench', version: '1', sha256: '0'.repeat(64) }, video: false, synchronous: sync, flushIntervalMs: 3_600_000 });
  const t0 = Date.now();
  const cpu0 = process.cpuUsage(), wall0 = performance.now();
  for (let i = 0; i < FRAMES; i++) {
    const m = pool[i % pool.length]!;
    rec.onMeasurement({ ...m, frame: i, timeMs: t0 + Math.round((i * 1000) / FPS), shot: Math.floor(i / 900) });
    if (i % BATCH === BATCH - 1) rec.flush();
  }
  rec.flush();
  const cpu = process.cpuUsage(cpu0), wall = performance.now() - wall0;
  await rec.close();
  const file = join(dataDir, 'cases.sqlite');
  const size = statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
  const cpuUsPerFrame = (cpu.user + cpu.system) / FRAMES;
  const hours = FRAMES / FPS / 3600;
  console.log(`synchronous=${sync}: ${FRAMES} frames (${(hours * 60).toFixed(0)} min at ${FPS} fps) in ${(wall / 1000).toFixed(1)} s wall`);
  console.log(`  CPU ${cpuUsPerFrame.toFixed(1)} µs/frame (user ${(cpu.user / FRAMES).toFixed(1)}, sys ${(cpu.system / FRAMES).toFixed(1)}) → ${((cpuUsPerFrame * FPS) / 1e4).toFixed(2)} % of one core at ${FPS} fps (target < 5 %)`);
  console.log(`  wall ${((wall * 1000) / FRAMES).toFixed(1)} µs/frame → ${((wall * 1000 * FPS) / FRAMES / 1e4).toFixed(2)} % of real time (includes fsync waits)`);
  console.log(`  database ${(size / 1e6).toFixed(1)} MB → ${(size / 1e6 / hours).toFixed(1)} MB per hour (target < 200 MB), ${(size / FRAMES).toFixed(0)} bytes/frame`);
  rmSync(dir, { recursive: true, force: true });
}

function maskCost(): void {
  const img = { data: new Uint8Array(1024 * 1024).fill(120), width: 1024, height: 1024 };
  const n = 300;
  const ring = [0, 1, 2, 3].map(() => new Uint8Array(img.data.length)); // as the recorder does: reused buffers
  applyMask(img, DEFAULT_MASK, ring[0]);
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) applyMask(img, DEFAULT_MASK, ring[i % 4]);
  const c = process.cpuUsage(c0);
  const us = (c.user + c.system) / n;
  console.log(`mask (copy + blank outside the circle), 1024×1024: ${us.toFixed(0)} µs/frame → ${((us * FPS) / 1e4).toFixed(2)} % of one core at ${FPS} fps`);
}

async function snapshotCost(): Promise<void> {
  const W = 1024, H = 1024, n = 5;
  const frame = { data: phantomFrame(W, H, 1), width: W, height: H, frame: 0, timeMs: 0 };
  const m = snapshotMeasurement(phantomMeasurement(0, 0));
  renderSnapshotPng(frame, m);
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) renderSnapshotPng(frame, m);
  const c = process.cpuUsage(c0);
  console.log(`snapshot render + PNG, 1024×1024: ${((c.user + c.system) / n / 1000).toFixed(0)} ms CPU (on the snapshot worker thread, once per shot or request)`);
  const r = new SnapshotRenderer();
  await r.render(frame, m); // start the worker
  // Wall time of the synchronous part (copy + post); the minimum of 10 is the least disturbed by other load.
  let best = Infinity;
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    const job = r.render(frame, m);
    best = Math.min(best, performance.now() - t0);
    await job;
  }
  console.log(`  monitor-thread cost of a snapshot request (copy + post): ${best.toFixed(2)} ms (min of 10)`);
  await r.close();
}

await run('NORMAL');
await run('FULL');
maskCost();
await snapshotCost();
