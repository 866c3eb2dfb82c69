/**
 * Writes a phantom dataset: N stills as PNG plus `annotations.json` in the
 * spec's format, rendered across worker threads (one per core by default).
 * Image i uses seed hash(seed, i), so the bytes do not depend on the number
 * of workers.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DATASET_FORMAT, type Dataset, type ImageAnnotation } from '../spec/dataset.js';
import { writeStill, type StillsJob } from './stills-job.js';

export interface StillsOptions {
  out: string;
  n: number;
  seed: number;
  width?: number;
  height?: number;
  bits?: 8 | 16;
  hard?: boolean;
  /** Implants and instruments in every image (the look stays normal unless `hard`). */
  metal?: boolean;
  overlay?: boolean;
  /** Worker threads (default: available cores, at most n); 0 renders on this thread. */
  workers?: number;
  /** Called after each image is written. */
  onProgress?: (done: number, total: number) => void;
}

/** JSON with one line per point: indented objects, `[x, y]` pairs inline. */
export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 1).replace(/\[\s+(-?[\d.e+-]+),\s+(-?[\d.e+-]+)\s+\]/g, '[$1, $2]') + '\n';
}

/** Makes sure `dir` exists and is writable; throws an Error naming it otherwise. */
export function prepareOutDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw new Error(`cannot write to output folder "${dir}": ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

let bundled: string | null = null;

/**
 * The worker's code as one CommonJS file (bundled by esbuild, which tsx
 * already brings), written once per process to the temp folder. A worker
 * that loads TypeScript through tsx's loader hooks instead can stall.
 */
function workerScript(): string {
  if (bundled && existsSync(bundled)) return bundled;
  const require = createRequire(import.meta.url);
  const esbuild = require('esbuild') as typeof import('esbuild');
  const entry = fileURLToPath(new URL('./stills-worker.ts', import.meta.url));
  const out = esbuild.buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'silent' });
  const code = out.outputFiles[0]!.contents;
  const file = join(tmpdir(), `sagitta-phantom-worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.cjs`);
  if (!existsSync(file)) {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, code);
    renameSync(tmp, file);
  }
  bundled = file;
  return file;
}

/** Starts a worker thread for `job`. */
function startWorker(job: StillsJob): Worker {
  return new Worker(workerScript(), { workerData: job, execArgv: [] });
}

/** Writes the dataset; resolves to its annotations (also written as annotations.json). */
export async function writeStills(o: StillsOptions): Promise<Dataset> {
  if (!Number.isInteger(o.n) || o.n < 1) throw new RangeError(`number of images must be an integer of at least 1, got ${o.n}`);
  prepareOutDir(o.out);
  const job: StillsJob = {
    out: o.out, seed: o.seed, width: o.width ?? 1024, height: o.height ?? 1024, bits: o.bits ?? 8,
    hard: o.hard ?? false, metal: o.metal ?? false, overlay: o.overlay ?? false, digits: Math.max(5, String(o.n - 1).length),
  };
  const images: ImageAnnotation[] = new Array(o.n);
  let workers = Math.min(o.n, o.workers ?? availableParallelism());
  // Without esbuild (it comes with tsx) the worker cannot be bundled: render on this thread.
  if (workers > 0) { try { workerScript(); } catch { workers = 0; } }
  let done = 0;
  if (workers <= 0) {
    for (let i = 0; i < o.n; i++) { images[i] = writeStill(job, i); o.onProgress?.(++done, o.n); }
  } else {
    await new Promise<void>((resolve, reject) => {
      let next = 0, failed = false;
      const pool = Array.from({ length: workers }, () => startWorker(job));
      const stopAll = (): void => { for (const w of pool) void w.terminate(); };
      for (const w of pool) {
        let busy = false;
        const feed = (): void => { if (next < o.n) { busy = true; w.postMessage({ index: next++ }); } };
        w.on('message', (m: { index: number; annotation?: ImageAnnotation; error?: string }) => {
          if (m.error !== undefined) { failed = true; stopAll(); reject(new Error(`image ${m.index}: ${m.error}`)); return; }
          busy = false;
          images[m.index] = m.annotation!;
          o.onProgress?.(++done, o.n);
          if (done === o.n) { stopAll(); resolve(); return; }
          feed();
        });
        w.on('error', (err) => { if (!failed) { failed = true; stopAll(); reject(err); } });
        w.on('exit', (code) => {
          if (busy && !failed) { failed = true; stopAll(); reject(new Error(`a phantom worker stopped (exit code ${code}) with an image in hand, after ${done} of ${o.n} images`)); }
        });
        feed();
      }
    });
  }
  const dataset: Dataset = {
    format: DATASET_FORMAT,
    generator: { name: 'sagitta phantom stills', seed: o.seed, n: o.n, width: job.width, height: job.height, bits: job.bits, hard: job.hard, ...(job.metal ? { metal: true } : {}) },
    images,
  };
  writeFileSync(join(o.out, 'annotations.json'), formatJson(dataset));
  return dataset;
}
