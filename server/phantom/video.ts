/**
 * Phantom surgical video: frames of a timeline (default: a lumbar
 * correction) rendered with exact truth per frame, as a generator of raw
 * 8-bit frames, or written as video.mp4 (H.264, constant rate) + truth.json.
 *
 * @example
 *   for (const f of videoFrames({ seconds: 10, fps: 30, seed: 1, width: 720, height: 720 })) {
 *     f.image;  // Uint8Array, width × height, the frame as encoded
 *     f.truth;  // { frame, t, shot, held, vertebrae, angles, patient, … }
 *   }
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImageAnnotation } from '../spec/dataset.js';
import { DATASET_FORMAT, type Dataset } from '../spec/dataset.js';
import { buildAnatomy } from './anatomy.js';
import { VideoEncoder } from './encoder.js';
import { sampleLook } from './look.js';
import { buildImplants } from './metal.js';
import { drawOverlay } from './overlay.js';
import { samplePatient } from './patient.js';
import { renderScene } from './render.js';
import { createRng } from './rng.js';
import { scheduleFrames } from './schedule.js';
import { chooseView } from './still.js';
import { prepareOutDir, formatJson } from './stills.js';
import { sampleText } from './text.js';
import { defaultTimeline, type Timeline } from './timeline.js';
import { computeTruth } from './truth.js';
import { implantsAt, patientAt, viewAt } from './video-state.js';

export interface VideoOptions {
  seconds: number;
  /** Encoded frames per second (constant). */
  fps: number;
  seed: number;
  /** Even sizes (H.264 4:2:0); default 720 × 720. */
  width?: number;
  height?: number;
  /** Default: `defaultTimeline(seconds)`. */
  timeline?: Timeline;
}

export interface VideoFrame {
  /** 8-bit frame, width × height (held frames share the live frame's buffer). */
  image: Uint8Array;
  width: number;
  height: number;
  /** Truth of the image shown, with frame, t, shot, held. */
  truth: ImageAnnotation;
}

function check(o: VideoOptions): { width: number; height: number } {
  const width = o.width ?? 720, height = o.height ?? 720;
  if (!(o.seconds > 0) || !(o.fps > 0) || o.fps > 120) throw new RangeError(`video needs seconds > 0 and 0 < fps ≤ 120, got ${o.seconds} s at ${o.fps} fps`);
  if (width % 2 || height % 2 || width < 64 || height < 64 || width > 4096 || height > 4096) throw new RangeError(`video size must be even, from 64 to 4096, got ${width}×${height}`);
  return { width, height };
}

/** Renders the video frame by frame (live frames only are rendered; held ones repeat them). */
export function* videoFrames(o: VideoOptions): Generator<VideoFrame> {
  const { width, height } = check(o);
  const tl = o.timeline ?? defaultTimeline(o.seconds);
  const rng = createRng(o.seed);
  const base = samplePatient(rng.fork(1), tl.patient ?? {});
  const detail = rng.fork(2).u32();
  const look = { ...sampleLook(rng.fork(3), false, true), metal: true, blurPx: rng.fork(8).uniform(0.6, 1.6), noise: rng.fork(9).uniform(0.01, 0.035) };
  const anatomy0 = buildAnatomy(base, detail);
  const view0 = chooseView(rng.fork(4), anatomy0, {
    width, height, fluoro: true, hard: false, caudal: 'S1', cranial: rng.fork(10).pick(['T12', 'L1', 'L1']),
    rotationDeg: Math.max(-12, Math.min(12, rng.fork(11).normal(0, 5))), shutterChance: 0.4,
  });
  const text = sampleText(rng.fork(6));
  const implantSeed = rng.fork(5).u32();
  const motionRng = rng.fork(12);
  let live: Uint8Array = new Uint8Array(width * height);
  let liveTruth: ImageAnnotation = { width, height, vertebrae: [] };
  let livePulse = -2;
  for (const slot of scheduleFrames(tl, o.seconds, o.fps)) {
    if (slot.pulse !== livePulse) {
      livePulse = slot.pulse;
      const t = slot.pulseT!;
      const breathe = Math.sin((2 * Math.PI * t) / 4.2) * (tl.motionMm ?? 0.6);
      const motion: [number, number] = [motionRng.normal(0, 0.15) * (tl.motionMm ?? 0.6), breathe];
      const patient = patientAt(base, tl, t);
      const anatomy = buildAnatomy(patient, detail);
      const view = viewAt(view0, tl, t, motion);
      const implants = buildImplants(anatomy, implantsAt(tl, t, implantSeed));
      const img = renderScene({ anatomy, implants, view, look, text }, createRng(o.seed * 7919 + slot.pulse));
      live = new Uint8Array(width * height);
      for (let i = 0; i < live.length; i++) live[i] = Math.round(Math.min(1, Math.max(0, img.data[i]!)) * 255);
      liveTruth = computeTruth(anatomy, view) as unknown as ImageAnnotation;
    }
    const truth: ImageAnnotation = slot.shot < 0
      ? { frame: slot.frame, t: round(slot.t), shot: -1, held: false, width, height, vertebrae: [], angles: {}, patient: {} }
      : { frame: slot.frame, t: round(slot.t), shot: slot.shot, held: slot.held, ...liveTruth };
    yield { image: slot.shot < 0 ? new Uint8Array(width * height) : live, width, height, truth };
  }
}

function round(v: number): number { return Math.round(v * 1e6) / 1e6; }

export interface WriteVideoOptions extends VideoOptions {
  out: string;
  /** Also write overlay.mp4 with the truth drawn. */
  overlay?: boolean;
  onProgress?: (done: number, total: number) => void;
}

/** Writes `video.mp4` and `truth.json` (and `overlay.mp4`) into `out`; resolves to the truth. */
export async function writeVideo(o: WriteVideoOptions): Promise<Dataset> {
  const { width, height } = check(o);
  prepareOutDir(o.out);
  const enc = new VideoEncoder({ path: join(o.out, 'video.mp4'), width, height, fps: o.fps });
  const ov = o.overlay ? new VideoEncoder({ path: join(o.out, 'overlay.mp4'), width, height, fps: o.fps, pixFmt: 'rgb24', crf: 16 }) : null;
  const images: ImageAnnotation[] = [];
  const total = Math.max(1, Math.round(o.seconds * o.fps));
  try {
    let lastOverlay: { src: Uint8Array; rgb: Uint8Array } | null = null;
    for (const f of videoFrames(o)) {
      await enc.write(f.image);
      if (ov) {
        if (!lastOverlay || lastOverlay.src !== f.image) lastOverlay = { src: f.image, rgb: drawOverlay({ data: f.image, width, height }, f.truth) };
        await ov.write(lastOverlay.rgb);
      }
      images.push(f.truth);
      o.onProgress?.(images.length, total);
    }
    await enc.close();
    await ov?.close();
  } catch (err) {
    enc.abort(); ov?.abort();
    throw err;
  }
  const dataset: Dataset = {
    format: DATASET_FORMAT,
    generator: { name: 'sagitta phantom video', seed: o.seed, seconds: o.seconds, fps: o.fps, width, height, video: 'video.mp4' },
    images,
  };
  writeFileSync(join(o.out, 'truth.json'), formatJson(dataset));
  return dataset;
}
