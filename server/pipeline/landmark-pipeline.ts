/**
 * The batched 2-step pipeline: resize every image to step I's input, run step I
 * once for the batch, crop every reported vertebra of every image around its
 * step-I corners, run step II once for all crops, map the refined corners back
 * and measure the angles. Sessions and buffers live as long as the object.
 */
import * as ort from 'onnxruntime-node';
import { LABELS } from '../spec/labels.js';
import type { GrayImage } from '../image/types.js';
import { checkImage } from '../image/validate.js';
import { resampleInto, resizeInto, unitScale, wholeImage, type Region } from '../image/resample.js';
import { measureAngles } from '../measure/measurable.js';
import type { ModelManifest } from './manifest-types.js';
import type { Provider } from './sessions.js';
import { checkDims } from './sessions.js';
import { InputBuffers } from './buffers.js';
import { cropRegion } from './crop.js';
import { averageEstimates, decodeVertebra, mirroredRegion, S1_INDEX, withDisagreement } from './decode.js';
import { dropDuplicates } from './duplicates.js';
import { clearOfSurround, surroundLevels, whollyInImage } from './in-view.js';
import { bladeKeepPx, clearOfBlades, findGreyBlades, type Blade } from './blades.js';
import { countLevels } from './level-chain.js';
import type { ImagePrediction, VertebraPrediction } from './types.js';

/** The reported presence at and above which a vertebra counts as reported (the dataset spec's rule). */
export const PRESENCE_THRESHOLD = 0.5;

/**
 * Step I's own presence a vertebra needs for the angles: the spec's 0.5,
 * whatever the package's candidate threshold. A package may report vertebrae
 * from a lower threshold (they count for detection, the dashboard shows
 * them); an angle needing one is withheld with the reason. On the
 * calibration set the vertebrae between the two thresholds were right about
 * half the time but placed less well: with them, one L1–L5 angle read 6.2°
 * off, and on the normal set an S1 gave L1–S1 and SS 26° off (docs/pipeline.md).
 */
export const ANGLE_PRESENCE = 0.5;

/**
 * The presence a vertebra is reported with: step I's output `raw` moved on
 * the logit scale so that the package's `threshold` reads 0.5 (monotone; the
 * identity for a threshold of 0.5). Downstream, "score ≥ 0.5" keeps meaning
 * "reported" (tracking, angles, the dashboard, the spec's evaluation).
 */
export function reportedPresence(raw: number, threshold: number): number {
  if (threshold === 0.5) return raw;
  const logit = (p: number): number => Math.log(p / (1 - p));
  const r = Math.min(Math.max(raw, 1e-7), 1 - 1e-7);
  return 1 / (1 + Math.exp(-(logit(r) - logit(threshold))));
}

/**
 * Side of the square the training code resizes every image to before sampling
 * step I's input (its `cache_size`, 1024 in both profiles); a manifest may
 * override it with `training.cache_size`. Matching it keeps the input's look
 * (sharpness, noise) as in training.
 */
export const DEFAULT_TRAINING_SIDE = 1024;

/** The training resize side from a manifest, or the default. */
export function trainingSide(m: ModelManifest): number {
  const v = m.training?.cache_size ?? m.training?.cacheSize;
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : DEFAULT_TRAINING_SIDE;
}

/** Options of one run (Pipeline.run). */
export interface RunOptions {
  readonly horizontalDeg?: number;
  readonly mirror?: boolean;
  /**
   * Reuse the grey blades found on an earlier image of the same size run
   * with the same `key` (e.g. a live fluoroscopy shot) up to `maxAgeMs` ago,
   * instead of finding them again (2–4 ms a frame). Without it every image
   * is analysed.
   */
  readonly reuseField?: { readonly key: number | string; readonly maxAgeMs: number };
}

interface Found { image: number; label: number; score: number; stepI: VertebraPrediction['stepI']; region: Region }

export class LandmarkPipeline {
  private readonly bufI: InputBuffers;
  private readonly bufII: InputBuffers;
  private readonly viaSide: number;
  /** Intermediate training-side image for frames of another size, allocated on first use. */
  private scratch: Float32Array | undefined;

  constructor(
    readonly manifest: ModelManifest,
    private readonly sI: ort.InferenceSession,
    private readonly sII: ort.InferenceSession,
    readonly provider: Provider,
    readonly providerNote: string,
    private readonly maxBatch: number,
    /** Run the mirrored views too (step I's with `stepI.mirror`, step II's with `stepII.mirror`), unless a run says otherwise. */
    readonly mirrorByDefault: boolean,
    /** Step I's presence from which a label is a candidate (manifest `stepI.presenceThreshold`, default 0.5). */
    readonly presenceThreshold: number = manifest.stepI.presenceThreshold ?? PRESENCE_THRESHOLD,
  ) {
    this.bufI = new InputBuffers(manifest.stepI.input.height * manifest.stepI.input.width);
    this.bufII = new InputBuffers(manifest.stepII.input.height * manifest.stepII.input.width);
    this.viaSide = trainingSide(manifest);
  }

