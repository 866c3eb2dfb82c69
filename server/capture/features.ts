/** What the installed ffmpeg can do, asked once per binary and cached. */
import { spawnSync } from 'node:child_process';
import type { FfmpegFeatures } from './ffmpeg-args.js';

export interface FfmpegInfo extends FfmpegFeatures {
  /** SRT input is compiled in. */
  readonly srt: boolean;
}

const cache = new Map<string, FfmpegInfo>();

function output(path: string, args: string[]): string {
  const r = spawnSync(path, ['-hide_banner', ...args], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, timeout: 5000 });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`;
}

/** Probes `path` for `-fps_mode` and the SRT protocol. */
export function ffmpegFeatures(path: string): FfmpegInfo {
  const hit = cache.get(path);
  if (hit) return hit;
  const info = {
    fpsMode: /-fps_mode\b/.test(output(path, ['-h', 'long'])),
    srt: /^\s*srt\s*$/m.test(output(path, ['-protocols'])),
  };
  cache.set(path, info);
  return info;
}
