/**
 * Renders a phantom video with `sagitta phantom video` (the phantom's CLI
 * contract) into a cache folder under /tmp, once per settings, and reads its
 * truth.json (spec video form: one entry per frame with frame, t, shot, held).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';

export interface TruthFrame {
  frame: number; t: number; shot: number; held: boolean;
  angles?: Record<string, number>;
  vertebrae: { label: string }[];
}

export interface PhantomVideo { video: string; truth: TruthFrame[] }

const BIN = fileURLToPath(new URL('../../bin/sagitta.js', import.meta.url));

export function phantomVideo(o: { seconds: number; fps: number; seed: number; size?: string; timeline?: unknown }): PhantomVideo {
  const key = createHash('sha1').update(JSON.stringify(o)).digest('hex').slice(0, 12);
  const out = `/tmp/monitor-tests/phantom-${key}`;
  const video = `${out}/video.mp4`, truthFile = `${out}/truth.json`;
  if (!existsSync(video) || !existsSync(truthFile)) {
    mkdirSync('/tmp/monitor-tests', { recursive: true });
    const args = [BIN, 'phantom', 'video', '--out', out, '--seconds', String(o.seconds), '--fps', String(o.fps), '--seed', String(o.seed)];
    if (o.size) args.push('--size', o.size);
    if (o.timeline) {
      const tl = `/tmp/monitor-tests/timeline-${key}.json`;
      writeFileSync(tl, JSON.stringify(o.timeline));
      args.push('--timeline', tl);
    }
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`sagitta phantom video failed (${r.status}): ${r.stderr}`);
  }
  const truth = (JSON.parse(readFileSync(truthFile, 'utf8')) as { images: TruthFrame[] }).images;
  return { video, truth };
}