  /** The reported presence from which a vertebra counts for the angles: step I's ANGLE_PRESENCE, mapped. */
  get anglePresence(): number { return reportedPresence(Math.max(ANGLE_PRESENCE, this.presenceThreshold), this.presenceThreshold); }

  /** Calls run one after the other: the input buffers are shared, so runs must not overlap. */
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * Runs the images in chunks of at most maxBatch; each chunk is one step-I run and one step-II run.
   * `mirror` overrides mirrorByDefault for this call (each step mirrors only when the package has its `mirror`).
   */
  run(images: readonly GrayImage[], opts: RunOptions = {}): Promise<ImagePrediction[]> {
    const job = this.queue.then(async () => {
      images.forEach((img, i) => checkImage(img, images.length > 1 ? `image ${i}` : 'image'));
      const out: ImagePrediction[] = [];
      for (let i = 0; i < images.length; i += this.maxBatch) out.push(...(await this.runBatch(images.slice(i, i + this.maxBatch), opts)));
      return out;
    });
    this.queue = job.catch(() => undefined);
    return job;
  }

  /** Which steps run their mirrored views when a run asks for `mirror` (default: mirrorByDefault): each only when the package has its `mirror`. */
  mirroredSteps(mirror: boolean = this.mirrorByDefault): { stepI: boolean; stepII: boolean } {
    return { stepI: mirror && this.manifest.stepI.mirror !== undefined, stepII: mirror && this.manifest.stepII.mirror !== undefined };
  }

  /** The grey blades last found, for `reuseField` (the live monitor, within a shot). */
  private fieldCache: { key: number | string; width: number; height: number; atMs: number; blades: Blade[] } | undefined;

  private async runBatch(images: readonly GrayImage[], opts: RunOptions): Promise<ImagePrediction[]> {
    const m = this.manifest, nI = m.stepI, nII = m.stepII;
    const { stepI: mirrorI, stepII: mirror } = this.mirroredSteps(opts.mirror);
    const N = images.length, NI = mirrorI ? 2 * N : N;
    let t = performance.now();
    const W = nI.input.width, H = nI.input.height, inI = this.bufI.get(NI), planeI = H * W;
    images.forEach((img, k) => {
      if (img.width !== this.viaSide || img.height !== this.viaSide) this.scratch ??= new Float32Array(this.viaSide * this.viaSide);
      resizeInto(img, { scale: unitScale(img), ...nI.normalisation }, inI, k * planeI, W, H, this.viaSide, this.scratch);
      if (mirrorI) mirrorPlane(inI, k * planeI, (N + k) * planeI, W, H);
    });
    // The field's edges (surround levels, grey blades) for the in-view rules, measured here, before
    // ONNX Runtime's threads run: after a run they spin a while and slow this work 2–3 times.
    const fields = images.map((img) => {
      const levels = surroundLevels(img);
      const reuse = opts.reuseField, c = this.fieldCache, now = performance.now();
      if (reuse && c && c.key === reuse.key && c.width === img.width && c.height === img.height && now - c.atMs <= reuse.maxAgeMs) return { levels, blades: c.blades };
      const blades = findGreyBlades(img, levels);
      if (reuse) this.fieldCache = { key: reuse.key, width: img.width, height: img.height, atMs: now, blades };
      return { levels, blades };
    });
    const preMs = performance.now() - t;

    t = performance.now();
    const rI = await this.sI.run({ [nI.input.name]: new ort.Tensor('float32', inI, [NI, 1, H, W]) });
    const presence = rI[nI.outputs.presence!]!, heatI = rI[nI.outputs.heatmaps]!;
    checkDims(presence, [NI, 24], `step I output "${nI.outputs.presence}"`);
    checkDims(heatI, [NI, 24, 4, nI.heatmap.height, nI.heatmap.width], `step I output "${nI.outputs.heatmaps}"`);
    const stepIMs = performance.now() - t;

    t = performance.now();
    const found = this.decodeStepI(images, presence.data as Float32Array, heatI.data as Float32Array, mirrorI);
    let postMs = performance.now() - t;

    t = performance.now();
    const refined = found.length ? await this.runStepII(images, found, mirror) : null;
    const stepIIMs = performance.now() - t;

    t = performance.now();
    const hw = nII.heatmap.width, hh = nII.heatmap.height, per = 4 * hw * hh;
    const perImage: VertebraPrediction[][] = images.map(() => []);
    const M = found.length;
    found.forEach((f, j) => {
      const s1 = f.label === S1_INDEX;
      // Mirrored: each view's heatmap spreads are calibrated with stepII.mirror.spreadScale; the two
      // views' disagreement, a distance in pixels, is added as measured.
      const scale = mirror ? nII.mirror!.spreadScale : nII.spreadScale;
      let r = decodeVertebra(refined!, j * per, hw, hh, f.region, s1, scale);
      if (mirror) r = averageEstimates(r, decodeVertebra(refined!, (M + j) * per, hw, hh, mirroredRegion(f.region), s1, scale));
      perImage[f.image]!.push({ label: LABELS[f.label]!, corners: r.corners, score: f.score, spread: r.spread, stepI: f.stepI });
    });
    const results = images.map((img, k) => {
      const { levels, blades } = fields[k]!;
      const inView = perImage[k]!.filter((v) => whollyInImage(v, img.width, img.height) && clearOfSurround(v, img, levels)
        && clearOfBlades(v, blades, bladeKeepPx(img.width, img.height)));
      const { vertebrae: counted, check } = countLevels(dropDuplicates(inView).kept);
      // After the in-view rules (docs/pipeline.md); the presence mapped last, the rules above ran on step I's own.
      const vertebrae = counted.map(withDisagreement).map((v) => ({ ...v, score: reportedPresence(v.score, this.presenceThreshold) }));
      return { img, vertebrae, levelCheck: check, m: measureAngles(vertebrae, { ...(opts.horizontalDeg === undefined ? {} : { horizontalDeg: opts.horizontalDeg }), minScore: this.anglePresence }) };
    });
    postMs += performance.now() - t;
    const timings = { preMs, stepIMs, stepIIMs, postMs, mirrored: mirror || mirrorI };
    return results.map(({ img, vertebrae, levelCheck, m: r }) => ({ width: img.width, height: img.height, vertebrae, levelCheck, angles: r.angles, sd: r.sd, unmeasurable: r.unmeasurable, timings }));
  }

