/**
 * Spread calibration of a model package: the heatmap spreads of a network
 * trained with the DSNT regulariser are a fixed multiple of its real corner
 * errors (on the phantom, errors about half the spreads). Evaluated on
 * held-out annotated images, the median of error / spread over every corner
 * gives that multiple; `stepII.spreadScale` in the manifest (and so every
 * angle SD and the 2° rule) is multiplied by it. Run on a set that is used
 * neither for training nor for the reported evaluation.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes stepII.spreadScale = current × measured into DIR/manifest.json; returns the old and new factors. */
export function writeSpreadScale(modelsDir: string, measured: number): { before: number; after: number } {
  if (!(Number.isFinite(measured) && measured > 0)) throw new Error(`cannot calibrate the spreads: the measured scale is ${measured} (no corner with a spread was matched)`);
  const path = join(modelsDir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { stepII: { spreadScale?: number } };
  const before = manifest.stepII.spreadScale ?? 1;
  const after = Math.round(before * measured * 1000) / 1000;
  if (!(after > 0 && after <= 10)) throw new Error(`cannot calibrate the spreads: the new scale ${after} is outside (0, 10]`);
  manifest.stepII.spreadScale = after;
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
  return { before, after };
}
