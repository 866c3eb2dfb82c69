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
  overlay: boolean;
  /** Digits of the zero-padded file index. */
  digits: number;
}

/** File name of image `index`: zero-padded, e.g. `00042.png`. */
export function stillName(job: StillsJob, index: number): string {
  return `${String(index).padStart(job.digits, '0')}.png`;
}

/** Renders and writes image `index`; returns its annotation (with `file`). */
export function writeStill(job: StillsJob, index: number): ImageAnnotation {
  const { image, truth } = renderStill({ seed: hashSeed(job.seed, index), width: job.width, height: job.height, hard: job.hard });
  const file = stillName(job, index);
  writeFileSync(join(job.out, file), encodePng(image, job.bits, 3));
  if (job.overlay) writeFileSync(join(job.out, file.replace(/\.png$/, '-overlay.png')), encodeRgbPng(drawOverlay(image, truth), image.width, image.height));
  return { file, ...truth };
}
