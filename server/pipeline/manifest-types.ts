/**
 * The model package format (`models/<name>/manifest.json`), format
 * `sagitta-models/1`. Written by the training code (models/training), read and
 * validated by the pipeline (server/pipeline/manifest.ts).
 *
 * Conventions shared by both sides:
 * - Inputs are float32 NCHW with C = 1: the grayscale image scaled to 0..1
 *   (pixel / 255, or / 65535 for 16-bit), then `(x − mean) / std`.
 * - Images are resized with pixel centres aligned (align_corners = false):
 *   output pixel i samples source coordinate (i + 0.5)·(srcSize/dstSize) − 0.5.
 * - Heatmap outputs are already normalised (softmax over each h×w map, sum 1).
 *   DSNT coordinates use dsntnn's convention: pixel centre x of a W-wide map
 *   is u = (2x + 1)/W − 1, so ±1 are the outer edges of the outer pixels.
 * - Step I: `presence` [N, 24] sigmoid probabilities (labels C2…S1) and
 *   `heatmaps` [N, 24, 4, h, w] (vertebra × corner SA, SP, IP, IA).
 * - Step II: `heatmaps` [N, 4, h, w] for one vertebra's crop.
 * - The batch dimension N is dynamic in every ONNX file.
 */

export const MODEL_FORMAT = 'sagitta-models/1';

export interface Normalisation {
  /** Applied after scaling pixels to 0..1: (x − mean) / std. */
  mean: number;
  std: number;
}

export interface NetworkSpec {
  /** ONNX file name inside the package folder. */
  file: string;
  /** Input tensor name and its [height, width]. */
  input: { name: string; height: number; width: number };
  normalisation: Normalisation;
  /** Output tensor names. Step I: presence + heatmaps; step II: heatmaps. */
  outputs: { presence?: string; heatmaps: string };
  /** [height, width] of each heatmap. */
  heatmap: { height: number; width: number };
  /** Hex SHA-256 of the ONNX file, checked at load. */
  sha256: string;
  /**
   * Factor applied to the decoded heatmap spreads (default 1) so that they
   * match the corner errors measured on held-out annotated images: written by
   * `sagitta evaluate --calibrate-spreads` (median error / spread, see
   * docs/models.md). The angle SDs, and so the 2° rule, follow from it.
   */
  spreadScale?: number;
}

export interface CropRule {
  /** Bounding box of the step-I corners enlarged by this fraction (paper: 0.7 = 70 %). */
  enlarge: number;
  /** Make the crop square (the longer side) before resizing to step II's input. */
  square: boolean;
}

export interface MirrorSpec {
  /** Calibration factor of the averaged spreads (as NetworkSpec.spreadScale). */
  spreadScale: number;
}

export interface ModelManifest {
  format: typeof MODEL_FORMAT;
  name: string;
  version: string;
  /** The 24 labels in output order (must equal C2…S1). */
  labels: string[];
  /**
   * `mirror` present: step I also runs on the whole image mirrored left–right;
   * the two presence scores are averaged (a vertebra is a candidate when the
   * mean reaches `presenceThreshold`) and the two corner estimates averaged as for step II below. At
   * 256² step I tells a whole vertebra at the field's edge from a cut one
   * better with two views (docs/models.md). Doubles step I's work. Its
   * `spreadScale` scales the averaged step-I spreads, which only size the
   * crops' record (they are not used for any decision).
   */
  stepI: NetworkSpec & {
    mirror?: MirrorSpec;
    /**
     * The step-I presence (the mean of the two views when mirrored) from
     * which a label is a candidate, in (0, 1); default 0.5. The pipeline
     * reports each vertebra's presence mapped so that this threshold reads
     * 0.5 (`reportedPresence`), so "score ≥ 0.5" keeps meaning "reported"
     * everywhere. Chosen per package on an annotated set with
     * `sagitta evaluate --presence-threshold` (docs/pipeline.md).
     */
    presenceThreshold?: number;
  };
  /**
   * `mirror` present: the package is meant to run every crop also mirrored
   * left–right and average the two estimates of each corner (the networks are
   * trained with flips and keep SA/SP/IP/IA anatomical, so the mirrored answer
   * needs only u → −u). The spread becomes √((s₁² + s₂²)/2 + |c₁ − c₂|²/8):
   * disagreement between the two views counts as uncertainty. Its
   * `spreadScale` calibrates those averaged spreads; `stepII.spreadScale`
   * calibrates the single-crop ones, used when mirroring is off (a caller's
   * choice, e.g. the live monitor when it is behind). Doubles step II's work.
   */
  stepII: NetworkSpec & { crop: CropRule; mirror?: MirrorSpec };
  /** What it was trained on, e.g. "synthetic phantom fluoroscopy (sagitta phantom), 20 000 stills". */
  trainingData: string;
  /** True when trained on synthetic images only: clients show "not for clinical use". */
  syntheticOnly: boolean;
  intendedUse: string;
  /** Training profile and settings, free-form. */
  training?: Record<string, unknown>;
  /** Evaluation results (`sagitta evaluate`), free-form. */
  metrics?: Record<string, unknown>;
}
