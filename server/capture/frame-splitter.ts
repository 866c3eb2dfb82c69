/**
 * Splits ffmpeg's `-f rawvideo -pix_fmt gray` byte stream into frames of
 * exactly width × height bytes, whatever the pipe's chunk boundaries (a frame
 * may span several chunks, a chunk may hold several frames). Like ws's
 * receiver: chunks are queued and `consume(n)` returns a zero-copy view when
 * one chunk holds the whole frame, otherwise one copy.
 */

export class FrameSplitter {
  private readonly chunks: Buffer[] = [];
  private buffered = 0;
  private frameBytes = 0;

  /** `frameBytes` may be 0 until the frame size is known (then call `setFrameBytes`). */
  constructor(frameBytes = 0, private readonly maxBufferedBytes = 64 * 1024 * 1024) {
    this.setFrameBytes(frameBytes);
  }

  /** Sets the frame size in bytes (width × height for 8-bit gray). */
  setFrameBytes(n: number): void {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`frame size must be a non-negative integer, got ${n}`);
    this.frameBytes = n;
  }

  /** Bytes waiting for a complete frame. */
  get pendingBytes(): number { return this.buffered; }

  /**
   * Adds a chunk and returns the complete frames it finished (views valid
   * until the next `push`: copy them to keep them). Throws a RangeError when
   * more than `maxBufferedBytes` wait while the frame size is unknown.
   */
  push(chunk: Buffer): Uint8Array[] {
    if (chunk.length) { this.chunks.push(chunk); this.buffered += chunk.length; }
    const out: Uint8Array[] = [];
    if (this.frameBytes === 0) {
      if (this.buffered > this.maxBufferedBytes) throw new RangeError(`${this.buffered} bytes of video arrived before the frame size was known`);
      return out;
    }
    while (this.buffered >= this.frameBytes) out.push(this.consume(this.frameBytes));
    return out;
  }

  /** Drops everything buffered (after a restart of the source). */
  clear(): void { this.chunks.length = 0; this.buffered = 0; }

  private consume(n: number): Uint8Array {
    this.buffered -= n;
    const first = this.chunks[0]!;
    if (n === first.length) { this.chunks.shift(); return first; }
    if (n < first.length) {
      this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const dst = new Uint8Array(n);
    let offset = 0;
    while (offset < n) {
      const buf = this.chunks[0]!;
      const take = Math.min(buf.length, n - offset);
      dst.set(take === buf.length ? buf : buf.subarray(0, take), offset);
      offset += take;
      if (take === buf.length) this.chunks.shift();
      else this.chunks[0] = buf.subarray(take);
    }
    return dst;
  }
}