  /**
   * Step-I decoding: every label with presence ≥ presenceThreshold, its corners in original pixels and its crop region.
   * `mirrored`: images N…2N−1 of the outputs are images 0…N−1 mirrored; scores and estimates are averaged.
   */
  private decodeStepI(images: readonly GrayImage[], presence: Float32Array, heat: Float32Array, mirrored: boolean): Found[] {
    const nI = this.manifest.stepI, { width: hw, height: hh } = nI.heatmap, per = 4 * hw * hh, N = images.length;
    const scale = mirrored ? nI.mirror!.spreadScale : nI.spreadScale;
    const found: Found[] = [];
    images.forEach((img, k) => {
      const whole = wholeImage(img), mirroredWhole = mirroredRegion(whole);
      for (let l = 0; l < 24; l++) {
        const i = k * 24 + l, m = (N + k) * 24 + l;
        const score = mirrored ? (presence[i]! + presence[m]!) / 2 : presence[i]!;
        if (!(score >= this.presenceThreshold)) continue;
        const s1 = l === S1_INDEX;
        let stepI = decodeVertebra(heat, i * per, hw, hh, whole, s1, scale);
        if (mirrored) stepI = averageEstimates(stepI, decodeVertebra(heat, m * per, hw, hh, mirroredWhole, s1, scale));
        const region = cropRegion(stepI.corners, this.manifest.stepII.crop);
        if (region) found.push({ image: k, label: l, score, stepI, region });
      }
    });
    return found;
  }

  /**
   * All crops of all images in one step-II run; returns the heatmaps [M, 4, h, w],
   * or [2M, 4, h, w] with `mirror` (crops M…2M−1 are crops 0…M−1 mirrored left–right).
   */
  private async runStepII(images: readonly GrayImage[], found: readonly Found[], mirror: boolean): Promise<Float32Array> {
    const nII = this.manifest.stepII, M = found.length, W = nII.input.width, H = nII.input.height, plane = H * W;
    const total = mirror ? 2 * M : M;
    const inII = this.bufII.get(total);
    found.forEach((f, j) => {
      const img = images[f.image]!;
      resampleInto(img, f.region, { scale: unitScale(img), ...nII.normalisation }, inII, j * plane, W, H);
      if (mirror) mirrorPlane(inII, j * plane, (M + j) * plane, W, H);
    });
    const r = await this.sII.run({ [nII.input.name]: new ort.Tensor('float32', inII, [total, 1, H, W]) });
    const heat = r[nII.outputs.heatmaps]!;
    checkDims(heat, [total, 4, nII.heatmap.height, nII.heatmap.width], `step II output "${nII.outputs.heatmaps}"`);
    return heat.data as Float32Array;
  }

  async dispose(): Promise<void> {
    await this.sI.release();
    await this.sII.release();
  }
}

/** Copies the W×H plane at `src` into `dst` mirrored left–right. */
function mirrorPlane(buf: Float32Array, src: number, dst: number, W: number, H: number): void {
  for (let y = 0; y < H; y++) {
    const a = src + y * W, b = dst + y * W;
    for (let x = 0; x < W; x++) buf[b + x] = buf[a + W - 1 - x]!;
  }
}
