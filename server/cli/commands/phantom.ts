/**
 * `sagitta phantom stills|video …`: synthetic lateral spine fluoroscopy with
 * exact ground truth (see docs/phantom.md).
 */
import { intOption, parseCommandArgs, sizeOption, numberOption } from '../args.js';
import { CliError } from '../errors.js';
import { readFileSync } from 'node:fs';
import { writeStills, prepareOutDir } from '../../phantom/stills.js';
import { validateTimeline, TimelineError, type Timeline } from '../../phantom/timeline.js';
import { writeVideo } from '../../phantom/video.js';

export const summary = 'Synthetic spine fluoroscopy with exact truth: `phantom stills` (PNG + annotations.json), `phantom video` (MP4 + truth.json)';

const STILLS_HELP = `Usage: sagitta phantom stills --out DIR --n N --seed S [--size WxH] [--bits 8|16] [--hard] [--metal] [--overlay] [--workers K]

Writes N lateral spine images (PNG, default 1024x1024, 8-bit) and annotations.json
(format spine-landmarks/1). --hard forces heavy noise, metal, black edges and
partial fields; --metal puts implants and instruments (screws, rods, cages,
retractors, wires) in every image with the normal look (an implant-rich training
set); --overlay also writes NNNNN-overlay.png with the truth drawn.
`;

const VIDEO_HELP = `Usage: sagitta phantom video --out DIR --seconds T --fps F --seed S [--size WxH] [--timeline FILE] [--overlay]

Writes video.mp4 (H.264, constant frame rate F) and truth.json (one entry per frame).
`;

async function stills(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    out: { type: 'string' }, n: { type: 'string' }, seed: { type: 'string' }, size: { type: 'string' }, bits: { type: 'string' },
    hard: { type: 'boolean' }, metal: { type: 'boolean' }, overlay: { type: 'boolean' }, workers: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  });
  if (values.help) { process.stdout.write(STILLS_HELP); return 0; }
  if (typeof values.out !== 'string' || values.out === '') throw new CliError('--out DIR is required');
  if (values.n === undefined) throw new CliError('--n N is required (number of images, at least 1)');
  const n = intOption(values.n, 'n', 1, 1, 10_000_000);
  const seed = intOption(values.seed, 'seed', 1, 0, 2 ** 53);
  const { width, height } = sizeOption(values.size, 'size', { width: 1024, height: 1024 }, 64, 8192);
  const bits = intOption(values.bits, 'bits', 8, 8, 16);
  if (bits !== 8 && bits !== 16) throw new CliError(`--bits must be 8 or 16, got "${String(values.bits)}"`);
  const workers = values.workers === undefined ? undefined : intOption(values.workers, 'workers', 1, 0, 256);
  try { prepareOutDir(values.out); } catch (err) { throw new CliError(`--out: ${(err as Error).message}`, 1); }
  const t0 = performance.now();
  let lastReport = 0;
  const ds = await writeStills({
    out: values.out, n, seed, width, height, bits, hard: values.hard === true, metal: values.metal === true, overlay: values.overlay === true, workers,
    onProgress: (done, total) => {
      const now = performance.now();
      if (process.stderr.isTTY && (now - lastReport > 500 || done === total)) { lastReport = now; process.stderr.write(`\r${done}/${total}`); }
    },
  });
  const s = (performance.now() - t0) / 1000;
  if (process.stderr.isTTY) process.stderr.write('\n');
  process.stdout.write(`wrote ${ds.images.length} images (${width}x${height}, ${bits}-bit) and annotations.json to ${values.out} in ${s.toFixed(1)} s (${(n / s).toFixed(1)}/s)\n`);
  return 0;
}

async function video(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    out: { type: 'string' }, seconds: { type: 'string' }, fps: { type: 'string' }, seed: { type: 'string' }, size: { type: 'string' },
    timeline: { type: 'string' }, overlay: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  });
  if (values.help) { process.stdout.write(VIDEO_HELP); return 0; }
  if (typeof values.out !== 'string' || values.out === '') throw new CliError('--out DIR is required');
  const seconds = numberOption(values.seconds, 'seconds', 30, 0.1, 3600);
  const fps = numberOption(values.fps, 'fps', 30, 1, 120);
  const seed = intOption(values.seed, 'seed', 1, 0, 2 ** 53);
  const { width, height } = sizeOption(values.size, 'size', { width: 720, height: 720 }, 64, 4096);
  if (width % 2 || height % 2) throw new CliError(`--size must have even sides for H.264, got "${String(values.size)}"`);
  let timeline: Timeline | undefined;
  if (values.timeline !== undefined) {
    const file = String(values.timeline);
    let raw: unknown;
    try { raw = JSON.parse(readFileSync(file, 'utf8')); } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new CliError(`--timeline "${file}": ${e.code === 'ENOENT' ? 'no such file' : e instanceof SyntaxError ? `not valid JSON (${e.message})` : e.message}`);
    }
    try { timeline = validateTimeline(raw, seconds); } catch (err) {
      if (err instanceof TimelineError) throw new CliError(`--timeline "${file}": ${err.message}`);
      throw err;
    }
  }
  try { prepareOutDir(values.out); } catch (err) { throw new CliError(`--out: ${(err as Error).message}`, 1); }
  const t0 = performance.now();
  const ds = await writeVideo({
    out: values.out, seconds, fps, seed, width, height, timeline, overlay: values.overlay === true,
    onProgress: (done, total) => { if (process.stderr.isTTY && (done % 30 === 0 || done === total)) process.stderr.write(`\r${done}/${total}`); },
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  const live = ds.images.filter((f) => f.held === false && (f.shot ?? -1) >= 0).length;
  process.stdout.write(`wrote ${ds.images.length} frames (${live} live, ${width}x${height} at ${fps} fps) to ${values.out}/video.mp4 and truth.json in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  return 0;
}

/** `--n -1` → `--n=-1`, so that a negative number reaches the range check and its clear message. */
function joinNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!, b = argv[i + 1];
    if (/^--[a-z]+$/.test(a) && b !== undefined && /^-\d/.test(b)) { out.push(`${a}=${b}`); i++; } else out.push(a);
  }
  return out;
}

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest0] = argv;
  const rest = joinNegativeValues(rest0);
  if (sub === 'stills') return stills(rest);
  if (sub === 'video') return video(rest);
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(`${STILLS_HELP}\n${VIDEO_HELP}`);
    return sub === undefined ? 2 : 0;
  }
  throw new CliError(`unknown subcommand "${sub}": use \`phantom stills\` or \`phantom video\``);
}
