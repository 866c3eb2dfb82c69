/**
 * The real `sagitta monitor` as a child process for the dashboard's
 * end-to-end tests, on a phantom video, plus a phantom clip maker.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveFfmpeg } from '../../server/ffmpeg/resolve.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(repo, 'bin', 'sagitta.js');

/** A free TCP port on 127.0.0.1 (so the monitor can be restarted on the same one). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
  });
}

/**
 * A phantom fluoroscopy clip in `dir`: `sagitta phantom video` when it is
 * available; else phantom stills (`sagitta phantom stills`) held 2 s each,
 * made into a 15 fps H.264 clip with fresh noise on every frame by ffmpeg.
 */
export function phantomClip(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const video = join(dir, 'video', 'video.mp4');
  if (existsSync(video)) return video;
  const v = spawnSync(process.execPath, [bin, 'phantom', 'video', '--out', join(dir, 'video'), '--seconds', '12', '--fps', '15', '--seed', '23', '--size', '512x512'], { encoding: 'utf8' });
  if (v.status === 0 && existsSync(video)) return video;
  const clip = join(dir, 'stills.mp4');
  if (existsSync(clip)) return clip;
  const s = spawnSync(process.execPath, [bin, 'phantom', 'stills', '--out', join(dir, 'stills'), '--n', '4', '--seed', '23', '--size', '512x512'], { encoding: 'utf8' });
  if (s.status !== 0) throw new Error(`sagitta phantom stills failed: ${s.stderr}`);
  const ff = spawnSync(resolveFfmpeg().path, ['-y', '-loglevel', 'error', '-framerate', '0.5', '-i', join(dir, 'stills', '%05d.png'),
    '-vf', 'fps=15,format=yuv420p,noise=alls=6:allf=t', '-c:v', 'libx264', '-preset', 'ultrafast', clip], { encoding: 'utf8' });
  if (ff.status !== 0) throw new Error(`ffmpeg could not make the phantom clip: ${ff.stderr}`);
  return clip;
}

export interface MonitorProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** stderr lines so far (for failure messages). */
  readonly log: string[];
  /** SIGKILL and wait for the exit. */
  kill(): Promise<void>;
}

/** Starts `sagitta monitor` with `args` on `port`; resolves once it prints its URL. */
export async function startMonitor(port: number, args: string[], timeoutMs = 90_000): Promise<MonitorProcess> {
  const child = spawn(process.execPath, [bin, 'monitor', '--port', String(port), ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  child.stderr!.on('data', (d: Buffer) => log.push(...String(d).split('\n').filter(Boolean)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`monitor did not start within ${timeoutMs} ms: ${log.slice(-10).join('\n')}`)), timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      out += String(d);
      const m = /Sagitta monitor on (\S+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]!); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`monitor exited with ${code}: ${log.slice(-10).join('\n')}`)); });
  });
  return {
    url, child, log,
    kill: async () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); await exited; },
  };
}
