/**
 * Writes a lossless test video (FFV1 in Matroska) of the tiny model's dot
 * images (test/fixtures/synthetic.ts) with fresh noise on every live frame,
 * exactly repeated frames where `held`, through real ffmpeg.
 */
import { spawn } from 'node:child_process';
import { resolveFfmpeg } from '../../server/ffmpeg/resolve.js';
import { dotImage, dotTruth } from '../fixtures/synthetic.js';
import { seeded } from './synthetic-spine.js';

export interface DotFrame {
  /** Repeat the previous frame's pixels exactly (last-image-hold). */
  readonly held?: boolean;
  /** Offset of the whole picture, px (a C-arm move). */
  readonly dx?: number;
  /** Background gray level (0..255); 0 with no noise = black, no signal. */
  readonly background?: number;
}

export async function writeDotVideo(file: string, frames: readonly DotFrame[], size = 256, fps = 15, seed = 1): Promise<void> {
  const rand = seeded(seed);
  const truth = Object.values(dotTruth(size, size)).flat();
  const child = spawn(resolveFfmpeg().path, ['-y', '-hide_banner', '-loglevel', 'error', '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${size}x${size}`, '-r', String(fps), '-i', 'pipe:0', '-c:v', 'ffv1', file], { stdio: ['pipe', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const done = new Promise<void>((res, rej) => child.on('close', (c) => (c === 0 ? res() : rej(new Error(`ffmpeg failed: ${err}`)))));
  let prev = new Uint8Array(size * size);
  for (const f of frames) {
    if (!f.held) {
      const dots = dotImage(size, size, truth.map(([x, y]) => [x + (f.dx ?? 0), y] as const)).data as Uint8Array;
      const bg = f.background ?? 40;
      const img = new Uint8Array(size * size);
      for (let i = 0; i < img.length; i++) img[i] = Math.min(255, Math.max(dots[i]!, bg ? bg + Math.round((rand() - 0.5) * 24) : 0));
      prev = img;
    }
    if (!child.stdin.write(prev)) await new Promise((r) => child.stdin.once('drain', r));
  }
  child.stdin.end();
  await done;
}
