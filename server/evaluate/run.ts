/**
 * `sagitta evaluate`'s work: run the pipeline on every image of an annotated
 * dataset, compute the metrics, write metrics.json, predictions.json and the
 * PNG figures, and format the summary printed to the terminal.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPipeline, type ImagePrediction } from '../pipeline/index.js';
import type { ProviderChoice } from '../pipeline/sessions.js';
import { loadImage } from '../image/load.js';
import { DATASET_FORMAT } from '../spec/dataset.js';
import { readDataset, toPredictionEntry } from './dataset-io.js';
import { computeMetrics, type Metrics } from './metrics.js';
import { blandAltmanFigure, pckFigure, regressionFigure } from './plot/figures.js';

export interface EvaluateOptions {
  /** Dataset folder (holding annotations.json) or the annotations.json itself. */
  dataset: string;
  modelsDir: string;
  outDir: string;
  provider?: ProviderChoice;
  threads?: number;
  /** Images per pipeline run. Default 4. */
  batch?: number;
  /** Mirrored step-II crops (default: the package's, i.e. on when it has `stepII.mirror`). */
  mirror?: boolean;
  /** Step I's candidate threshold instead of the package's `stepI.presenceThreshold`. */
  presenceThreshold?: number;
}

export interface EvaluateResult { metrics: Metrics; report: Record<string, unknown>; files: string[] }

/** Runs the evaluation and writes its files; returns the metrics and the paths written. */
export async function evaluateDataset(o: EvaluateOptions): Promise<EvaluateResult> {
  const path = (await stat(o.dataset).catch(() => null))?.isDirectory() ? join(o.dataset, 'annotations.json') : o.dataset;
  const { dir, dataset } = await readDataset(path);
  if (!dataset.images.length) throw new Error(`${path}: the dataset has no images`);
  const pipeline = await createPipeline({ modelsDir: o.modelsDir, provider: o.provider ?? 'auto', threads: o.threads ?? 0, maxBatch: o.batch ?? 4, ...(o.mirror === undefined ? {} : { mirror: o.mirror }), ...(o.presenceThreshold === undefined ? {} : { presenceThreshold: o.presenceThreshold }) });
  const { stepI: mirroredStepI, stepII: mirrored } = pipeline.mirroredSteps();
  const preds: ImagePrediction[] = [];
  const t0 = performance.now();
  try {
    const batch = o.batch ?? 4;
    for (let i = 0; i < dataset.images.length; i += batch) {
      const chunk = dataset.images.slice(i, i + batch);
      const imgs = await Promise.all(chunk.map((im) => loadImage(join(dir, im.file!))));
      imgs.forEach((img, k) => {
        const im = chunk[k]!;
        if (img.width !== im.width || img.height !== im.height) throw new Error(`${im.file}: image is ${img.width}×${img.height}, annotations say ${im.width}×${im.height}`);
      });
      preds.push(...(await pipeline.run(imgs)));
    }
  } finally { await pipeline.dispose(); }
  const seconds = (performance.now() - t0) / 1000;
  const metrics = computeMetrics(dataset.images.map((truth, i) => ({ truth, pred: preds[i]! })));

  await mkdir(o.outDir, { recursive: true });
  const files: string[] = [];
  const save = async (name: string, data: string | Buffer): Promise<void> => { const p = join(o.outDir, name); await writeFile(p, data); files.push(p); };
  await save('pck.png', pckFigure(metrics).toPng());
  for (const name of [...Object.keys(metrics.angles), 'discs']) {
    const pairs = metrics.pairs[name] ?? [], s = name === 'discs' ? metrics.discs.pooled : metrics.angles[name]!;
    await save(`regression-${name}.png`, regressionFigure(name === 'discs' ? 'disc angles' : name, pairs, s).toPng());
    await save(`bland-altman-${name}.png`, blandAltmanFigure(name === 'discs' ? 'disc angles' : name, pairs, s).toPng());
  }
  const { pairs, levels, overall, pck, detection, spreadHonesty, angles, discs, images, levelChecks } = metrics;
  const report = {
    format: 'sagitta-metrics/1', dataset: path, images,
    model: { dir: o.modelsDir, name: pipeline.manifest.name, version: pipeline.manifest.version, mirroredCrops: mirrored, mirroredStepI },
    provider: pipeline.provider, providerNote: pipeline.providerNote, presenceThreshold: pipeline.presenceThreshold, secondsTotal: Number(seconds.toFixed(2)),
    table1: { levels, overall }, pck,
    detection: { ...detection, withS1: { ...detection.withS1, wrongLevelImages: detection.withS1.wrongLevelImages.map((i) => dataset.images[i]!.file) } },
    levelChecks, spreadHonesty, angles, discs,
    plots: files.map((f) => f.slice(o.outDir.length + 1)), pairs,
  };
  await save('metrics.json', JSON.stringify(report, null, 1) + '\n');
  await save('predictions.json', JSON.stringify({ format: DATASET_FORMAT, images: dataset.images.map((im, i) => toPredictionEntry(im.file!, preds[i]!)) }) + '\n');
  return { metrics, report, files };
}

