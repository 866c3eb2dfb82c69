/**
 * The 2-step vertebra landmark pipeline (Cina et al. 2021), batched, on ONNX
 * Runtime. Public surface: `createPipeline` and the result types.
 *
 * @example
 *   const p = await createPipeline({ modelsDir: 'models/default' });
 *   const [pred] = await p.run([await loadImage('0001.png')]);
 *   console.log(pred.angles.L1S1, pred.sd.L1S1, pred.unmeasurable);
 *   await p.dispose();
 */
import * as ort from 'onnxruntime-node';
import type { GrayImage } from '../image/types.js';
import type { ModelManifest } from './manifest-types.js';
import { readManifest, readNetworkFile } from './manifest.js';
import { checkDims, checkSessionIo, createSession, type Provider, type ProviderChoice } from './sessions.js';
import { LandmarkPipeline, PRESENCE_THRESHOLD, type RunOptions } from './landmark-pipeline.js';
import type { ImagePrediction } from './types.js';

export type { ImagePrediction, VertebraPrediction, StageTimings, MaybeCorners, MaybeSpreads } from './types.js';
export { ANGLE_PRESENCE, PRESENCE_THRESHOLD, reportedPresence, type RunOptions } from './landmark-pipeline.js';

export interface PipelineOptions {
  /** Model package folder holding manifest.json and the ONNX files. */
  modelsDir: string;
  /** Execution provider; `auto` (default) tries cuda, webgpu, cpu. */
  provider?: ProviderChoice;
  /** ORT intra-op threads; default 0 (ORT decides). */
  threads?: number;
  /** Most images per step-I run (larger inputs are split); default 8. */
  maxBatch?: number;
  /**
   * ORT threads spin-wait between operators (ORT's own default); default false
   * here: on 2 cores the spinning threads slow the JavaScript stages and each
   * other (`npm run bench -- pipeline` prints both; docs/pipeline.md, Speed).
   */
  spinning?: boolean;
  /** Mirrored views by default (default: true when the package has `stepI.mirror` or `stepII.mirror`). */
  mirror?: boolean;
  /** Step I's candidate threshold instead of the manifest's `stepI.presenceThreshold` (for choosing it: `sagitta evaluate --presence-threshold`). */
  presenceThreshold?: number;
}

export interface Pipeline {
  /** The validated manifest of the loaded package. */
  readonly manifest: ModelManifest;
  /** The execution provider actually running. */
  readonly provider: Provider;
  /** Why this provider, e.g. "cuda unavailable (…); using cpu". */
  readonly providerNote: string;
  /** Step I's candidate threshold in use (manifest `stepI.presenceThreshold` or the option; reported presences read 0.5 there). */
  readonly presenceThreshold: number;
  /** The reported presence from which a vertebra counts for the angles (0.5 unless the threshold is lower; pass it as `minScore` to measureAngles). */
  readonly anglePresence: number;
  /** Whether runs add the mirrored views unless told otherwise (needs `stepI.mirror` or `stepII.mirror` in the package). */
  readonly mirrorByDefault: boolean;
  /** Which steps run their mirrored views for a run that asks for `mirror` (default: mirrorByDefault). */
  mirroredSteps(mirror?: boolean): { stepI: boolean; stepII: boolean };
  /** All images in one batch: step I as one run, step II of all crops of all images as one run; `mirror` overrides mirrorByDefault. */
  run(images: readonly GrayImage[], opts?: RunOptions): Promise<ImagePrediction[]>;
  /** Releases the ONNX Runtime sessions. */
  dispose(): Promise<void>;
}

/** Runs each network once on zeros to check the output shapes against the manifest (and to warm up). */
async function dryRun(m: ModelManifest, sI: ort.InferenceSession, sII: ort.InferenceSession): Promise<void> {
  const a = m.stepI, b = m.stepII;
  const rI = await sI.run({ [a.input.name]: new ort.Tensor('float32', new Float32Array(a.input.height * a.input.width), [1, 1, a.input.height, a.input.width]) });
  checkDims(rI[a.outputs.presence!]!, [1, 24], `step I model "${a.file}" output "${a.outputs.presence}"`);
  checkDims(rI[a.outputs.heatmaps]!, [1, 24, 4, a.heatmap.height, a.heatmap.width], `step I model "${a.file}" output "${a.outputs.heatmaps}"`);
  const rII = await sII.run({ [b.input.name]: new ort.Tensor('float32', new Float32Array(2 * b.input.height * b.input.width), [2, 1, b.input.height, b.input.width]) });
  checkDims(rII[b.outputs.heatmaps]!, [2, 4, b.heatmap.height, b.heatmap.width], `step II model "${b.file}" output "${b.outputs.heatmaps}"`);
}

/**
 * Loads and validates a model package and creates its sessions. Throws an
 * Error naming the problem for a missing or wrong file, a SHA-256 mismatch,
 * or inputs/outputs that do not match the manifest.
 */
export async function createPipeline(opts: PipelineOptions): Promise<Pipeline> {
  const threads = opts.threads ?? 0, maxBatch = opts.maxBatch ?? 8;
  if (opts.presenceThreshold !== undefined && !(opts.presenceThreshold > 0 && opts.presenceThreshold < 1)) throw new Error(`presenceThreshold must be in (0, 1), got ${opts.presenceThreshold}`);
  if (!Number.isInteger(threads) || threads < 0) throw new Error(`threads must be an integer ≥ 0, got ${threads}`);
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new Error(`maxBatch must be an integer ≥ 1, got ${maxBatch}`);
  const dir = opts.modelsDir;
  const manifest = await readManifest(dir);
  const bytesI = await readNetworkFile(dir, manifest.stepI, 'stepI');
  const bytesII = await readNetworkFile(dir, manifest.stepII, 'stepII');
  const spinning = opts.spinning ?? false;
  const a = await createSession(bytesI, { provider: opts.provider ?? 'auto', threads, spinning });
  const b = await createSession(bytesII, { provider: a.provider, threads, spinning });
  try {
    checkSessionIo(a.session, manifest.stepI, 'stepI');
    checkSessionIo(b.session, manifest.stepII, 'stepII');
    await dryRun(manifest, a.session, b.session);
  } catch (err) {
    await a.session.release(); await b.session.release();
    throw new Error(`model package ${dir}: ${(err as Error).message}`);
  }
  const presence = opts.presenceThreshold ?? manifest.stepI.presenceThreshold ?? PRESENCE_THRESHOLD;
  return new LandmarkPipeline(manifest, a.session, b.session, a.provider, a.note, maxBatch, (manifest.stepI.mirror !== undefined || manifest.stepII.mirror !== undefined) && (opts.mirror ?? true), presence);
}
