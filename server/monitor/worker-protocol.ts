/** Messages between the monitor's main thread and its inference worker (structured clone). */
import type { ImagePrediction } from '../pipeline/index.js';

export interface WorkerInit {
  readonly type: 'init';
  readonly modelsDir: string;
  readonly provider?: string;
  readonly threads?: number;
  readonly maxBatch: number;
}

/** One frame handed to the worker; `data` is a copy (gray, width × height bytes). */
export interface WorkerFrame { readonly seq: number; readonly data: ArrayBuffer; readonly width: number; readonly height: number }

/** `mirror`: add the mirrored views (step I's image, step II's crops, as the package has them); the scheduler decides (inference-scheduler.ts). */
/** `shot`: the fluoroscopy shot of the frames, for reusing the field's edges within it (SchedulerOptions.shotOf). */
export interface WorkerRun { readonly type: 'run'; readonly id: number; readonly frames: WorkerFrame[]; readonly horizontalDeg: number; readonly mirror: boolean; readonly shot?: number }

export type ToWorker = WorkerInit | WorkerRun | { readonly type: 'close' };

export interface WorkerReady {
  readonly type: 'ready';
  readonly model: { name: string; version: string; syntheticOnly: boolean; trainingData: string; intendedUse: string };
  readonly provider: string;
  readonly providerNote: string;
  /** The reported presence from which a vertebra counts for the angles (Pipeline.anglePresence). */
  readonly anglePresence: number;
}

export interface WorkerResult {
  readonly type: 'result';
  readonly id: number;
  readonly predictions: ImagePrediction[];
  /** Wall time of `pipeline.run` inside the worker, ms. */
  readonly runMs: number;
}

export type FromWorker = WorkerReady | WorkerResult | { readonly type: 'error'; readonly id?: number; readonly message: string } | { readonly type: 'closed' };
