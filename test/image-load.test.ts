/** loadImage on real files: PNG 8/16-bit, JPEG, DICOM, and every kind of bad input named clearly. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import jpeg from 'jpeg-js';
import { loadImage } from '../server/image/load.js';
import { encodePng } from '../server/image/png.js';
import { buildDicom, le16, TS } from './fixtures/dicom-builder.js';

const dir = mkdtempSync(join(tmpdir(), 'sagitta-image-'));
const put = (name: string, data: Uint8Array | string): string => { const p = join(dir, name); writeFileSync(p, data); return p; };

/** A PNG whose header declares w×h (no valid pixel data follows). */
function pngHeaderOnly(w: number, h: number): Buffer {
  const png = encodePng({ data: new Uint8Array(4), width: 2, height: 2 });
  png.writeUInt32BE(w, 16); png.writeUInt32BE(h, 20);
  return png;
}

describe('loadImage', () => {
  it('reads 8- and 16-bit PNGs, JPEGs and DICOM by content, not by name', async () => {
    const g16 = Uint16Array.from({ length: 12 }, (_, i) => i * 5000);
    const a = await loadImage(put('a.png', encodePng({ data: g16, width: 4, height: 3 })));
    expect(a.data).toBeInstanceOf(Uint16Array); expect([...a.data]).toEqual([...g16]);
    const b = await loadImage(put('b.dat', encodePng({ data: Uint8Array.from([1, 2, 3, 4]), width: 2, height: 2 })));
    expect([...b.data]).toEqual([1, 2, 3, 4]);
    const rgba = new Uint8Array(8 * 8 * 4).fill(128);
    const c = await loadImage(put('c.jpg', new Uint8Array(jpeg.encode({ data: rgba, width: 8, height: 8 }, 90).data)));
    expect([c.width, c.height]).toEqual([8, 8]); expect(Math.abs(c.data[0]! - 128)).toBeLessThan(3);
    const d = await loadImage(put('d.dcm', buildDicom({ ts: TS.explicit, rows: 2, cols: 3, bitsAllocated: 16, pixels: le16(Uint16Array.from([1, 2, 3, 4, 5, 6])) })));
    expect([d.width, d.height, d.data[5]]).toEqual([3, 2, 6]);
  });
  it('refuses a text file, an empty file and a missing file by name', async () => {
    await expect(loadImage(put('notes.png', 'just some text\n'))).rejects.toThrow('notes.png: not a PNG, JPEG or DICOM image (unrecognised content)');
    await expect(loadImage(put('empty.png', new Uint8Array(0)))).rejects.toThrow('empty.png: empty file');
    await expect(loadImage(join(dir, 'nope.png'))).rejects.toThrow('nope.png: cannot read (ENOENT)');
  });
  it('refuses a truncated PNG', async () => {
    const png = encodePng({ data: Uint8Array.from({ length: 64 * 64 }, (_, i) => i % 251), width: 64, height: 64 });
    await expect(loadImage(put('cut.png', png.subarray(0, png.length - 40)))).rejects.toThrow(/^cut\.png: not a readable PNG/);
    await expect(loadImage(put('cut2.png', png.subarray(0, 20)))).rejects.toThrow('cut2.png: truncated PNG (20 bytes, no complete header)');
  });
  it('refuses an empty (0×0) and a 10 000 × 10 000 image before decoding it', async () => {
    await expect(loadImage(put('zero.png', pngHeaderOnly(0, 0)))).rejects.toThrow('zero.png: empty image (0×0)');
    await expect(loadImage(put('huge.png', pngHeaderOnly(10000, 10000)))).rejects.toThrow('huge.png: 10000×10000 is too large (at most 8192 pixels a side)');
    const dcm = buildDicom({ ts: TS.explicit, rows: 10000, cols: 10000, bitsAllocated: 8, pixels: new Uint8Array(2) });
    await expect(loadImage(put('huge.dcm', dcm))).rejects.toThrow('huge.dcm: 10000×10000 is too large');
  });
  it('refuses a frame number for a single-frame format', async () => {
    const p = put('one.png', encodePng({ data: Uint8Array.from([1, 2, 3, 4]), width: 2, height: 2 }));
    await expect(loadImage(p, { frame: 2 })).rejects.toThrow('one.png: frame 2 requested but a PNG has a single frame');
  });
});
