/**
 * DICOM decoding on files built by hand (test/fixtures/dicom-builder.ts):
 * implicit/explicit little endian, RLE, JPEG baseline and lossless,
 * MONOCHROME1, signed and 12-bit data, a chosen frame of a cine, refusals.
 */
import { describe, expect, it } from 'vitest';
import jpeg from 'jpeg-js';
import { decodeImage } from '../server/image/load.js';
import { decodeJpegLossless } from '../server/image/dicom/jpeg-lossless.js';
import { buildDicom, encodeJpegLossless, encodeRle, le16, TS } from './fixtures/dicom-builder.js';

const W = 7, H = 5; // odd sizes catch padding and stride mistakes
const ramp16 = Uint16Array.from({ length: W * H }, (_, i) => (i * 1877) % 65536);
const ramp8 = Uint8Array.from({ length: W * H }, (_, i) => (i * 37) % 256);

describe('native pixel data', () => {
  it('reads explicit VR little endian, 16-bit', () => {
    const img = decodeImage(buildDicom({ ts: TS.explicit, rows: H, cols: W, bitsAllocated: 16, pixels: le16(ramp16) }), 'a.dcm');
    expect([img.width, img.height]).toEqual([W, H]);
    expect(img.data).toBeInstanceOf(Uint16Array);
    expect([...img.data]).toEqual([...ramp16]);
  });
  it('reads implicit VR little endian, 8-bit, and inverts MONOCHROME1', () => {
    const img = decodeImage(buildDicom({ ts: TS.implicit, rows: H, cols: W, bitsAllocated: 8, pixels: ramp8, photometric: 'MONOCHROME1' }), 'b.dcm');
    expect(img.data).toBeInstanceOf(Uint8Array);
    expect([...img.data]).toEqual([...ramp8].map((v) => 255 - v));
  });
  it('scales 12 stored bits to the full 16-bit range and shifts signed data', () => {
    const v12 = Uint16Array.from([0, 4095, 2048, 1]);
    const a = decodeImage(buildDicom({ ts: TS.explicit, rows: 2, cols: 2, bitsAllocated: 16, bitsStored: 12, pixels: le16(v12) }), 'c.dcm');
    expect([...a.data]).toEqual([0, 65535, Math.round(2048 * 65535 / 4095), 16]);
    const s16 = new Int16Array([-32768, -1, 0, 32767]);
    const b = decodeImage(buildDicom({ ts: TS.explicit, rows: 2, cols: 2, bitsAllocated: 16, signed: true, pixels: new Uint8Array(s16.buffer) }), 'd.dcm');
    expect([...b.data]).toEqual([0, 32767, 32768, 65535]);
  });
  it('picks the requested frame of a multi-frame cine and refuses one past the end', () => {
    const frames = [0, 1, 2].map((f) => Uint8Array.from(ramp8, (v) => (v + 50 * f) % 256));
    const buf = buildDicom({ ts: TS.explicit, rows: H, cols: W, bitsAllocated: 8, frames: 3, pixels: Uint8Array.from(frames.flatMap((f) => [...f])) });
    expect([...decodeImage(buf, 'cine.dcm', { frame: 2 }).data]).toEqual([...frames[2]!]);
    expect([...decodeImage(buf, 'cine.dcm').data]).toEqual([...frames[0]!]);
    expect(() => decodeImage(buf, 'cine.dcm', { frame: 3 })).toThrow('cine.dcm: frame 3 requested, the file has 3 frames (0…2)');
  });
  it('names a truncated file', () => {
    const buf = buildDicom({ ts: TS.explicit, rows: H, cols: W, bitsAllocated: 16, pixels: le16(ramp16) });
    expect(() => decodeImage(buf.subarray(0, buf.length - 20), 'cut.dcm')).toThrow(/cut\.dcm: /);
  });
});

describe('compressed pixel data', () => {
  it('decodes RLE lossless, 16-bit and 8-bit, with repeat runs', () => {
    const flat = new Uint16Array(W * H).fill(1234); flat.set(ramp16.subarray(0, 10), 20);
    const a = decodeImage(buildDicom({ ts: TS.rle, rows: H, cols: W, bitsAllocated: 16, fragments: [encodeRle(flat)] }), 'rle.dcm');
    expect([...a.data]).toEqual([...flat]);
    const b = decodeImage(buildDicom({ ts: TS.rle, rows: H, cols: W, bitsAllocated: 8, fragments: [encodeRle(ramp8)] }), 'rle8.dcm');
    expect([...b.data]).toEqual([...ramp8]);
  });
  it('decodes JPEG lossless (process 14) with every predictor, 16- and 12-bit, and a chosen frame', () => {
    for (const sel of [1, 2, 3, 4, 5, 6, 7]) {
      expect([...decodeJpegLossless(encodeJpegLossless(ramp16, W, H, 16, sel), 'j').data], `predictor ${sel}`).toEqual([...ramp16]);
    }
    const v12 = Uint16Array.from(ramp16, (v) => v >> 4);
    const img = decodeImage(buildDicom({ ts: TS.jpegLossless, rows: H, cols: W, bitsAllocated: 16, bitsStored: 12, fragments: [encodeJpegLossless(v12, W, H, 12, 4)] }), 'jl.dcm');
    expect([...img.data]).toEqual([...v12].map((v) => Math.round(v * 65535 / 4095)));
    const f2 = Uint16Array.from(ramp16, (v) => 65535 - v);
    const cine = buildDicom({ ts: TS.jpegLosslessSV1, rows: H, cols: W, bitsAllocated: 16, frames: 2, fragments: [encodeJpegLossless(ramp16, W, H, 16, 1), encodeJpegLossless(f2, W, H, 16, 1)] });
    expect([...decodeImage(cine, 'sv1.dcm', { frame: 1 }).data]).toEqual([...f2]);
  });
  it('decodes JPEG baseline (8-bit, lossy: within a few levels)', () => {
    const w = 16, h = 16, gray = Uint8Array.from({ length: w * h }, (_, i) => 40 + (i % w) * 10);
    const rgba = new Uint8Array(w * h * 4).map((_, k) => (k % 4 === 3 ? 255 : gray[k >> 2]!));
    const jpg = jpeg.encode({ data: rgba, width: w, height: h }, 95).data;
    const img = decodeImage(buildDicom({ ts: TS.jpegBaseline, rows: h, cols: w, bitsAllocated: 8, fragments: [new Uint8Array(jpg)] }), 'jb.dcm');
    expect(Math.max(...[...img.data].map((v, i) => Math.abs(v - gray[i]!)))).toBeLessThan(6);
  });
  it('refuses other transfer syntaxes by name', () => {
    const buf = buildDicom({ ts: TS.jpeg2000, rows: H, cols: W, bitsAllocated: 16, fragments: [new Uint8Array(10)] });
    expect(() => decodeImage(buf, 'j2k.dcm')).toThrow('j2k.dcm: DICOM transfer syntax JPEG 2000 Image Compression (Lossless Only) (1.2.840.10008.1.2.4.90) is not supported');
  });
});
