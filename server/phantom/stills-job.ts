/**
 * One still of a dataset: render image `index` of a job, write its PNG (and
 * overlay) into the output folder, return its annotation. Used by the main
 * thread and by the worker threads alike, so both give the same bytes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng, encodeRgbPng } from '../image/png.js';
import type { ImageAnnotation } from '../spec/dataset.js';
import { drawOverlay } from './overlay.js';
import { hashSeed } from './rng.js';
import { renderStill } from './still.js';

export interface StillsJob {
  out: string;
  seed: number;
  width: number;
  height: number;
  bits: 8 | 16;
  hard: boolean;
  /** Implants and instruments in every image. */
  metal: boolean;
  overlay: boolean;
  /** Digits of the zero-padded file index. */
  digits: number;
}

/** File name of image `index`: zero-padded, e.g. `00042.png`. */
export function stillName(job: StillsJob, index: number): string {
  return `${String(index).padStart(job.digits, '0')}.png`;
}

let floats: Float32Array | null = null;
let ints: Uint8Array | Uint16Array | null = null;

/** Quantises 0..1 floats to 8 or 16 bits (round to nearest) into a reused buffer. */
export function quantise(src: Float32Array, bits: 8 | 16): Uint8Array | Uint16Array {
  if (!ints || ints.length !== src.length || (bits === 16) !== (ints instanceof Uint16Array)) ints = bits === 16 ? new Uint16Array(src.length) : new Uint8Array(src.length);
  const out = ints, max = bits === 16 ? 65535 : 255;
  for (let i = 0; i < src.length; i++) { const v = src[i]!; out[i] = v <= 0 ? 0 : v >= 1 ? max : Math.round(v * max); }
  return out;
}

/** Renders and writes image `index`; returns its annotation (with `file`). */
export function writeStill(job: StillsJob, index: number): ImageAnnotation {
  const n = job.width * job.height;
  if (!floats || floats.length !== n) floats = new Float32Array(n);
  const { image, truth } = renderStill({ seed: hashSeed(job.seed, index), width: job.width, height: job.height, hard: job.hard, ...(job.metal ? { look: { metal: true } } : {}), into: floats });
  const file = stillName(job, index);
  // zlib level 1: a third faster than 3 for ~5% larger files.
  writeFileSync(join(job.out, file), encodePng({ data: quantise(image.data, job.bits), width: image.width, height: image.height }, job.bits, 1));
  if (job.overlay) writeFileSync(join(job.out, file.replace(/\.png$/, '-overlay.png')), encodeRgbPng(drawOverlay(image, truth), image.width, image.height));
  return { file, ...truth };
}
