/**
 * H.264 writer: ffmpeg spawned with an argv array, raw 8-bit frames piped
 * to its stdin (gray or rgb24), constant frame rate, high quality (CRF 10,
 * yuv420p so every player decodes it). Keeps the tail of ffmpeg's stderr
 * for the error message.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolveFfmpeg } from '../ffmpeg/resolve.js';

export interface EncoderOptions {
  path: string;
  width: number;
  height: number;
  /** Frames per second (constant). */
  fps: number;
  /** 'gray' (1 byte per pixel) or 'rgb24' (3). */
  pixFmt?: 'gray' | 'rgb24';
  /** x264 constant rate factor (lower = better; default 10). */
  crf?: number;
}

/** Frame rate as an exact ffmpeg rational, e.g. 7.5 → "15/2", 29.97 → "2997/100". */
export function rational(fps: number): string {
  for (const den of [1, 2, 4, 5, 8, 10, 100, 1000, 1001]) {
    const num = fps * den;
    if (Math.abs(num - Math.round(num)) < 1e-9) return `${Math.round(num)}/${den}`;
  }
  return `${Math.round(fps * 1000)}/1000`;
}

export class VideoEncoder {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly stderr: string[] = [];
  private readonly done: Promise<void>;
  private readonly frameBytes: number;

  constructor(readonly o: EncoderOptions) {
    const rate = rational(o.fps);
    const pixFmt = o.pixFmt ?? 'gray';
    this.frameBytes = o.width * o.height * (pixFmt === 'gray' ? 1 : 3);
    const args = [
      '-hide_banner', '-loglevel', 'error', '-nostdin',
      '-f', 'rawvideo', '-pix_fmt', pixFmt, '-s', `${o.width}x${o.height}`, '-framerate', rate, '-i', 'pipe:0',
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', String(o.crf ?? 10), '-pix_fmt', 'yuv420p',
      '-r', rate, '-vsync', 'cfr', '-movflags', '+faststart', '-y', o.path,
    ];
    this.proc = spawn(resolveFfmpeg().path, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr.on('data', (b: Buffer) => { this.stderr.push(b.toString()); if (this.stderr.length > 40) this.stderr.shift(); });
    this.proc.stdout.resume();
    this.proc.stdin.on('error', () => { /* reported through the exit code */ });
    this.done = new Promise((resolve, reject) => {
      this.proc.on('error', (err) => reject(new Error(`ffmpeg could not start: ${err.message}`)));
      this.proc.on('close', (code, signal) => {
        if (code === 0) resolve();
        else reject(new Error(`ffmpeg ${signal ? `was killed by ${signal}` : `exited with code ${code}`} writing ${o.path}: ${this.stderr.join('').trim().split('\n').slice(-5).join(' | ')}`));
      });
    });
    this.done.catch(() => undefined);
  }

  /** Writes one frame (exactly width × height × channels bytes); waits when ffmpeg's pipe is full. */
  async write(frame: Uint8Array): Promise<void> {
    if (frame.length !== this.frameBytes) throw new Error(`frame has ${frame.length} bytes, expected ${this.frameBytes}`);
    if (!this.proc.stdin.write(frame)) {
      await Promise.race([new Promise<void>((r) => this.proc.stdin.once('drain', () => r())), this.done]);
    }
  }

  /** Ends the stream and waits for ffmpeg to finish the file. */
  async close(): Promise<void> {
    this.proc.stdin.end();
    await this.done;
  }

  /** Stops ffmpeg (after an error elsewhere). */
  abort(): void { this.proc.kill('SIGKILL'); }
}
