/**
 * A snapshot: the (already masked) frame with the measurement overlay burned
 * in, as an RGB PNG, plus the measurement itself as JSON.
 */
import { encodeRgbPng } from '../image/png.js';
import type { MeasurementMessage } from '../protocol/messages.js';
import { renderOverlay } from './overlay.js';

/** The last live frame kept by the recorder, already masked. */
export interface KeptFrame { readonly data: Uint8Array; readonly width: number; readonly height: number; readonly frame: number; readonly timeMs: number }

/** What a snapshot stores about the measurement (angles and corners at that frame). */
export interface SnapshotMeasurement {
  frame: number;
  timeMs: number;
  shot: number;
  angles: MeasurementMessage['angles'];
  vertebrae: MeasurementMessage['vertebrae'];
}

export function snapshotMeasurement(m: MeasurementMessage): SnapshotMeasurement {
  return { frame: m.frame, timeMs: m.timeMs, shot: m.shot, angles: m.angles, vertebrae: m.vertebrae };
}

/** Renders the overlay on the kept frame and encodes it (tens of ms for 1024²: call off the hot path). */
export function renderSnapshotPng(frame: KeptFrame, m: SnapshotMeasurement): Buffer {
  const rgb = renderOverlay({ data: frame.data, width: frame.width, height: frame.height }, m.vertebrae);
  return encodeRgbPng(rgb.data, rgb.width, rgb.height);
}
