/** Options of the live monitor, with their defaults. */
import { availableParallelism } from 'node:os';
import type { CalibrationProfile } from '../../calibration/index.js';
import type { GateOptions } from '../capture/frame-gate.js';
import type { SourceSpec } from '../capture/source-spec.js';
import type { Target } from '../protocol/messages.js';
import type { TrackerOptions } from '../tracking/tracker.js';
import type { HttpRoute, MonitorSink } from './sink.js';
import type { MirrorPolicyOptions } from './mirror-policy.js';

export interface MonitorOptions {
  readonly source: SourceSpec;
  /** How the source is shown to users (no credentials). */
  readonly sourceLabel: string;
  /** Model package folder (manifest.json + ONNX files). */
  readonly modelsDir: string;
  /** ORT execution provider: auto, cuda, webgpu, cpu. */
  readonly provider?: string;
  /** ORT intra-op threads (0: ORT decides). Default: defaultInferenceThreads(). */
  readonly threads?: number;
  /** Most frames per inference batch, and most frames waiting. Default 4; 1 disables batching. */
  readonly maxBatch?: number;
  /** When a live frame runs the mirrored views (mirror-policy.ts); `false`: never. Default: the policy's defaults. */
  readonly mirror?: MirrorPolicyOptions | false;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Required from every client when set. */
  readonly token?: string | undefined;
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer } | undefined;
  /** Built dashboard folder; null serves the fallback page. */
  readonly uiDir: string | null;
  readonly targets?: readonly Target[];
  readonly sinks?: readonly MonitorSink[];
  readonly routes?: readonly HttpRoute[];
  readonly calibration?: CalibrationProfile | undefined;
  /** Angles with a larger SD are not measurable. Default 2°. */
  readonly maxSdDeg?: number;
  /** Most previews per second. Default 8. */
  readonly previewFps?: number;
  /** Preview width at most, px. Default 480. */
  readonly previewWidth?: number;
  /** ms between status messages. Default 1000. */
  readonly statusIntervalMs?: number;
  /** ms between WebSocket pings. Default 15 000. */
  readonly heartbeatMs?: number;
  readonly tracker?: Partial<TrackerOptions>;
  readonly gate?: GateOptions;
  /** Restart a file source at its end instead of ending. */
  readonly restartOnEnd?: boolean;
  readonly ffmpegPath?: string;
  /** Log lines (no patient identifiers are ever passed here). */
  readonly log?: (line: string) => void;
}

export const SYNTHETIC_NOTICE = 'Model trained on synthetic phantom images only: not for clinical use.';

/**
 * The inference worker's ORT intra-op threads when none are asked for: one
 * fewer than the CPU cores, at least 1. The remaining core keeps ffmpeg's
 * pipe, the frame gate, the previews and the WebSockets responsive; on the
 * 2-core machine this halved the latency p99 (docs/monitor.md).
 */
export function defaultInferenceThreads(cores = availableParallelism()): number {
  return Math.max(1, cores - 1);
}
