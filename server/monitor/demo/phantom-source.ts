/**
 * The `phantom` source of `sagitta monitor` (the default, what `npm start`
 * shows): a short synthetic correction clip played in a loop. The clip is
 * rendered once by `sagitta phantom video` from correction-timeline.json
 * into a cache folder (about 15–50 s depending on the machine) and reused;
 * a clip placed at server/monitor/demo/correction.mp4 is used instead.
 * (A shipped H.264 clip small enough for the repository smooths the
 * fluoroscopy noise away, and live frames then look like held ones.)
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';

/** The clip shipped with the repository. */
export const SHIPPED_CLIP = fileURLToPath(new URL('./correction.mp4', import.meta.url));

/** Settings of the demo clip (also used to render it); the correction is in correction-timeline.json. */
export const DEMO_CLIP = { seconds: 24, fps: 15, seed: 3 } as const;
const TIMELINE = fileURLToPath(new URL('./correction-timeline.json', import.meta.url));

/** Path of a playable phantom correction clip: the shipped one, or one rendered now into `cacheDir`. */
export async function phantomClip(cacheDir = join(tmpdir(), 'sagitta-demo'), log: (l: string) => void = () => undefined): Promise<string> {
  if (existsSync(SHIPPED_CLIP)) return SHIPPED_CLIP;
  const out = join(cacheDir, `phantom-${DEMO_CLIP.seed}`);
  const clip = join(out, 'video.mp4');
  if (existsSync(clip)) return clip;
  mkdirSync(cacheDir, { recursive: true });
  log(`rendering the phantom demo clip into ${out} (once)…`);
  const bin = fileURLToPath(new URL('../../../bin/sagitta.js', import.meta.url));
  // Rendered beside the cache entry and renamed when complete: an interrupted render leaves no half clip.
  const tmp = `${out}.tmp-${process.pid}`;
  const args = [bin, 'phantom', 'video', '--out', tmp, '--seconds', String(DEMO_CLIP.seconds), '--fps', String(DEMO_CLIP.fps), '--seed', String(DEMO_CLIP.seed), '--timeline', TIMELINE];
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err = (err + d.toString()).slice(-2000); });
    child.on('close', (c) => { if (c !== 0) log(err.trim()); resolve(c ?? 1); });
  });
  if (code === 0 && existsSync(join(tmp, 'video.mp4'))) renameSync(tmp, out);
  else rmSync(tmp, { recursive: true, force: true });
  if (code !== 0 || !existsSync(clip)) throw new Error(`could not render the phantom demo clip (sagitta phantom video exited with ${code}); give a --source instead`);
  return clip;
}