const f2 = (x: number | null | undefined): string => (x === null || x === undefined ? '-' : x.toFixed(2));

/** The human summary: Table 1, detection, spread honesty and the angle rows. */
export function formatSummary(m: Metrics): string {
  const out = ['Vertebra  x I(%)  x II(%)  y I(%)  y II(%)  samples'];
  for (const r of [...m.levels, { label: 'weighted', ...m.overall }]) {
    out.push(`${r.label.padEnd(9)} ${f2(r.medianXStepI).padStart(6)} ${f2(r.medianXStepII).padStart(8)} ${f2(r.medianYStepI).padStart(7)} ${f2(r.medianYStepII).padStart(8)} ${String(r.samples).padStart(8)}`);
  }
  const d = m.detection;
  out.push('', `detection ${f2(d.accuracy)} % (${d.detected}/${d.truth}), false positives ${f2(d.falsePositivesPerImage)} per image`);
  out.push(`with S1 in view (${d.withS1.images} images): ${d.withS1.wrongLevel} of ${d.withS1.reported} reported vertebrae on another level${d.withS1.wrongLevelImages.length ? ` (${d.withS1.wrongLevelImages.length} images)` : ''}`);
  const lc = m.levelChecks;
  if (Object.keys(lc).length) out.push(`level labels: ${lc['consistent'] ?? 0} images consistent with the spacing, ${lc['recounted-from-S1'] ?? 0} recounted from S1, ${lc['inconsistent'] ?? 0} inconsistent without a confident S1`);
  out.push(`PCK@10% ${f2(m.pck.overall[1])} %, PCK@20% ${f2(m.pck.overall[3])} %`);
  out.push(`corner errors within 1 spread ${f2(m.spreadHonesty.within1)} % (Gaussian 39.3 %), within 2 ${f2(m.spreadHonesty.within2)} % (86.5 %); spread scale ${f2(m.spreadHonesty.scale)} (1 = honest)`);
  out.push('', 'angle      n  median|e|  max|e|  >5°(%)     R²     SD   bias   limits');
  for (const [name, s] of [...Object.entries(m.angles), ['discs', m.discs.pooled] as const]) {
    out.push(`${name.padEnd(7)} ${String(s.n).padStart(4)} ${f2(s.medianAbsError).padStart(9)} ${f2(s.maxAbsError).padStart(7)} ${f2(s.over5).padStart(7)} ${f2(s.r2).padStart(6)} ${f2(s.sd).padStart(6)} ${f2(s.bias).padStart(6)}  ${f2(s.loaLower)}…${f2(s.loaUpper)}${s.unmeasured ? `  (${s.unmeasured} unmeasurable)` : ''}`);
  }
  return out.join('\n') + '\n';
}
