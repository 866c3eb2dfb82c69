/**
 * Phantom speed: stills per second at 1024×1024, rendering alone (one
 * thread) and written as PNG + annotations.json through the worker pool
 * (2 workers, as on a 2-core machine, and one per core), plus the live-frame
 * cost of a 720×720 video. Prints figures; never fails on them.
 *
 *   npm run bench -- phantom
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderStill } from '../server/phantom/still.js';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { videoFrames } from '../server/phantom/video.js';

const bin = fileURLToPath(new URL('../bin/sagitta.js', import.meta.url));
const cpuMs = (): number => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };

function renderAlone(n: number): void {
  const into = new Float32Array(1024 * 1024);
  for (let i = 0; i < 3; i++) renderStill({ seed: 90_000 + i, width: 1024, height: 1024, into });
  const w0 = performance.now(), c0 = cpuMs();
  for (let i = 0; i < n; i++) renderStill({ seed: i, width: 1024, height: 1024, into });
  const wall = (performance.now() - w0) / 1000, cpu = (cpuMs() - c0) / 1000;
  console.log(`render alone, 1 thread: ${(n / wall).toFixed(1)} stills/s wall, ${((cpu / n) * 1000).toFixed(0)} ms CPU per still (${(n / cpu).toFixed(1)} per CPU-second)`);
}

/**
 * Stills written per second through `sagitta phantom stills` (its worker
 * pool), run as its own process: worker threads started from this process
 * would inherit the `--import tsx` loader hooks of `npm run bench`, which stall them.
 */
function written(n: number, workers: number, hard: boolean): number {
  const out = mkdtempSync(join(tmpdir(), 'phantom-bench-'));
  try {
    const args = [bin, 'phantom', 'stills', '--out', out, '--n', String(n), '--seed', '2', '--workers', String(workers), ...(hard ? ['--hard'] : [])];
    const w0 = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    const rate = n / ((performance.now() - w0) / 1000);
    if (r.status !== 0) throw new Error(`sagitta phantom stills failed: ${r.stderr}`);
    console.log(`written (PNG 8-bit + annotations.json), ${workers} workers${hard ? ', --hard' : ''}: ${rate.toFixed(1)} stills/s (wall, whole command with start-up)`);
    return rate;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function video(seconds: number): void {
  const w0 = performance.now(), c0 = cpuMs();
  let live = 0, frames = 0;
  for (const f of videoFrames({ seconds, fps: 30, seed: 3, width: 720, height: 720 })) { frames++; if (!f.truth.held && (f.truth.shot ?? -1) >= 0) live++; }
  const wall = (performance.now() - w0) / 1000, cpu = cpuMs() - c0;
  console.log(`video 720x720, ${seconds} s default timeline at 30 fps: ${frames} frames, ${live} live, rendered in ${wall.toFixed(1)} s wall (${(cpu / live).toFixed(0)} ms CPU per live frame; ${(wall / seconds).toFixed(2)} s per video second, encoding not included)`);
}

console.log(`cores available: ${availableParallelism()}, load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
renderAlone(12);
const two = written(200, 2, false);
written(100, 2, true);
if (availableParallelism() > 2) written(400, availableParallelism(), false);
video(20);
console.log(`target ≥ 10 stills/s written on 2 cores: ${two >= 10 ? 'met' : 'not met'} here (${two.toFixed(1)}/s; figures depend on what else runs)`);
