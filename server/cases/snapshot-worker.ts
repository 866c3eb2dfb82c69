/**
 * Snapshot worker thread: burns the overlay into the frame and encodes the
 * PNG (≈ 0.1–0.2 s for 1024², which must not stall the monitor's thread).
 * Messages: in `{id, data, width, height, vertebrae}`, out `{id, png}` or `{id, error}`.
 */
import { parentPort } from 'node:worker_threads';
import type { VertebraWire } from '../protocol/messages.js';
import { renderSnapshotPng } from './snapshot.js';

export interface SnapshotJob { id: number; data: Uint8Array; width: number; height: number; vertebrae: VertebraWire[] }
export type SnapshotReply = { id: number; png: Uint8Array } | { id: number; error: string };

parentPort?.on('message', (job: SnapshotJob) => {
  let reply: SnapshotReply;
  try {
    const png = renderSnapshotPng({ data: job.data, width: job.width, height: job.height, frame: 0, timeMs: 0 }, { frame: 0, timeMs: 0, shot: 0, angles: {}, vertebrae: job.vertebrae });
    reply = { id: job.id, png: new Uint8Array(png.buffer, png.byteOffset, png.byteLength) };
  } catch (err) {
    reply = { id: job.id, error: (err as Error).message };
  }
  parentPort!.postMessage(reply);
});
