/**
 * `sagitta evaluate --dataset DIR`: the paper's metrics of the pipeline on an
 * annotated dataset (Table 1, PCK, detection, spread honesty, angle
 * agreement), written to metrics.json with PNG figures.
 */
import { parseCommandArgs } from '../args.js';
import { CliError } from '../errors.js';
import { evaluateDataset, formatSummary } from '../../evaluate/run.js';
import { writeSpreadScale } from '../../evaluate/calibrate-spreads.js';
import { MODEL_HELP, MODEL_OPTIONS, modelSettings } from '../../evaluate/cli-options.js';

export const summary = 'The paper\'s metrics on an annotated dataset: `evaluate --dataset DIR [--models DIR] [--out DIR]`';

const HELP = `Usage: sagitta evaluate --dataset DIR [options]

Runs the pipeline on every image of DIR/annotations.json (spine-landmarks/1)
and writes metrics.json, predictions.json and PNG figures (PCK curves,
regression and Bland-Altman per angle) to --out.
  --dataset DIR     dataset folder (or its annotations.json)
  --out DIR         output folder (default evaluation)
  --calibrate-spreads
                    then multiply the package's stepII.spreadScale by the
                    measured spread scale (median error / spread) and write it
                    to its manifest.json; use a held-out calibration set, not
                    the set whose figures you report
${MODEL_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { ...MODEL_OPTIONS, dataset: { type: 'string' }, out: { type: 'string' }, 'calibrate-spreads': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) { process.stdout.write(HELP); return 0; }
  if (typeof values.dataset !== 'string' || !values.dataset) throw new CliError('--dataset DIR is required');
  const s = modelSettings(values);
  const outDir = typeof values.out === 'string' && values.out ? values.out : 'evaluation';
  const r = await evaluateDataset({ dataset: values.dataset, modelsDir: s.modelsDir, outDir, provider: s.provider, threads: s.threads, batch: s.batch });
  process.stdout.write(`${r.report.images} images, model ${String((r.report.model as { name: string }).name)} (${String(r.report.providerNote)}), ${String(r.report.secondsTotal)} s\n\n`);
  process.stdout.write(formatSummary(r.metrics));
  process.stdout.write(`\nwrote ${r.files.length} files to ${outDir}\n`);
  if (values['calibrate-spreads']) {
    const c = writeSpreadScale(s.modelsDir, r.metrics.spreadHonesty.scale ?? NaN);
    process.stdout.write(`spread calibration: stepII.spreadScale ${c.before} → ${c.after} written to ${s.modelsDir}/manifest.json\n`);
  }
  return 0;
}
