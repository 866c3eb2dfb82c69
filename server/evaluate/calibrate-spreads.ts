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

/**
 * Writes the calibrated factor = current × measured into DIR/manifest.json:
 * `stepII.mirror.spreadScale` when the evaluation ran mirrored crops,
 * `stepII.spreadScale` when it ran single crops. Returns the key and the old
 * and new factors.
 */
export function writeSpreadScale(modelsDir: string, measured: number, mirrored = false): { key: string; before: number; after: number } {
  if (!(Number.isFinite(measured) && measured > 0)) throw new Error(`cannot calibrate the spreads: the measured scale is ${measured} (no corner with a spread was matched)`);
  const path = join(modelsDir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { stepII: { spreadScale?: number; mirror?: { spreadScale?: number } } };
  if (mirrored && !manifest.stepII.mirror) throw new Error('cannot calibrate mirrored spreads: the package has no stepII.mirror');
  const holder = mirrored ? manifest.stepII.mirror! : manifest.stepII;
  const before = holder.spreadScale ?? 1;
  const after = Math.round(before * measured * 1000) / 1000;
  if (!(after > 0 && after <= 10)) throw new Error(`cannot calibrate the spreads: the new scale ${after} is outside (0, 10]`);
  holder.spreadScale = after;
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
  return { key: mirrored ? 'stepII.mirror.spreadScale' : 'stepII.spreadScale', before, after };
}
