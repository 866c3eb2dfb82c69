/**
 * Renders snapshots on a worker thread (started at the first snapshot). The
 * monitor's thread only copies the kept frame (~0.1 ms for 1 MB) and posts it.
 */
import { Worker } from 'node:worker_threads';
import type { KeptFrame, SnapshotMeasurement } from './snapshot.js';
import type { SnapshotJob, SnapshotReply } from './snapshot-worker.js';

interface Pending { resolve(png: Buffer): void; reject(err: Error): void }

export class SnapshotRenderer {
  #worker: Worker | undefined;
  #next = 0;
  readonly #pending = new Map<number, Pending>();

  #start(): Worker {
    const w = new Worker(new URL('./snapshot-entry.mjs', import.meta.url));
    w.unref();
    w.on('message', (r: SnapshotReply) => {
      const p = this.#pending.get(r.id);
      if (!p) return;
      this.#pending.delete(r.id);
      if ('png' in r) p.resolve(Buffer.from(r.png.buffer, r.png.byteOffset, r.png.byteLength));
      else p.reject(new Error(r.error));
    });
    const fail = (err: Error): void => {
      for (const p of this.#pending.values()) p.reject(err);
      this.#pending.clear();
      this.#worker = undefined;
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`snapshot worker exited with code ${code}`)));
    return w;
  }

  /** Resolves to the PNG of `frame` with the overlay of `m`. The frame is copied before this returns. */
  render(frame: KeptFrame, m: SnapshotMeasurement): Promise<Buffer> {
    const w = (this.#worker ??= this.#start());
    const id = ++this.#next;
    const job: SnapshotJob = { id, data: frame.data.slice(), width: frame.width, height: frame.height, vertebrae: m.vertebrae };
    return new Promise<Buffer>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      w.postMessage(job, [job.data.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    const w = this.#worker;
    this.#worker = undefined;
    if (w) await w.terminate();
  }
}
