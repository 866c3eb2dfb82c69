/** JPEG (baseline and progressive, 8-bit) to grayscale via jpeg-js, with clear errors. */
import jpeg from 'jpeg-js';
import type { GrayImage } from './types.js';
import { MAX_IMAGE_SIDE } from './types.js';

/** Decodes a JPEG file's bytes to an 8-bit grayscale image (colour by luma). */
export function decodeJpeg(buf: Uint8Array, name = 'image'): GrayImage<Uint8Array> {
  let img: { width: number; height: number; data: Uint8Array };
  try {
    img = jpeg.decode(buf, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: (MAX_IMAGE_SIDE * MAX_IMAGE_SIDE) / 1e6 + 1, maxMemoryUsageInMB: 1024 });
  } catch (err) {
    throw new Error(`${name}: not a readable JPEG (${(err as Error).message ?? String(err)})`);
  }
  const { width, height, data } = img;
  if (!width || !height) throw new Error(`${name}: empty image (${width}×${height})`);
  const n = width * height, out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const r = data[4 * i]!, g = data[4 * i + 1]!, b = data[4 * i + 2]!;
    out[i] = r === g && g === b ? r : Math.round(0.299 * r + 0.587 * g + 0.114 * b);
  }
  return { data: out, width, height };
}
