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
import { readManifest } from '../../pipeline/manifest.js';

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
                    to its manifest.json (stepII.mirror.spreadScale when the
                    crops ran mirrored); use a held-out calibration set, not
                    the set whose figures you report
  --mirror on|off   mirrored views: step I also on the mirrored image (with
                    stepI.mirror) and mirrored step-II crops (with
                    stepII.mirror); default on when the package has either;
                    calibrate each mode with its own run
  --presence-threshold T
                    step I's candidate threshold for this run instead of the
                    package's stepI.presenceThreshold (0 < T < 1; reported
                    presences are mapped so that T reads 0.5): run it for
                    several T on a calibration set to choose one
${MODEL_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { ...MODEL_OPTIONS, dataset: { type: 'string' }, out: { type: 'string' }, 'calibrate-spreads': { type: 'boolean' }, mirror: { type: 'string' }, 'presence-threshold': { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) { process.stdout.write(HELP); return 0; }
  if (typeof values.dataset !== 'string' || !values.dataset) throw new CliError('--dataset DIR is required');
  const s = modelSettings(values);
  const outDir = typeof values.out === 'string' && values.out ? values.out : 'evaluation';
  if (values.mirror !== undefined && values.mirror !== 'on' && values.mirror !== 'off') throw new CliError(`--mirror must be on or off, got "${values.mirror}"`);
  const mirror = values.mirror === undefined ? undefined : values.mirror === 'on';
  if (mirror === true) {
    const m = await readManifest(s.modelsDir);
    if (!m.stepI.mirror && !m.stepII.mirror) throw new CliError(`--mirror on: the package at ${s.modelsDir} has neither stepI.mirror nor stepII.mirror (its networks were not exported for mirrored views)`, 1);
  }
  const pt = values['presence-threshold'];
  const presenceThreshold = pt === undefined ? undefined : Number(pt);
  if (presenceThreshold !== undefined && !(presenceThreshold > 0 && presenceThreshold < 1)) throw new CliError(`--presence-threshold must be a number between 0 and 1 (exclusive), got "${String(pt)}"`);
  const r = await evaluateDataset({
    dataset: values.dataset, modelsDir: s.modelsDir, outDir, provider: s.provider, threads: s.threads, batch: s.batch,
    ...(mirror === undefined ? {} : { mirror }), ...(presenceThreshold === undefined ? {} : { presenceThreshold }),
  });
  const model = r.report.model as { name: string; mirroredCrops: boolean; mirroredStepI: boolean };
  const views = `step I ${model.mirroredStepI ? 'with the mirrored image' : 'single image'}, step II ${model.mirroredCrops ? 'with mirrored crops' : 'single crops'}, presence threshold ${String(r.report.presenceThreshold)}`;
  process.stdout.write(`${r.report.images} images, model ${model.name} (${String(r.report.providerNote)}; ${views}), ${String(r.report.secondsTotal)} s\n\n`);
  process.stdout.write(formatSummary(r.metrics));
  process.stdout.write(`\nwrote ${r.files.length} files to ${outDir}\n`);
  if (values['calibrate-spreads']) {
    const c = writeSpreadScale(s.modelsDir, r.metrics.spreadHonesty.scale ?? NaN, model.mirroredCrops);
    process.stdout.write(`spread calibration: ${c.key} ${c.before} → ${c.after} written to ${s.modelsDir}/manifest.json\n`);
  }
  return 0;
}
