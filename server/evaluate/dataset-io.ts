/**
 * Reading `spine-landmarks/1` datasets (annotations.json) for evaluation and
 * measurement, with errors that name the file and entry, and turning pipeline
 * results into the format's prediction entries.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { DATASET_FORMAT, type Dataset, type ImageAnnotation, type VertebraAnnotation } from '../spec/dataset.js';
import { isLabel } from '../spec/labels.js';
import type { ImagePrediction } from '../pipeline/index.js';

const isPoint = (p: unknown): boolean => Array.isArray(p) && p.length === 2 && p.every((v) => typeof v === 'number' && Number.isFinite(v));

/** Reads and checks an annotations.json; returns the dataset and its folder. */
export async function readDataset(path: string): Promise<{ dir: string; dataset: Dataset }> {
  let text: string;
  try { text = await readFile(path, 'utf8'); } catch (err) {
    throw new Error(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let d: unknown;
  try { d = JSON.parse(text); } catch (err) { throw new Error(`${path}: not valid JSON (${(err as Error).message})`); }
  const ds = d as Dataset;
  if (typeof d !== 'object' || d === null || ds.format !== DATASET_FORMAT) throw new Error(`${path}: "format" must be "${DATASET_FORMAT}"`);
  if (!Array.isArray(ds.images)) throw new Error(`${path}: "images" must be a list`);
  ds.images.forEach((im, i) => {
    const w = `${path}: images[${i}]`;
    if (typeof im.file !== 'string' || !im.file) throw new Error(`${w}: "file" is required for stills`);
    if (!Number.isInteger(im.width) || !Number.isInteger(im.height)) throw new Error(`${w} (${im.file}): width and height must be integers`);
    if (!Array.isArray(im.vertebrae)) throw new Error(`${w} (${im.file}): "vertebrae" must be a list`);
    im.vertebrae.forEach((v: VertebraAnnotation, j) => {
      if (!isLabel(v.label)) throw new Error(`${w} (${im.file}): vertebrae[${j}] has unknown label ${JSON.stringify(v.label)}`);
      if (!Array.isArray(v.corners) || v.corners.length !== 4 || !v.corners.every((c) => c === null || isPoint(c))) {
        throw new Error(`${w} (${im.file}): ${v.label} corners must be 4 entries, each [x, y] or null`);
      }
    });
  });
  return { dir: dirname(path), dataset: ds };
}

const IMAGE_EXT = new Set(['.png', '.jpg', '.jpeg', '.dcm', '.dicom']);

/** The image files a `measure` argument names: one file, a folder's images (sorted), or a dataset's files. */
export async function listInputs(arg: string): Promise<string[]> {
  let st;
  try { st = await stat(arg); } catch { throw new Error(`${arg}: no such file or folder`); }
  if (st.isDirectory()) {
    const files = (await readdir(arg)).filter((f) => IMAGE_EXT.has(extname(f).toLowerCase()) && !f.includes('overlay')).sort();
    if (!files.length) throw new Error(`${arg}: no PNG, JPEG or DICOM files in this folder`);
    return files.map((f) => join(arg, f));
  }
  if (basename(arg).endsWith('.json')) {
    const { dir, dataset } = await readDataset(arg);
    return dataset.images.map((im) => join(dir, im.file!));
  }
  return [arg];
}

const r2 = (x: number): number => Math.round(x * 100) / 100;
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** A pipeline result as a `spine-landmarks/1` prediction entry (with score, spread, unmeasurable). */
export function toPredictionEntry(file: string, p: ImagePrediction): ImageAnnotation {
  return {
    file, width: p.width, height: p.height,
    vertebrae: p.vertebrae.map((v) => ({
      label: v.label,
      corners: v.corners.map((c) => (c ? [r3(c[0]), r3(c[1])] : null)) as VertebraAnnotation['corners'],
      score: r3(v.score),
      spread: v.spread.map((s) => (s === null ? null : r3(s))) as NonNullable<VertebraAnnotation['spread']>,
    })),
    angles: Object.fromEntries(Object.entries(p.angles).map(([k, v]) => [k, r2(v)])),
    sd: Object.fromEntries(Object.entries(p.sd).map(([k, v]) => [k, r2(v)])),
    unmeasurable: p.unmeasurable,
    levelCheck: p.levelCheck,
  };
}
