/**
 * Encodes dashboard previews on a worker thread of their own. jpeg-js is pure
 * JavaScript and takes 20–60 ms per preview on this 2-core machine; on the
 * main thread that stalled ffmpeg's pipe and the next frame's hand-over to
 * the inference worker (frames waited up to 75 ms). One preview at a time:
 * a frame offered while the worker is busy is skipped, never queued. If the
 * thread dies, previews are encoded inline from then on (slower, but the
 * dashboard keeps its picture) and `failure` says why.
 */
import { Worker } from 'node:worker_threads';
import type { GrayImage } from '../image/types.js';
import { encodePreview, type PreviewImage } from './preview.js';

export interface PreviewRequest { readonly id: number; readonly data: ArrayBuffer; readonly width: number; readonly height: number; readonly maxWidth: number }
export type PreviewReply = { readonly id: number } & PreviewImage;

export class PreviewEncoder {
  private readonly worker: Worker;
  /** The encode running on the worker: its request id and the caller's tag. */
  private running: { id: number; tag: number } | undefined;
  private nextId = 1;
  /** Set when the worker thread failed; previews are then encoded inline. */
  failure: string | undefined;
  /** Frames offered while an encode was running (skipped). */
  skipped = 0;
  private closed = false;

  constructor(private readonly onEncoded: (tag: number, p: PreviewImage) => void) {
    this.worker = new Worker(new URL('./preview-worker-entry.mjs', import.meta.url));
    this.worker.unref();
    this.worker.on('message', (m: PreviewReply) => {
      if (this.running?.id !== m.id) return;
      const { tag } = this.running;
      this.running = undefined;
      this.onEncoded(tag, { dataUrl: m.dataUrl, scale: m.scale, width: m.width, height: m.height });
    });
    this.worker.on('error', (err) => { this.failure = `preview worker failed: ${err.message}`; this.running = undefined; });
    this.worker.on('exit', (code) => { if (this.closed) return; this.failure ??= `preview worker exited with code ${code}`; this.running = undefined; });
  }

  get busy(): boolean { return this.running !== undefined; }

  /**
   * Encodes a copy of `img` (at most `maxWidth` wide); `tag` comes back with the
   * result (the frame's number). Returns false when skipped because one is running.
   */
  offer(tag: number, img: GrayImage<Uint8Array>, maxWidth: number): boolean {
    if (this.closed) return false;
    if (this.failure) { this.onEncoded(tag, encodePreview(img, maxWidth)); return true; }
    if (this.running) { this.skipped++; return false; }
    const id = this.nextId++;
    const data = img.data.slice().buffer;
    this.running = { id, tag };
    const req: PreviewRequest = { id, data, width: img.width, height: img.height, maxWidth };
    this.worker.postMessage(req, [data]);
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.worker.terminate();
  }
}
