/**
 * Downscaled JPEG previews of the frames for the dashboard (jpeg-js, pure
 * JavaScript): area-averaged to at most `maxWidth` pixels wide, gray
 * expanded to RGBA for the encoder. The overlay (corners) travels in the
 * measurement messages, in original frame pixels; `scale` maps them.
 */
import jpeg from 'jpeg-js';
import type { GrayImage } from '../image/types.js';

export interface PreviewImage {
  /** `data:image/jpeg;base64,…` */
  readonly dataUrl: string;
  /** Preview pixels per original pixel. */
  readonly scale: number;
  readonly width: number;
  readonly height: number;
}

/** Area-average downscale of an 8-bit gray image by an integer factor into RGBA. */
export function downscaleToRgba(img: GrayImage<Uint8Array>, factor: number): { data: Uint8Array; width: number; height: number } {
  const w = Math.max(1, Math.floor(img.width / factor)), h = Math.max(1, Math.floor(img.height / factor));
  const out = new Uint8Array(w * h * 4);
  const n = factor * factor;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let dy = 0; dy < factor; dy++) {
        const row = (y * factor + dy) * img.width + x * factor;
        for (let dx = 0; dx < factor; dx++) s += img.data[row + dx]!;
      }
      const v = Math.round(s / n), o = (y * w + x) * 4;
      out[o] = v; out[o + 1] = v; out[o + 2] = v; out[o + 3] = 255;
    }
  }
  return { data: out, width: w, height: h };
}

/** Encodes a preview no wider than `maxWidth` (integer downscale factor), JPEG quality 0..100. */
export function encodePreview(img: GrayImage<Uint8Array>, maxWidth = 480, quality = 70): PreviewImage {
  const factor = Math.max(1, Math.ceil(img.width / maxWidth));
  const small = downscaleToRgba(img, factor);
  const encoded = jpeg.encode({ data: small.data, width: small.width, height: small.height }, quality);
  return { dataUrl: `data:image/jpeg;base64,${Buffer.from(encoded.data).toString('base64')}`, scale: 1 / factor, width: small.width, height: small.height };
}
