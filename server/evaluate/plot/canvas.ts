/**
 * A tiny RGB raster for plots and overlays: pixels, thick lines, dots, boxes
 * and 5×7 bitmap text; `toPng()` encodes it. Coordinates in pixels, (0,0) top left.
 */
import { encodeRgbPng } from '../../image/png.js';
import type { GrayImage } from '../../image/types.js';
import { glyph, GLYPH_H, GLYPH_W, textWidth } from './font.js';

export type Rgb = readonly [number, number, number];

export class Canvas {
  readonly rgb: Uint8Array;
  constructor(readonly width: number, readonly height: number, background: Rgb = [255, 255, 255]) {
    this.rgb = new Uint8Array(width * height * 3);
    for (let i = 0; i < width * height; i++) this.rgb.set(background, 3 * i);
  }

  /** A canvas showing a grayscale image (16-bit and float scaled to 8 bits). */
  static fromGray(img: GrayImage): Canvas {
    const c = new Canvas(img.width, img.height, [0, 0, 0]);
    const k = img.data instanceof Uint16Array ? 1 / 257 : img.data instanceof Float32Array ? 255 : 1;
    for (let i = 0; i < img.width * img.height; i++) {
      const v = Math.max(0, Math.min(255, Math.round(img.data[i]! * k)));
      c.rgb[3 * i] = v; c.rgb[3 * i + 1] = v; c.rgb[3 * i + 2] = v;
    }
    return c;
  }

  set(x: number, y: number, c: Rgb): void {
    x = Math.round(x); y = Math.round(y);
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    this.rgb.set(c, 3 * (y * this.width + x));
  }

  fillRect(x: number, y: number, w: number, h: number, c: Rgb): void {
    for (let j = Math.round(y); j < Math.round(y + h); j++) for (let i = Math.round(x); i < Math.round(x + w); i++) this.set(i, j, c);
  }

  /** A filled disc of radius r. */
  dot(x: number, y: number, r: number, c: Rgb): void {
    for (let j = -Math.ceil(r); j <= Math.ceil(r); j++) for (let i = -Math.ceil(r); i <= Math.ceil(r); i++) if (i * i + j * j <= r * r) this.set(x + i, y + j, c);
  }

  /** A line `thick` pixels wide; `dash` > 0 draws dashes of that length. */
  line(x0: number, y0: number, x1: number, y1: number, c: Rgb, thick = 1, dash = 0): void {
    const len = Math.hypot(x1 - x0, y1 - y0), n = Math.max(1, Math.ceil(len * 2));
    const r = (thick - 1) / 2;
    for (let k = 0; k <= n; k++) {
      const t = k / n;
      if (dash > 0 && Math.floor((t * len) / dash) % 2 === 1) continue;
      const x = x0 + (x1 - x0) * t, y = y0 + (y1 - y0) * t;
      if (r <= 0) this.set(x, y, c); else this.dot(x, y, r, c);
    }
  }

  /** Text with its top-left corner at (x, y); `scale` enlarges each font pixel. */
  text(x: number, y: number, s: string, c: Rgb, scale = 1, background?: Rgb): void {
    if (background) this.fillRect(x - scale, y - scale, textWidth(s, scale) + scale, (GLYPH_H + 2) * scale, background);
    let cx = x;
    for (const ch of s) {
      const g = glyph(ch);
      for (let row = 0; row < GLYPH_H; row++) {
        for (let col = 0; col < 5; col++) if ((g[row]! >> (4 - col)) & 1) this.fillRect(cx + col * scale, y + row * scale, scale, scale, c);
      }
      cx += GLYPH_W * scale;
    }
  }

  /** Vertical text, reading bottom to top, with its bottom-left at (x, y). */
  textUp(x: number, y: number, s: string, c: Rgb, scale = 1): void {
    let cy = y;
    for (const ch of s) {
      const g = glyph(ch);
      for (let row = 0; row < GLYPH_H; row++) {
        for (let col = 0; col < 5; col++) if ((g[row]! >> (4 - col)) & 1) this.fillRect(x + row * scale, cy - (col + 1) * scale, scale, scale, c);
      }
      cy -= GLYPH_W * scale;
    }
  }

  toPng(): Buffer { return encodeRgbPng(this.rgb, this.width, this.height); }
}
