/**
 * DICOM RLE Lossless (PS3.5 Annex G) frame decoder: a 64-byte header with the
 * segment count and offsets, then one PackBits segment per byte plane (most
 * significant first) per sample.
 */

/** Decodes one PackBits segment into `out` (length = pixels); throws on overrun. */
function unpackSegment(src: Uint8Array, start: number, end: number, out: Uint8Array, name: string): void {
  let i = start, o = 0;
  while (i < end && o < out.length) {
    const n = (src[i++]! << 24) >> 24; // signed byte
    if (n >= 0) {
      const len = n + 1;
      if (i + len > end) throw new Error(`${name}: RLE literal run past the end of its segment`);
      out.set(src.subarray(i, i + len).subarray(0, out.length - o), o);
      o += len; i += len;
    } else if (n !== -128) {
      const len = 1 - n, v = src[i++]!;
      out.fill(v, o, Math.min(out.length, o + len));
      o += len;
    }
  }
  if (o < out.length) throw new Error(`${name}: RLE segment holds ${o} bytes, expected ${out.length} (truncated frame)`);
}

/** Decodes an RLE frame of `pixels` samples of `bytesPerSample` (1 or 2), one sample per pixel. */
export function decodeRleFrame(frame: Uint8Array, pixels: number, bytesPerSample: 1 | 2, name: string): Uint8Array | Uint16Array {
  if (frame.length < 64) throw new Error(`${name}: RLE frame shorter than its 64-byte header`);
  const v = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const segments = v.getUint32(0, true);
  if (segments !== bytesPerSample) throw new Error(`${name}: RLE frame has ${segments} segments, expected ${bytesPerSample} for one ${8 * bytesPerSample}-bit sample per pixel`);
  const offsets = Array.from({ length: segments }, (_, k) => v.getUint32(4 + 4 * k, true));
  const planes = offsets.map((off, k) => {
    const end = k + 1 < segments ? offsets[k + 1]! : frame.length;
    if (off < 64 || off > end) throw new Error(`${name}: RLE segment ${k} offset ${off} is invalid`);
    const plane = new Uint8Array(pixels);
    unpackSegment(frame, off, end, plane, name);
    return plane;
  });
  if (bytesPerSample === 1) return planes[0]!;
  const out = new Uint16Array(pixels), hi = planes[0]!, lo = planes[1]!;
  for (let i = 0; i < pixels; i++) out[i] = (hi[i]! << 8) | lo[i]!;
  return out;
}
