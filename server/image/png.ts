/**
 * PNG encode (8- or 16-bit grayscale, our own fast writer on node:zlib) and
 * decode (pngjs, any colour type, to grayscale) with clear errors.
 */
import { deflateSync, crc32 } from 'node:zlib';
import { PNG } from 'pngjs';
import type { GrayImage } from './types.js';

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])) >>> 0, 0);
  return Buffer.concat([head, body, crc]);
}

/**
 * Encodes a grayscale image as PNG. Uint8Array → 8-bit; Uint16Array → 16-bit;
 * Float32Array (0..1) → 8-bit or 16-bit per `bits`. `level` is zlib's (1 fast … 9 small).
 */
export function encodePng(img: GrayImage, bits: 8 | 16 = img.data instanceof Uint16Array ? 16 : 8, level = 3): Buffer {
  const { width, height, data } = img;
  const bpp = bits / 8;
  const stride = width * bpp + 1;
  const raw = Buffer.alloc(stride * height);
  const max = bits === 16 ? 65535 : 255;
  for (let y = 0; y < height; y++) {
    let o = y * stride;
    raw[o++] = 0; // filter: none (fast; zlib still does well on smooth images)
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const v = data[row + x]!;
      let q: number;
      if (data instanceof Float32Array) q = Math.round(Math.min(1, Math.max(0, v)) * max);
      else if (data instanceof Uint16Array && bits === 8) q = v >> 8;
      else if (data instanceof Uint8Array && bits === 16) q = v * 257;
      else q = v;
      if (bits === 16) { raw[o++] = q >> 8; raw[o++] = q & 255; } else raw[o++] = q;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bits; ihdr[9] = 0; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Encodes an RGB image (interleaved Uint8Array, 3 bytes per pixel) as an 8-bit PNG, for overlays. */
export function encodeRgbPng(rgb: Uint8Array, width: number, height: number): Buffer {
  const png = new PNG({ width, height, colorType: 2, inputColorType: 2, inputHasAlpha: false });
  png.data = Buffer.from(rgb.buffer, rgb.byteOffset, rgb.byteLength);
  return PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false });
}

/**
 * Decodes a PNG to grayscale: 16-bit files to Uint16Array, others to Uint8Array
 * (colour converted by luma). Throws an Error naming the problem on bad input.
 */
export function decodePng(buf: Buffer, name = 'image'): GrayImage<Uint8Array | Uint16Array> {
  let png: PNG;
  try {
    png = PNG.sync.read(buf, { skipRescale: true } as never);
  } catch (err) {
    throw new Error(`${name}: not a readable PNG (${(err as Error).message})`);
  }
  const { width, height } = png;
  if (width === 0 || height === 0) throw new Error(`${name}: empty image (${width}×${height})`);
  const d = png.data as unknown as Uint8Array | Uint16Array;
  const n = width * height;
  const is16 = d instanceof Uint16Array;
  const out = is16 ? new Uint16Array(n) : new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const r = d[4 * i]!, g = d[4 * i + 1]!, b = d[4 * i + 2]!;
    out[i] = r === g && g === b ? r : Math.round(0.299 * r + 0.587 * g + 0.114 * b);
  }
  return { data: out, width, height };
}
