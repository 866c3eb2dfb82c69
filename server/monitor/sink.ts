/**
 * What the live monitor hands to its recorders (server/cases implements it),
 * and how other parts add HTTP routes to the monitor's server.
 * The monitor calls every method synchronously on its main thread: an
 * implementation must be fast (queue, then write in batches) and must never
 * throw; it reports its own failures through `status()`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GrayFrame } from '../image/types.js';
import type { MeasurementMessage, Target } from '../protocol/messages.js';

export interface FrameInfo {
  /** Frame sequence number, as in MeasurementMessage.frame. */
  frame: number;
  /** Server wall-clock time, ms since the epoch. */
  timeMs: number;
  shot: number;
  /** True on the first frame of a new fluoroscopy shot. */
  newShot: boolean;
  /** True when the frame repeats the last live image (last-image-hold). */
  held: boolean;
}

export interface RecorderStatus {
  active: boolean;
  caseId?: string;
  /** Set when recording fails (disk full, read-only folder): shown on the dashboard. */
  error?: string;
}

export interface MonitorSink {
  /** Every measurement sent to clients (after tracking and targets). */
  onMeasurement(m: MeasurementMessage): void;
  /** Every live (non-held) frame from the capture, before inference; the frame buffer is only valid during the call. */
  onFrame?(frame: GrayFrame, info: FrameInfo): void;
  /** An event marked by the user or the system (`mark`, `shot`, `source-restart`, `level-shift`, …). */
  onEvent(e: { timeMs: number; kind: string; note?: string }): void;
  /** The full target list after any change. */
  onTargets(targets: Target[]): void;
  /** A snapshot request from a client: the recorder stores the last frame with its overlay. */
  onSnapshot?(): void;
  /** Start or stop recording at the user's request. */
  setRecording?(active: boolean): void;
  status(): RecorderStatus;
  close(): Promise<void>;
}

/**
 * An extra HTTP route of the monitor's server. Returns true when it handled
 * the request. Runs after the monitor's own authentication check.
 */
export type HttpRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;
