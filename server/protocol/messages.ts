/**
 * The WebSocket `/live` wire protocol between the monitor and the dashboard.
 * This file has no imports on purpose, so that `server/` and `ui/` share it.
 *
 * Every message is JSON with a `type` discriminator and the protocol version
 * `v`. Server → client messages are `ServerMessage`; client → server control
 * messages are `ClientMessage` (validated by the server; a malformed one gets
 * an `error` reply and changes nothing). Angles are in degrees, times in
 * milliseconds, coordinates in original frame pixels (x right, y down).
 */

export const PROTOCOL_VERSION = 1;

/** A measured angle with its uncertainty, or why it is not measurable. */
export type AngleValue =
  | { value: number; sd: number; combined?: boolean; status?: TargetStatus; delta?: number }
  | { value: null; reason: string };

export type TargetStatus = 'within' | 'below' | 'above';

export interface Target {
  /** Angle name as in the spec: `L1L5`, `L1S1`, `SS`, `disc:L4L5`, … */
  angle: string;
  valueDeg: number;
  toleranceDeg: number;
  /** Where it came from: `cli`, `dashboard`, `plan`. */
  source?: string;
}

export interface VertebraWire {
  label: string;
  /** SA, SP, IP, IA (null when unknown). */
  corners: ([number, number] | null)[];
  /** Presence probability 0..1. */
  score: number;
  /** Per-corner spread in pixels (null when unknown). */
  spread: (number | null)[];
  /** Not observed for a while: shown, but its angles are not measurable. */
  stale?: boolean;
  /** This frame's detection jumped away and is held back until it persists. */
  heldBack?: boolean;
}

export interface MeasurementMessage {
  type: 'measurement';
  v: number;
  /** Frame sequence number since the source started. */
  frame: number;
  /** Server wall-clock time of the frame, ms since the epoch. */
  timeMs: number;
  /** Fluoroscopy shot index (a new shot starts on a large global change). */
  shot: number;
  width: number;
  height: number;
  vertebrae: VertebraWire[];
  angles: Record<string, AngleValue>;
  /**
   * Absent when the level labels agree with the vertebrae's spacing.
   * `recounted-from-S1`: they did not and were counted again upwards from a
   * confident S1 (a vertebra had been missed). `inconsistent`: they did not
   * at some frame of this shot and no confident S1 anchored a recount: the
   * labels need the surgeon's check.
   */
  levelCheck?: 'recounted-from-S1' | 'inconsistent';
  /** Milliseconds per stage for this frame: decode, stepI, stepII, tracking, send … */
  timings: Record<string, number>;
}

export interface StatusMessage {
  type: 'status';
  v: number;
  source: string;
  /** `starting`, `live`, `held`, `no-signal`, `restarting`, `failed`, `ended`. */
  sourceState: string;
  sourceError?: string;
  fps: number;
  latencyMs: number;
  executionProvider: string;
  model: { name: string; version: string; syntheticOnly: boolean; notice?: string };
  /** Age of the held image in ms when the source shows a last-image-hold. */
  heldForMs?: number;
  recording: { active: boolean; caseId?: string; error?: string };
  calibration?: string;
  /** Level override in force ("lowest visible vertebra is L5"), if any. */
  levelShift?: number;
  /** The surgeon confirmed the level labels (until the C-arm moves). */
  levelsConfirmed?: boolean;
  /** Latency percentiles from frame read to WebSocket send over the last frames, ms. */
  latencyP95Ms?: number;
  /** Median ms per stage over the last frames (decode, gate, queue, pre, stepI, stepII, post, tracking, send). */
  stageMs?: Record<string, number>;
  /** Share of the last measured frames (%) that ran the mirrored views (packages with `stepI.mirror` / `stepII.mirror`; the monitor runs the single views for a batch of several waiting frames, to catch up). */
  mirroredPct?: number;
  /** Frames dropped since the start (latest frame wins under load). */
  droppedFrames?: number;
  /** Times the source was restarted after dying. */
  sourceRestarts?: number;
  /** Current shot index (a new shot starts after a hold or a C-arm move). */
  shot?: number;
  /** Frame size the angles are measured on (square pixels, after deinterlacing). */
  frameSize?: { width: number; height: number };
}

export interface TargetsMessage { type: 'targets'; v: number; targets: Target[] }

export interface PreviewMessage {
  type: 'preview';
  v: number;
  frame: number;
  /** Data URL (`data:image/jpeg;base64,…`) of the downscaled frame. */
  image: string;
  /** Scale from original frame pixels to preview pixels. */
  scale: number;
  held: boolean;
}

export interface EventMessage { type: 'event'; v: number; timeMs: number; kind: string; note?: string }

export interface ErrorMessage { type: 'error'; v: number; code: string; message: string; requestId?: string }

export interface AckMessage { type: 'ack'; v: number; requestId?: string }

export type ServerMessage =
  | MeasurementMessage
  | StatusMessage
  | TargetsMessage
  | PreviewMessage
  | EventMessage
  | ErrorMessage
  | AckMessage;

export type ClientMessage =
  | { type: 'set-target'; requestId?: string; target: Target }
  | { type: 'clear-target'; requestId?: string; angle: string }
  | { type: 'mark-event'; requestId?: string; note?: string }
  | { type: 'shift-levels'; requestId?: string; shift: number }
  | { type: 'confirm-levels'; requestId?: string }
  | { type: 'snapshot'; requestId?: string }
  | { type: 'recording'; requestId?: string; active: boolean }
  | { type: 'hello'; requestId?: string; token?: string };
