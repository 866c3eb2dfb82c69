/**
 * `sagitta measure <image|folder|annotations.json>`: runs the landmark
 * pipeline, prints the angles per image, and optionally writes the
 * predictions (spine-landmarks/1) and overlay PNGs.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join, relative, dirname } from 'node:path';
import { parseCommandArgs, numberOption } from '../args.js';
import { CliError } from '../errors.js';
import { createPipeline } from '../../pipeline/index.js';
import { loadImage } from '../../image/load.js';
import type { GrayImage } from '../../image/types.js';
import { DATASET_FORMAT } from '../../spec/dataset.js';
import { listInputs, toPredictionEntry } from '../../evaluate/dataset-io.js';
import { drawOverlay } from '../../evaluate/plot/overlay.js';
import { MODEL_HELP, MODEL_OPTIONS, modelSettings } from '../../evaluate/cli-options.js';

export const summary = 'Landmarks and angles of images: `measure <image|folder|annotations.json> [--out predictions.json] [--overlay DIR]`';

const HELP = `Usage: sagitta measure <image|folder|annotations.json> [options]

Runs the 2-step landmark pipeline on a PNG/JPEG/DICOM image, every image of a
folder, or every image of a dataset, and prints the angles per image.
  --out FILE        write the predictions as spine-landmarks/1 JSON
  --overlay DIR     write <name>-overlay.png with corners, endplates, labels, angles
  --frame N         frame of a multi-frame DICOM (default 0)
  --horizontal DEG  angle of the horizontal reference to the image x axis (default 0)
${MODEL_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...MODEL_OPTIONS, out: { type: 'string' }, overlay: { type: 'string' }, frame: { type: 'string' }, horizontal: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  }, true);
  if (values.help) { process.stdout.write(HELP); return 0; }
  if (positionals.length !== 1) throw new CliError('give exactly one image, folder or annotations.json (see --help)');
  const settings = modelSettings(values);
  const frame = values.frame === undefined ? undefined : numberOption(values.frame, 'frame', 0, 0, 1e6);
  if (frame !== undefined && !Number.isInteger(frame)) throw new CliError('--frame must be an integer');
  const horizontalDeg = numberOption(values.horizontal, 'horizontal', 0, -90, 90);
  let inputs: string[];
  try { inputs = await listInputs(positionals[0]!); } catch (err) { throw new CliError((err as Error).message, 1); }

  const pipeline = await createPipeline({ modelsDir: settings.modelsDir, provider: settings.provider, threads: settings.threads, maxBatch: settings.batch });
  process.stderr.write(`model ${pipeline.manifest.name} ${pipeline.manifest.version} (${pipeline.providerNote})${pipeline.manifest.syntheticOnly ? ' — trained on synthetic images only, not for clinical use' : ''}\n`);
  const entries = [];
  let failed = 0;
  const t0 = performance.now();
  try {
    if (typeof values.overlay === 'string') await mkdir(values.overlay, { recursive: true });
    const base = dirname(positionals[0]!);
    for (let i = 0; i < inputs.length; i += settings.batch) {
      const files: string[] = [], imgs: GrayImage[] = [];
      for (const file of inputs.slice(i, i + settings.batch)) {
        try { imgs.push(await loadImage(file, frame === undefined ? {} : { frame })); files.push(file); } catch (err) {
          process.stderr.write(`${(err as Error).message}\n`); failed++;
        }
      }
      if (!imgs.length) continue;
      const preds = await pipeline.run(imgs, { horizontalDeg });
      for (let k = 0; k < preds.length; k++) {
        const p = preds[k]!, file = files[k]!;
        const angles = Object.entries(p.angles).map(([a, v]) => `${a} ${v.toFixed(1)}°±${p.sd[a]!.toFixed(1)}`).join('  ');
        const un = ['L1L5', 'L1S1', 'SS'].filter((a) => p.unmeasurable[a]).map((a) => `${a}: ${p.unmeasurable[a]}`).join('; ');
        process.stdout.write(`${basename(file)}: ${p.vertebrae.map((v) => v.label).join(' ') || 'no vertebrae'}\n  ${angles || 'no measurable angle'}${un ? `\n  unmeasurable: ${un}` : ''}\n`);
        entries.push(toPredictionEntry(inputs.length === 1 ? basename(file) : relative(base, file), p));
        if (typeof values.overlay === 'string') await writeFile(join(values.overlay, `${basename(file).replace(/\.[^.]+$/, '')}-overlay.png`), drawOverlay(imgs[k]!, p).toPng());
      }
    }
  } finally { await pipeline.dispose(); }
  const s = (performance.now() - t0) / 1000;
  process.stderr.write(`${entries.length} image${entries.length === 1 ? '' : 's'} in ${s.toFixed(2)} s (${((1000 * s) / Math.max(1, entries.length)).toFixed(0)} ms each, with loading)${failed ? `; ${failed} could not be read` : ''}\n`);
  if (typeof values.out === 'string') {
    await writeFile(values.out, JSON.stringify({ format: DATASET_FORMAT, images: entries }, null, 1) + '\n');
    process.stderr.write(`wrote ${entries.length} predictions to ${values.out}\n`);
  }
  return failed ? 1 : 0;
}
