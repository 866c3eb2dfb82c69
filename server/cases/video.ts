/**
 * Records the live fluoroscopy of one shot as H.264 MP4 through ffmpeg:
 * masked grayscale frames are piped in (`-f rawvideo -pix_fmt gray`), one
 * file per shot. Each frame's wall-clock time is kept so that replay can map
 * a video sample to the timeline. A frame that would have to wait on ffmpeg
 * (pipe full) is dropped rather than stalling the monitor.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolveFfmpeg } from '../ffmpeg/resolve.js';

export interface ShotVideoInfo {
  readonly file: string;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  /** Wall-clock time (ms since the epoch) of each encoded frame, in order. */
  readonly times: number[];
  dropped: number;
}

/** argv for ffmpeg: raw gray frames in on stdin, H.264 MP4 (keyframe every `gop` frames) out. */
export function videoArgs(width: number, height: number, fps: number, file: string, gop = 15): string[] {
  return [
    '-hide_banner', '-loglevel', 'error', '-nostdin',
    '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${width}x${height}`, '-framerate', String(fps), '-i', 'pipe:0',
    '-vf', 'pad=ceil(iw/2)*2:ceil(ih/2)*2',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '23', '-g', String(gop), '-pix_fmt', 'yuv420p', '-threads', '1',
    '-movflags', '+faststart', '-y', file,
  ];
}

/** One ffmpeg process encoding one shot. */
export class ShotVideo {
  readonly info: ShotVideoInfo;
  readonly #proc: ChildProcess;
  readonly #done: Promise<number | null>;
  readonly #stderr: string[] = [];
  #busy = false;
  #closed = false;

  constructor(file: string, width: number, height: number, fps: number) {
    this.info = { file, width, height, fps, times: [], dropped: 0 };
    // Own process group: a Ctrl-C to the monitor does not abort the encoder mid-file, and if the
    // monitor dies, ffmpeg sees its input close and still writes a complete MP4.
    this.#proc = spawn(resolveFfmpeg().path, videoArgs(width, height, fps, file), { stdio: ['pipe', 'ignore', 'pipe'], detached: true });
    this.#proc.stderr?.on('data', (d: Buffer) => { this.#stderr.push(d.toString()); if (this.#stderr.length > 20) this.#stderr.shift(); });
    this.#proc.stdin?.on('error', () => { /* reported through the exit code */ });
    this.#proc.stdin?.on('drain', () => { this.#busy = false; });
    this.#done = new Promise((resolve) => {
      this.#proc.on('error', (err) => { this.#stderr.push(err.message); resolve(null); });
      this.#proc.on('close', (code) => resolve(code));
    });
  }

  /** Queues one frame (`data` must not be modified afterwards). Returns false when it was dropped. */
  write(data: Uint8Array, timeMs: number): boolean {
    if (this.#closed || this.#busy || !this.#proc.stdin?.writable) { this.info.dropped++; return false; }
    this.info.times.push(timeMs);
    if (!this.#proc.stdin.write(data)) this.#busy = true;
    return true;
  }

  /** Ends the input and waits for ffmpeg; resolves to an error text, or undefined when the file is complete. */
  async close(): Promise<string | undefined> {
    if (!this.#closed) { this.#closed = true; this.#proc.stdin?.end(); }
    const code = await this.#done;
    return code === 0 ? undefined : `ffmpeg exited with ${code ?? 'an error'}: ${this.#stderr.join('').trim().slice(-300)}`;
  }
}
