/**
 * The preview worker (server/transport/preview-encoder.ts): a real worker
 * thread encodes the same JPEG as encodePreview on the main thread, one at a
 * time; a frame offered while one is encoding is skipped, never queued.
 */
import { afterEach, describe, expect, it } from 'vitest';
import jpeg from 'jpeg-js';
import { PreviewEncoder } from '../server/transport/preview-encoder.js';
import { encodePreview, type PreviewImage } from '../server/transport/preview.js';

function gradient(w: number, h: number): Uint8Array {
  const d = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) d[y * w + x] = (x + 2 * y) & 255;
  return d;
}

const encoders: PreviewEncoder[] = [];
afterEach(async () => { for (const e of encoders.splice(0)) await e.close(); });

describe('PreviewEncoder', () => {
  it('encodes on its worker thread exactly what encodePreview gives, tagged with the frame', async () => {
    const got: { tag: number; p: PreviewImage }[] = [];
    let done!: () => void;
    const finished = new Promise<void>((r) => { done = r; });
    const enc = new PreviewEncoder((tag, p) => { got.push({ tag, p }); done(); });
    encoders.push(enc);
    const img = { data: gradient(768, 576), width: 768, height: 576 };
    expect(enc.offer(42, img, 480)).toBe(true);
    await finished;
    expect(enc.failure).toBeUndefined();
    expect(got).toHaveLength(1);
    expect(got[0]!.tag).toBe(42);
    const ref = encodePreview(img, 480);
    expect(got[0]!.p).toEqual(ref);
    const decoded = jpeg.decode(Buffer.from(got[0]!.p.dataUrl.split(',')[1]!, 'base64'));
    expect([decoded.width, decoded.height]).toEqual([384, 288]);
    expect(img.data[0]).toBe(0); // the caller's pixels are copied, not transferred away
  });

  it('skips a frame offered while one is encoding, and takes the next one after', async () => {
    const tags: number[] = [];
    let resolveNext: (() => void) | undefined;
    const enc = new PreviewEncoder((tag) => { tags.push(tag); resolveNext?.(); });
    encoders.push(enc);
    const img = { data: gradient(1024, 1024), width: 1024, height: 1024 };
    const first = new Promise<void>((r) => { resolveNext = r; });
    expect(enc.offer(1, img, 480)).toBe(true);
    expect(enc.busy).toBe(true);
    expect(enc.offer(2, img, 480)).toBe(false);
    expect(enc.skipped).toBe(1);
    await first;
    expect(enc.busy).toBe(false);
    const second = new Promise<void>((r) => { resolveNext = r; });
    expect(enc.offer(3, img, 480)).toBe(true);
    await second;
    expect(tags).toEqual([1, 3]);
  });

  it('encodes on the main thread once its worker has died, and says why', async () => {
    const got: PreviewImage[] = [];
    const enc = new PreviewEncoder((_tag, p) => got.push(p));
    encoders.push(enc);
    // Kills the thread as a crash would (terminate() is how the test reaches it).
    await (enc as unknown as { worker: import('node:worker_threads').Worker }).worker.terminate();
    expect(enc.failure).toMatch(/preview worker exited/);
    const img = { data: gradient(320, 240), width: 320, height: 240 };
    expect(enc.offer(7, img, 480)).toBe(true);
    expect(got).toEqual([encodePreview(img, 480)]);
  });

  it('offers nothing after close', async () => {
    const enc = new PreviewEncoder(() => undefined);
    await enc.close();
    expect(enc.offer(1, { data: gradient(64, 64), width: 64, height: 64 }, 480)).toBe(false);
  });
});
